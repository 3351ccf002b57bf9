package io.backupalarm.spi;

import io.backupalarm.text.SafeText;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP plumbing for a channel that posts to a provider over {@code java.net.http}: a client that
 * never follows redirects and can be closed, one exchange with its network failures classified
 * (nothing sent: temporary; sent but unanswered: the caller decides), and the provider's
 * {@code Retry-After}. The built-in SMS, webhook and robot channels use it, and so can an
 * integrator's own channel.
 *
 * <p>Thread-safe: the HTTP client is, and closing is guarded by an atomic flag.
 */
public final class HttpChannelClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpChannelClient.class);

    private final String channel;
    private final ExecutorService executor;
    private final HttpClient http;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Creates a client that never follows redirects (a redirect would re-send a signed POST
     * elsewhere), on daemon threads named {@code backup-alarm-http-<channel>-<n>}.
     *
     * @param channel the channel's name, for thread names and reasons
     * @param connectTimeout the connect timeout
     */
    public HttpChannelClient(String channel, Duration connectTimeout) {
        this.channel = channel;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "backup-alarm-http-" + channel + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    /**
     * Sends a request: an answer (with any status) goes to {@code classify}; a failure to get
     * one is classified here.
     *
     * <ul>
     *   <li>closed: nothing is sent, temporary;</li>
     *   <li>no connection (refused, unresolved, connect timeout): nothing was sent, temporary;</li>
     *   <li>sent but no answer in time, or the connection broke: the outcome is unknown;
     *       {@code retryUnknownOutcome} decides between temporary and permanent, and the reason
     *       says what a retry risks ({@code retryRisk});</li>
     *   <li>interrupted: temporary, and the thread's interrupt flag is restored.</li>
     * </ul>
     *
     * The reason quotes the exception's message escaped ({@link SafeText#printable(String)});
     * the exception is logged at DEBUG with its stack trace.
     *
     * @param request the request
     * @param what what is sent, for reasons ({@code "twilio message to +1..."})
     * @param retryUnknownOutcome whether an unknown outcome is a temporary failure (retried) rather
     *        than a permanent one
     * @param retryRisk what a retry of this channel risks, for the reason
     * @param classify turns the provider's answer into a result
     * @return the result
     */
    public DeliveryResult send(HttpRequest request, String what, boolean retryUnknownOutcome, String retryRisk,
            Function<HttpResponse<String>, DeliveryResult> classify) {
        if (closed.get()) {
            return DeliveryResult.temporaryFailure(what + ": the " + channel + " channel is closed; nothing was sent");
        }
        return exchange(http, request, what, retryUnknownOutcome, retryRisk, classify);
    }

    /**
     * Releases the client's threads: on Java 21 and later the HTTP client is closed first
     * (it waits for requests under way), then the executor is shut down. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // HttpClient is AutoCloseable from Java 21 on; this module is compiled for Java 17.
        Object client = http;
        if (client instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("closing the {} HTTP client failed: {}", channel, SafeText.describe(e),
                        SafeText.loggable(e));
            }
        }
        executor.shutdown();
    }

    /** Sends a request and classifies a failure to get an answer; see {@link #send(HttpRequest, String, boolean, String, Function)}. */
    private static DeliveryResult exchange(HttpClient client, HttpRequest request, String channel,
            boolean retryUnknownOutcome, String retryRisk, Function<HttpResponse<String>, DeliveryResult> classify) {
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            return DeliveryResult.temporaryFailure(channel + ": could not connect in time; nothing was sent");
        } catch (ConnectException e) {
            logged(channel, e);
            return DeliveryResult.temporaryFailure(channel + ": could not connect (" + brief(e) + "); nothing was sent");
        } catch (HttpTimeoutException e) {
            return unknownOutcome(channel, "no answer within "
                    + request.timeout().map(Duration::toString).orElse("the timeout"), retryUnknownOutcome, retryRisk);
        } catch (IOException e) {
            if (e.getCause() instanceof UnresolvedAddressException) {
                return DeliveryResult.temporaryFailure(channel + ": host not found; nothing was sent");
            }
            logged(channel, e);
            return unknownOutcome(channel, "connection failed (" + brief(e) + ")", retryUnknownOutcome, retryRisk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryResult.temporaryFailure(channel + ": interrupted while sending; outcome unknown");
        }
        return classify.apply(response);
    }

    /** The exception's simple class name and escaped message, cut short, for a reason. */
    private static String brief(Exception e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + SafeText.printable(e.getMessage()));
    }

    private static void logged(String channel, Exception e) {
        LOG.debug("{}: {}", channel, SafeText.describe(e), SafeText.loggable(e));
    }

    private static DeliveryResult unknownOutcome(String channel, String what, boolean retryUnknownOutcome, String retryRisk) {
        if (retryUnknownOutcome) {
            return DeliveryResult.temporaryFailure(channel + ": " + what + "; the outcome is unknown and "
                    + "will be retried (" + retryRisk + ")");
        }
        return DeliveryResult.permanentFailure(channel + ": " + what + "; the outcome is unknown and is not "
                + "retried (" + retryRisk + ")");
    }

    /**
     * The pause a {@code Retry-After} header asks for: delta-seconds or an HTTP date.
     *
     * @param headers the response headers
     * @param clock the clock to measure an HTTP date against
     * @return the pause (never negative), or {@code null} if absent or unreadable
     */
    public static Duration retryAfter(HttpHeaders headers, Clock clock) {
        Optional<String> value = headers.firstValue("Retry-After").map(String::strip);
        if (value.isEmpty() || value.get().isEmpty()) {
            return null;
        }
        String text = value.get();
        if (text.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(text));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration pause = Duration.between(clock.instant(), at.toInstant());
            return pause.isNegative() ? Duration.ZERO : pause;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
