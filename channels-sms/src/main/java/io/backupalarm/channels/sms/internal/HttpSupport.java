package io.backupalarm.channels.sms.internal;

import io.backupalarm.channels.sms.TimeoutPolicy;
import io.backupalarm.spi.DeliveryResult;
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
import java.util.function.Function;

/**
 * HTTP plumbing shared by the gateways: one exchange with its network failures classified,
 * and the {@code Retry-After} header.
 *
 * <p>Stateless and thread-safe.
 */
public final class HttpSupport {

    private HttpSupport() {
    }

    /**
     * A client that never follows redirects (a redirect would re-send a signed POST elsewhere).
     *
     * @param connectTimeout the connect timeout
     * @return a new client
     */
    public static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Sends a request: an answer (with any status) goes to {@code classify}; a failure to get one
     * is classified here.
     *
     * <ul>
     *   <li>no connection (refused, unresolved, connect timeout): nothing was sent, temporary;</li>
     *   <li>sent but no answer in time, or the connection broke: the outcome is unknown;
     *       {@code policy} decides between temporary and permanent, and the reason says what a
     *       retry risks ({@code retryRisk});</li>
     *   <li>interrupted: temporary, and the thread's interrupt flag is restored.</li>
     * </ul>
     *
     * @param client the client
     * @param request the request
     * @param gateway the gateway's name, for reasons
     * @param policy what to report for an unknown outcome
     * @param retryRisk what a retry of this gateway risks, for the reason
     * @param classify turns the provider's answer into a result
     * @return the result
     */
    public static DeliveryResult send(HttpClient client, HttpRequest request, String gateway,
            TimeoutPolicy policy, String retryRisk, Function<HttpResponse<String>, DeliveryResult> classify) {
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            return DeliveryResult.temporaryFailure(gateway + ": could not connect in time; nothing was sent");
        } catch (ConnectException e) {
            return DeliveryResult.temporaryFailure(gateway + ": could not connect ("
                    + e.getClass().getSimpleName() + "); nothing was sent");
        } catch (HttpTimeoutException e) {
            return unknownOutcome(gateway, "no answer within "
                    + request.timeout().map(Duration::toString).orElse("the timeout"), policy, retryRisk);
        } catch (IOException e) {
            if (e.getCause() instanceof UnresolvedAddressException) {
                return DeliveryResult.temporaryFailure(gateway + ": host not found; nothing was sent");
            }
            return unknownOutcome(gateway, "connection failed (" + e.getClass().getSimpleName() + ")",
                    policy, retryRisk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryResult.temporaryFailure(gateway + ": interrupted while sending; outcome unknown");
        }
        return classify.apply(response);
    }

    private static DeliveryResult unknownOutcome(String gateway, String what, TimeoutPolicy policy, String retryRisk) {
        if (policy == TimeoutPolicy.RETRY) {
            return DeliveryResult.temporaryFailure(gateway + ": " + what + "; the outcome is unknown and "
                    + "will be retried (" + retryRisk + ")");
        }
        return DeliveryResult.permanentFailure(gateway + ": " + what + "; the outcome is unknown and is not "
                + "retried (TimeoutPolicy.DO_NOT_RETRY; " + retryRisk + ")");
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
