package io.backupalarm.channels.sms.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupalarm.channels.sms.SmsGateway;
import io.backupalarm.channels.sms.SmsRequest;
import io.backupalarm.channels.sms.TimeoutPolicy;
import io.backupalarm.channels.sms.TwilioSmsSettings;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.HttpChannelClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Twilio Programmable Messaging: {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json},
 * a form with {@code To}, {@code From} or {@code MessagingServiceSid}, {@code Body} and an
 * optional {@code StatusCallback}, authenticated with HTTP basic auth.
 *
 * <p>HTTP 429 (code 20429: the request was never processed and is always safe to retry) and
 * 5xx are temporary, honouring {@code Retry-After}; other 4xx answers (20003 authentication,
 * 21211 invalid number, 21408/21606/21608/21610/21612/21614 and the like) are permanent, with
 * Twilio's code and message in the reason. Creating a message is not idempotent: a request that
 * got no answer may have been sent.
 *
 * <p>Thread-safe: the HTTP client is thread-safe and the settings immutable. {@link #close()}
 * releases the client's threads.
 */
public final class TwilioSmsGateway implements SmsGateway {

    /** What a retry after an unanswered request risks. */
    public static final String RETRY_RISK = "creating a Twilio message is not idempotent, so a retry may "
            + "send the text twice";

    private final TwilioSmsSettings settings;
    private final HttpChannelClient client;
    private final URI messagesUri;
    private final String authorization;
    private final Secrets secrets;

    /**
     * Creates the gateway.
     *
     * @param settings the settings
     */
    public TwilioSmsGateway(TwilioSmsSettings settings) {
        this.settings = settings;
        this.client = new HttpChannelClient("twilio", settings.transport().connectTimeout());
        String base = settings.baseUrl().toString();
        this.messagesUri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + "/2010-04-01/Accounts/" + settings.accountSid() + "/Messages.json");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (settings.accountSid() + ":" + settings.authToken()).getBytes(StandardCharsets.UTF_8));
        this.secrets = new Secrets(settings.authToken(), authorization.substring("Basic ".length()));
    }

    @Override
    public String name() {
        return "twilio";
    }

    @Override
    public DeliveryResult send(SmsRequest request) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", request.to());
        settings.fromNumber().ifPresent(from -> form.put("From", from));
        settings.messagingServiceSid().ifPresent(sid -> form.put("MessagingServiceSid", sid));
        form.put("Body", request.text());
        settings.statusCallback().ifPresent(callback -> form.put("StatusCallback", callback
                + (callback.getRawQuery() == null ? "?" : "&") + "idempotencyKey="
                + URLEncoder.encode(request.idempotencyKey(), StandardCharsets.UTF_8)));
        StringJoiner body = new StringJoiner("&");
        form.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));

        HttpRequest http = HttpRequest.newBuilder(messagesUri)
                .timeout(settings.transport().requestTimeout())
                .header("Authorization", authorization)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        return client.send(http, "twilio message to " + request.to(), settings.transport().timeoutPolicy() == TimeoutPolicy.RETRY,
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
            return DeliveryResult.delivered(Json.text(answer, "sid"));
        }
        String code = Json.text(answer, "code");
        String reason = "twilio message to " + request.to() + " failed: HTTP " + status
                + (code.isEmpty() ? "" : ", code " + secrets.redact(code))
                + (answer.isMissingNode() ? " (no JSON answer)"
                        : ", message '" + secrets.redact(Json.text(answer, "message")) + "'");
        if (status == 429) {
            return DeliveryResult.temporaryFailure(reason + "; never processed, safe to retry",
                    HttpChannelClient.retryAfter(response.headers(), settings.transport().clock()));
        }
        if (status >= 500) {
            return DeliveryResult.temporaryFailure(reason, HttpChannelClient.retryAfter(response.headers(),
                    settings.transport().clock()));
        }
        return DeliveryResult.permanentFailure(reason);
    }
}
