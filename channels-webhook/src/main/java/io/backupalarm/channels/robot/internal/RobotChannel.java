package io.backupalarm.channels.robot.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backupalarm.channels.robot.RobotSettings;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.HttpChannelClient;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.SecretResolver;
import io.backupalarm.text.SafeText;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the three robot channels share: check the address, look up the secret, keep to the send
 * limit, post JSON, and turn the answer into a result. A subclass says how its request is signed
 * and shaped and what its codes mean.
 *
 * <p>Thread-safe: the HTTP client and the limiter are; the rest is immutable.
 */
public abstract class RobotChannel implements Channel {

    private static final Logger LOG = LoggerFactory.getLogger(RobotChannel.class);
    /** One mapper for every robot; ObjectMapper is thread-safe once configured. */
    protected static final ObjectMapper JSON = new ObjectMapper();

    private static final String RETRY_RISK = "robots do not drop duplicates, so a retry may post the message twice";

    private final String name;
    private final RobotSettings settings;
    private final SecretResolver secrets;
    private final Set<String> allowedHosts;
    private final SendLimiter limiter;
    private final HttpChannelClient http;

    /**
     * Creates the channel.
     *
     * @param name the channel's name
     * @param settings the settings
     * @param secrets where secrets named by addresses are looked up
     * @param defaultHosts the provider's hosts, used when the settings name none
     * @param defaultLimits the provider's send limits, used when the settings give no limit per minute
     * @param perSecond the provider's limit per second kept with a limit per minute from the settings, or 0
     */
    protected RobotChannel(String name, RobotSettings settings, SecretResolver secrets, Set<String> defaultHosts,
            List<SendLimiter.Limit> defaultLimits, int perSecond) {
        this.name = name;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.allowedHosts = settings.allowedHosts().isEmpty() ? defaultHosts : settings.allowedHosts();
        List<SendLimiter.Limit> limits = settings.sendsPerMinute()
                .map(perMinute -> perMinute == 0 ? List.<SendLimiter.Limit>of()
                        : perSecond > 0 ? List.of(new SendLimiter.Limit(perMinute, Duration.ofMinutes(1)),
                                new SendLimiter.Limit(perSecond, Duration.ofSeconds(1)))
                        : List.of(new SendLimiter.Limit(perMinute, Duration.ofMinutes(1))))
                .orElse(defaultLimits);
        this.limiter = new SendLimiter(limits, settings.clock());
        this.http = new HttpChannelClient(name, settings.connectTimeout());
    }

    /**
     * A request's signature parts and body.
     *
     * @param extraQuery query parameters to append, encoded, or empty
     * @param body the JSON body
     */
    protected record Prepared(String extraQuery, String body) {
    }

    /**
     * Shapes (and signs) the request for a message.
     *
     * @param message the message
     * @param secret the robot's secret, or {@code null} when the address names none
     * @return the request's query additions and body
     */
    protected abstract Prepared prepare(OutboundMessage message, String secret);

    /**
     * Reads the provider's code from its answer: by default its integral {@code errcode}, as
     * DingTalk and WeCom answer.
     *
     * @param answer the parsed answer
     * @return the code, or empty if the answer has none
     */
    protected Optional<Long> code(JsonNode answer) {
        return integral(answer.get("errcode"));
    }

    /**
     * Reads the provider's message from its answer: by default its {@code errmsg}, as DingTalk and
     * WeCom answer.
     *
     * @param answer the parsed answer
     * @return the message, or an empty string
     */
    protected String message(JsonNode answer) {
        return text(answer.get("errmsg"));
    }

    /**
     * A field of an answer as a whole number.
     *
     * @param field the field, or {@code null} if absent
     * @return the number, or empty if absent or not a whole number
     */
    protected static Optional<Long> integral(JsonNode field) {
        return field != null && field.isIntegralNumber() ? Optional.of(field.asLong()) : Optional.empty();
    }

    /**
     * A field of an answer as text.
     *
     * @param field the field, or {@code null} if absent
     * @return the text, or an empty string if absent
     */
    protected static String text(JsonNode field) {
        return field == null ? "" : field.asText();
    }

    /**
     * The provider's codes.
     *
     * @return the table
     */
    protected abstract ErrorCodes errorCodes();

    /**
     * The pause after HTTP 429 without a {@code Retry-After}, or after a rate limit.
     *
     * @param response the answer
     * @return the pause
     */
    protected abstract Duration rateLimitPause(HttpResponse<String> response);

    /**
     * Whether a message to this channel uses a secret; WeCom's does not (its key is in the URL).
     *
     * @return {@code true} if requests are signed
     */
    protected boolean signs() {
        return true;
    }

