package io.backupalarm.channels.sms.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupalarm.channels.sms.SmsGateway;
import io.backupalarm.channels.sms.SmsRequest;
import io.backupalarm.channels.sms.SmsSegments;
import io.backupalarm.channels.sms.TimeoutPolicy;
import io.backupalarm.channels.sms.WebhookSignature;
import io.backupalarm.channels.sms.WebhookSmsSettings;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.HttpChannelClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The generic HTTPS webhook: posts each text as JSON, signed with HMAC-SHA256 over the
 * timestamp and the body ({@link WebhookSignature}), with the idempotency key in the
 * {@code Idempotency-Key} header and in the body.
 *
 * <p>2xx is delivered (the receipt is the answer's JSON {@code id}, if any); 408, 425, 429 and
 * 5xx are temporary, honouring {@code Retry-After}; every other status is permanent, with the
 * receiver's answer in the reason.
 *
 * <p>Thread-safe: the HTTP client is thread-safe and the settings immutable. {@link #close()}
 * releases the client's threads.
 */
public final class WebhookSmsGateway implements SmsGateway {

    /** What a retry after an unanswered request risks. */
    public static final String RETRY_RISK = "a retry sends the same Idempotency-Key, so a receiver that drops "
            + "duplicates by key sends the text once";

    private final WebhookSmsSettings settings;
    private final HttpChannelClient client;
    private final Secrets secrets;

    /**
     * Creates the gateway.
     *
     * @param settings the settings
     */
    public WebhookSmsGateway(WebhookSmsSettings settings) {
        this.settings = settings;
        this.client = new HttpChannelClient("sms-webhook", settings.transport().connectTimeout());
        this.secrets = new Secrets(settings.secret());
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public DeliveryResult send(SmsRequest request) {
        SmsSegments.Length length = request.length();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("idempotencyKey", request.idempotencyKey());
        json.put("to", request.to());
        json.put("text", request.text());
        json.put("kind", request.kind().name());
        json.put("locale", request.locale().toLanguageTag());
        json.put("encoding", length.encoding().name());
        json.put("segments", length.segments());
        json.put("data", new TreeMap<>(request.data()));
        byte[] body = Json.write(json).getBytes(StandardCharsets.UTF_8);
        long timestamp = settings.transport().clock().instant().getEpochSecond();

        HttpRequest http = HttpRequest.newBuilder(settings.url())
                .timeout(settings.transport().requestTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Accept", "application/json")
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(settings.secret(), timestamp, body))
                .header(WebhookSignature.IDEMPOTENCY_HEADER, request.idempotencyKey())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return client.send(http, "webhook text to " + request.to(), settings.transport().timeoutPolicy() == TimeoutPolicy.RETRY,
                RETRY_RISK, response -> classify(response, request));
    }

    /** Releases the HTTP client's threads; sends after closing are temporary failures. Idempotent. */
    @Override
    public void close() {
        client.close();
    }

    private DeliveryResult classify(HttpResponse<String> response, SmsRequest request) {
        int status = response.statusCode();
        JsonNode answer = Json.read(response.body());
        if (status >= 200 && status < 300) {
            return DeliveryResult.delivered(Json.text(answer, "id"));
        }
        String said = answer.isObject() && !Json.text(answer, "message").isEmpty()
                ? Json.text(answer, "message") : response.body();
        String reason = "webhook text to " + request.to() + " failed: HTTP " + status
                + (said == null || said.isBlank() ? "" : ", '" + secrets.redact(said) + "'");
        if (status == 408 || status == 425 || status == 429 || status >= 500) {
            return DeliveryResult.temporaryFailure(reason, HttpChannelClient.retryAfter(response.headers(),
                    settings.transport().clock()));
        }
        return DeliveryResult.permanentFailure(reason);
    }
}
