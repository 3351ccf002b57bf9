package io.backupalarm.channels.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupalarm.channels.webhook.internal.Endpoints;
import io.backupalarm.channels.webhook.internal.Json;
import io.backupalarm.channels.webhook.internal.WebhookPayload;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.HttpChannelClient;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.text.SafeText;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signed webhook channel, {@value Channel#WEBHOOK}: posts each message as a versioned JSON
 * document to the address (an {@code https} URL), with the Standard Webhooks headers
 * {@code webhook-id} (the message's idempotency key), {@code webhook-timestamp} and, when the
 * address names a secret, {@code webhook-signature} (see {@link WebhookSignature}).
 *
 * <p>How an answer is read:
 * <ul>
 *   <li>2xx: delivered; the receipt is the answer's JSON {@code id}, else its
 *       {@code X-Request-Id} header, else {@code HTTP <status>};</li>
 *   <li>408, 429 and 5xx: temporary, with the receiver's {@code Retry-After};</li>
 *   <li>3xx: permanent; redirects are never followed (a signed request would go elsewhere), the
 *       address must be updated;</li>
 *   <li>any other status: permanent;</li>
 *   <li>no connection: temporary, nothing was sent;</li>
 *   <li>sent but no answer in time, or the connection broke: the outcome is unknown and the
 *       message is retried with the same {@code webhook-id}, which the receiver uses to drop the
 *       duplicate.</li>
 * </ul>
 * An address that names a secret the {@link WebhookSettings#secrets() resolver} does not know,
 * or whose value is not a Standard Webhooks secret, fails for good, naming the secret's id and
 * never its value; an address that names no secret is sent unsigned.
 *
 * <p>Thread-safe: the HTTP client is thread-safe and the settings immutable. {@link #close()}
 * releases the client's threads.
 */
public final class WebhookChannel implements Channel {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookChannel.class);

    /** What a retry after an unknown outcome risks, for reasons. */
    static final String RETRY_RISK = "a retry sends the same webhook-id, so a receiver that drops duplicates "
            + "by webhook-id acts once";

    private final WebhookSettings settings;
    private final HttpChannelClient client;

    private WebhookChannel(WebhookSettings settings) {
        this.settings = settings;
        this.client = new HttpChannelClient(Channel.WEBHOOK, settings.connectTimeout());
    }

    /**
     * Creates the channel.
     *
     * @param settings the settings
     * @return the channel; the caller closes it
     */
    public static WebhookChannel of(WebhookSettings settings) {
        return new WebhookChannel(Objects.requireNonNull(settings, "settings"));
    }

    /**
     * Always {@value Channel#WEBHOOK}.
     *
     * @return {@value Channel#WEBHOOK}
     */
    @Override
    public String name() {
        return Channel.WEBHOOK;
    }

    /**
     * Posts the message to its address; see the class description for how the answer is read.
     *
     * @param message the message
     * @return the outcome, never {@code null}
     */
    @Override
    public DeliveryResult send(OutboundMessage message) {
        URI address;
        try {
            address = Endpoints.address(message.address());
        } catch (IllegalArgumentException e) {
            return DeliveryResult.permanentFailure("webhook: " + e.getMessage() + "; nothing was sent");
        }
        String what = "webhook to " + Endpoints.shown(address, false);
        String secretId = message.data().get(OutboundMessage.DataKeys.SECRET);
        List<byte[]> keys = List.of();
        if (secretId != null) {
            Optional<String> secret;
            try {
                secret = settings.secrets().secret(secretId);
            } catch (IllegalArgumentException e) {
                return DeliveryResult.permanentFailure(what + ": secret id '" + SafeText.printable(secretId)
                        + "' is refused by the secret resolver (" + SafeText.printable(e.getMessage())
                        + "); nothing was sent");
            } catch (RuntimeException e) {
                // A resolver that cannot read its store now (a file, a vault) may read it later.
                LOG.warn("{}: reading secret '{}' failed: {}", what, SafeText.escape(secretId), SafeText.describe(e),
                        SafeText.loggable(e));
                return DeliveryResult.temporaryFailure(what + ": secret '" + SafeText.printable(secretId)
                        + "' could not be read (" + e.getClass().getSimpleName() + "); nothing was sent");
            }
            if (secret.isEmpty()) {
                return DeliveryResult.permanentFailure(what + ": secret '" + SafeText.printable(secretId)
                        + "' is not known to the secret resolver; nothing was sent");
            }
            try {
                keys = WebhookSignature.keys(secret.get());
            } catch (IllegalArgumentException e) {
                return DeliveryResult.permanentFailure(what + ": secret '" + SafeText.printable(secretId) + "': "
                        + e.getMessage() + "; nothing was sent");
            }
        }
        String id = WebhookPayload.id(message.idempotencyKey());
        WebhookPayload.Body body = WebhookPayload.body(message, id);
        long timestamp = settings.clock().instant().getEpochSecond();
        HttpRequest.Builder request = HttpRequest.newBuilder(Endpoints.target(address,
                        settings.originOverride().orElse(null)))
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "backup-alarm-webhook/" + WebhookPayload.VERSION)
                .header(WebhookSignature.ID_HEADER, id)
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.buffer(), 0, body.length()));
        if (!keys.isEmpty()) {
            request.header(WebhookSignature.SIGNATURE_HEADER,
                    WebhookSignature.header(keys, id, timestamp, body.buffer(), body.length()));
        }
        return client.send(request.build(), what, true, RETRY_RISK, response -> classify(response, what));
    }

    /** Releases the HTTP client's threads; sends after closing are temporary failures. Idempotent. */
    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "WebhookChannel[" + settings + "]";
    }

    private DeliveryResult classify(HttpResponse<String> response, String what) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return DeliveryResult.delivered(receipt(response));
        }
        String reason = what + " failed: HTTP " + status + Endpoints.excerpt(response.body());
        if (status == 408 || status == 429 || status >= 500) {
            return DeliveryResult.temporaryFailure(reason,
                    HttpChannelClient.retryAfter(response.headers(), settings.clock()));
        }
        if (status >= 300 && status < 400) {
            String to = response.headers().firstValue("Location").map(WebhookChannel::origin).orElse("");
            return DeliveryResult.permanentFailure(what + " was redirected (HTTP " + status + ")"
                    + (to.isEmpty() ? "" : " to " + to) + "; redirects are not followed: update the address");
        }
        if (status == 410) {
            return DeliveryResult.permanentFailure(reason + "; the receiver is gone and asks for no more requests");
        }
        return DeliveryResult.permanentFailure(reason);
    }

    private static String receipt(HttpResponse<String> response) {
        JsonNode answer = Json.read(response.body());
        JsonNode id = answer.path("id");
        if (id.isTextual() || id.isNumber()) {
            String text = id.asText().strip();
            if (!text.isEmpty()) {
                return SafeText.printable(text);
            }
        }
        Optional<String> requestId = response.headers().firstValue("X-Request-Id").map(String::strip);
        if (requestId.isPresent() && !requestId.get().isEmpty()) {
            return SafeText.printable(requestId.get());
        }
        return "HTTP " + response.statusCode();
    }

    /** A redirect's target, shown as its origin only: its path and query may carry credentials. */
    private static String origin(String location) {
        try {
            URI uri = URI.create(location.strip());
            return uri.getHost() == null ? "another path" : SafeText.printable(uri.getScheme() + "://" + uri.getHost());
        } catch (IllegalArgumentException e) {
            return "an unreadable location";
        }
    }
}