    /**
     * The settings.
     *
     * @return the settings
     */
    protected final RobotSettings settings() {
        return settings;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final DeliveryResult send(OutboundMessage message) {
        try {
            return deliver(message);
        } catch (Exception e) {
            LOG.warn("{} channel: sending failed unexpectedly: {}", name, SafeText.describe(e), SafeText.loggable(e));
            return DeliveryResult.temporaryFailure(name + " channel: sending failed unexpectedly: "
                    + SafeText.describe(e));
        }
    }

    private DeliveryResult deliver(OutboundMessage message) {
        RobotEndpoint endpoint;
        try {
            endpoint = RobotEndpoint.of(name, message.address(), allowedHosts, settings.originOverride().orElse(null));
        } catch (IllegalArgumentException e) {
            return DeliveryResult.permanentFailure(e.getMessage());
        }
        String what = name + " robot " + endpoint.redacted();
        String secret = null;
        String secretId = message.data().get(OutboundMessage.DataKeys.SECRET);
        if (secretId != null && signs()) {
            Optional<String> found;
            try {
                found = secrets.secret(secretId);
            } catch (Exception e) {
                LOG.warn("{}: secret '{}' could not be read: {}", what, SafeText.printable(secretId),
                        SafeText.describe(e), SafeText.loggable(e));
                return DeliveryResult.temporaryFailure(what + ": secret '" + SafeText.printable(secretId)
                        + "' could not be read (" + SafeText.describe(e) + "); nothing was sent");
            }
            if (found.isEmpty() || found.get().isEmpty()) {
                return DeliveryResult.permanentFailure(what + ": secret '" + SafeText.printable(secretId)
                        + "' named by the address is not known to the secret resolver"
                        + (found.isPresent() ? " (it is empty)" : "") + "; nothing was sent");
            }
            secret = found.get();
        }
        limiter.prune();
        Optional<Duration> wait = limiter.acquire(endpoint.limitKey());
        if (wait.isPresent()) {
            return DeliveryResult.temporaryFailure(what + ": the client-side send limit for this robot is reached; "
                    + "nothing was sent, retried in " + wait.get(), wait.get());
        }
        Prepared prepared = prepare(message, secret);
        URI target = endpoint.target(prepared.extraQuery());
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                // Robots ignore it; a gateway or test server may use it to drop duplicates.
                .header("Idempotency-Key", message.idempotencyKey())
                .POST(HttpRequest.BodyPublishers.ofString(prepared.body(), StandardCharsets.UTF_8))
                .build();
        DeliveryResult result = http.send(request, what, settings.retryUnknownOutcome(), RETRY_RISK,
                response -> classify(what, response));
        LOG.debug("{}: {} message {}: {}", what, message.kind(), message.idempotencyKey(), result);
        return result;
    }

    private DeliveryResult classify(String what, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 429) {
            Duration pause = HttpChannelClient.retryAfter(response.headers(), settings.clock());
            return DeliveryResult.temporaryFailure(what + ": HTTP 429, rate limited; nothing was delivered",
                    pause != null ? pause : rateLimitPause(response));
        }
        JsonNode answer = null;
        try {
            JsonNode parsed = JSON.readTree(response.body());
            if (parsed != null && parsed.isObject()) {
                answer = parsed;
            }
        } catch (Exception e) {
            LOG.debug("{}: the answer is not JSON: {}", what, SafeText.describe(e));
        }
        Optional<Long> code = answer == null ? Optional.empty() : code(answer);
        if (code.isPresent()) {
            if (code.get() == 0 && status / 100 == 2) {
                return DeliveryResult.delivered("");
            }
            if (code.get() != 0) {
                return errorCodes().classify(what, code.get(), message(answer));
            }
        }
        if (status == 504 || status / 100 == 2) {
            // Accepted for sending but the answer says nothing: the robot may have posted it.
            return unknown(what, "HTTP " + status + " without a code the channel can read");
        }
        if (status / 100 == 5) {
            return DeliveryResult.temporaryFailure(what + ": HTTP " + status + "; retried later",
                    HttpChannelClient.retryAfter(response.headers(), settings.clock()));
        }
        return DeliveryResult.permanentFailure(what + ": HTTP " + status + " without a code the channel can read");
    }

    private DeliveryResult unknown(String what, String problem) {
        if (settings.retryUnknownOutcome()) {
            return DeliveryResult.temporaryFailure(what + ": " + problem + "; the outcome is unknown and will be "
                    + "retried (" + RETRY_RISK + ")");
        }
        return DeliveryResult.permanentFailure(what + ": " + problem + "; the outcome is unknown and is not retried ("
                + RETRY_RISK + ")");
    }

    /**
     * A JSON object with its members in the order given, so that a body is the same on every run
     * ({@code Map.of} iterates in an order that changes from run to run).
     *
     * @param keysAndValues a key, its value, the next key, ...
     * @return the object
     */
    protected static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            object.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return object;
    }

    /**
     * Serializes a JSON body.
     *
     * @param body the body
     * @return the JSON text
     */
    protected static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException("a robot body could not be written as JSON", e);
        }
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + settings + "]";
    }
}
