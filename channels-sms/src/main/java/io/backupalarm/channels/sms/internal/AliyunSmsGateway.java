package io.backupalarm.channels.sms.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupalarm.channels.sms.AliyunCredentials;
import io.backupalarm.channels.sms.AliyunSignatureVersion;
import io.backupalarm.channels.sms.AliyunSmsSettings;
import io.backupalarm.channels.sms.SmsGateway;
import io.backupalarm.channels.sms.SmsRequest;
import io.backupalarm.channels.sms.TimeoutPolicy;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.HttpChannelClient;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.text.SafeText;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alibaba Cloud SMS: Dysmsapi {@code SendSms}, API version 2017-05-25, posted as a form and
 * signed with the RPC signature V1.0 (HMAC-SHA1, {@link AliyunRpcSignature}) or, if so set, the
 * V3 signature ({@code ACS3-HMAC-SHA256}, {@link AliyunAcs3Signature}).
 *
 * <p>Failures are classified from the documented error codes: rate limits
 * ({@code isv.BUSINESS_LIMIT_CONTROL}, day and month limits, {@code Throttling*}),
 * {@code isp.SYSTEM_ERROR} and HTTP 5xx are temporary; an illegal number, a refused template or
 * sign name, bad credentials and everything else are permanent. {@code SendSms} is not
 * idempotent, so a request that got no answer may have been sent; the idempotency key goes in
 * {@code OutId} so that it can be found in the delivery receipts.
 *
 * <p>The credentials come from the settings' provider on every send (a fixed AccessKey pair or STS
 * token, or the host's provider). An STS security token goes into the signed request: the
 * {@code SecurityToken} parameter with the RPC signature, the {@code x-acs-security-token} header
 * (with {@code x-acs-accesskey-id}) with ACS3, as Alibaba's SDK does. A provider that throws,
 * returns null or returns expired credentials makes the send a temporary failure naming the
 * provider, and nothing is sent; {@code InvalidSecurityToken.Expired} is temporary when a provider
 * supplies the credentials (the retry asks it again) and permanent for a fixed token.
 *
 * <p>A grouped message's {@code instances} (every client it lists) are cut to the first whole
 * ids that fit {@value #TEMPLATE_VALUE_LIMIT} characters, the most Alibaba takes in one variable
 * of a notification template; {@code count} still tells how many notifications there are.
 *
 * <p>Thread-safe: the HTTP client is thread-safe and the settings immutable. {@link #close()}
 * releases the client's threads.
 */
public final class AliyunSmsGateway implements SmsGateway {

    /** What a retry after an unanswered request risks. */
    public static final String RETRY_RISK = "SendSms is not idempotent, so a retry may send the text twice; "
            + "the idempotency key is in OutId for QuerySendDetails";

    /** The most characters Alibaba takes in one variable of a notification template. */
    public static final int TEMPLATE_VALUE_LIMIT = 35;

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private static final String VERSION = "2017-05-25";
    private static final String FORM = "application/x-www-form-urlencoded";

    private static final Set<String> TEMPORARY_CODES = Set.of(
            "isv.BUSINESS_LIMIT_CONTROL", "isv.DAY_LIMIT_CONTROL", "isv.MONTH_LIMIT_CONTROL",
            "isp.SYSTEM_ERROR", "ServiceUnavailable", "InternalError");

    private static final Logger LOG = LoggerFactory.getLogger(AliyunSmsGateway.class);

    private final AliyunSmsSettings settings;
    private final HttpChannelClient client;
    /** The credentials of the last send, to keep them out of what a failing provider says. */
    private final AtomicReference<AliyunCredentials> lastCredentials = new AtomicReference<>();

    /**
     * Creates the gateway.
     *
     * @param settings the settings
     */
    public AliyunSmsGateway(AliyunSmsSettings settings) {
        this.settings = settings;
        this.client = new HttpChannelClient("aliyun", settings.transport().connectTimeout());
    }

    @Override
    public String name() {
        return "aliyun";
    }

    @Override
    public DeliveryResult send(SmsRequest request) {
        Optional<String> template = settings.templateCode(request.kind());
        if (template.isEmpty()) {
            return DeliveryResult.permanentFailure("aliyun: no template code is set for " + request.kind()
                    + " messages (setting templateCode." + request.kind() + ", provider key aliyun-template-code-"
                    + request.kind().name().toLowerCase(Locale.ROOT).replace('_', '-') + ")");
        }
        TreeMap<String, String> api = new TreeMap<>();
        // International format without the plus: the documented form for both domestic (86...)
        // and international numbers.
        api.put("PhoneNumbers", request.to().substring(1));
        api.put("SignName", settings.signName());
        api.put("TemplateCode", template.get());
        if (!request.data().isEmpty()) {
            TreeMap<String, String> params = new TreeMap<>(request.data());
            if (request.kind() == OutboundMessage.Kind.GROUPED) {
                params.computeIfPresent(OutboundMessage.DataKeys.INSTANCES, (key, all) -> firstWithinLimit(all));
            }
            api.put("TemplateParam", Json.write(params));
        }
        api.put("OutId", request.idempotencyKey());
        String what = "aliyun SendSms to " + request.to();
        AliyunCredentials credentials;
        try {
            credentials = settings.credentialsProvider().credentials();
        } catch (Exception e) {
            Secrets known = known(lastCredentials.get());
            LOG.warn("{}: credentials provider '{}' failed: {}", what, settings.credentialsName(),
                    known.redact(SafeText.describe(e)), SafeText.loggable(e, known::redact));
            return DeliveryResult.temporaryFailure(what + ": credentials provider '" + settings.credentialsName()
                    + "' failed (" + known.redact(e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())) + "); nothing was sent");
        }
        if (credentials == null) {
            return DeliveryResult.temporaryFailure(what + ": credentials provider '" + settings.credentialsName()
                    + "' returned no credentials; nothing was sent");
        }
        if (credentials.expiredAt(settings.transport().clock().instant())) {
            return DeliveryResult.temporaryFailure(what + ": credentials provider '" + settings.credentialsName()
                    + "' returned credentials (AccessKeyId " + credentials.accessKeyId() + ") that expired at "
                    + credentials.expiration().orElseThrow() + "; nothing was sent");
        }
        lastCredentials.set(credentials);
        Secrets secrets = known(credentials);
        String timestamp = TIMESTAMP.format(settings.transport().clock().instant().truncatedTo(ChronoUnit.SECONDS));
        String nonce = settings.nonces().get();
        HttpRequest http = settings.signatureVersion() == AliyunSignatureVersion.ACS3_HMAC_SHA256
                ? acs3Request(api, timestamp, nonce, credentials)
                : rpcRequest(api, timestamp, nonce, credentials);
        return client.send(http, what, settings.transport().timeoutPolicy() == TimeoutPolicy.RETRY,
                RETRY_RISK, response -> classify(response, request, secrets));
    }

    /** A redactor for the secret and the token of credentials (none if null). */
    private static Secrets known(AliyunCredentials credentials) {
        return credentials == null ? new Secrets()
                : new Secrets(credentials.accessKeySecret(), credentials.securityToken().orElse(null));
    }

    /**
     * The first comma-separated ids that fit {@link #TEMPLATE_VALUE_LIMIT} characters; a first id
     * longer than that is cut, with an ellipsis.
     */
    static String firstWithinLimit(String ids) {
        if (ids.length() <= TEMPLATE_VALUE_LIMIT) {
            return ids;
        }
        String[] each = ids.split(",");
        StringBuilder kept = new StringBuilder(each[0]);
        if (kept.length() > TEMPLATE_VALUE_LIMIT) {
            return each[0].substring(0, TEMPLATE_VALUE_LIMIT - 1) + "…";
        }
        for (int i = 1; i < each.length && kept.length() + 1 + each[i].length() <= TEMPLATE_VALUE_LIMIT; i++) {
            kept.append(',').append(each[i]);
        }
        return kept.toString();
    }

    private HttpRequest rpcRequest(TreeMap<String, String> api, String timestamp, String nonce,
            AliyunCredentials credentials) {
        TreeMap<String, String> params = new TreeMap<>(api);
        params.put("AccessKeyId", credentials.accessKeyId());
        // A common parameter, signed like every other (Alibaba's SDK puts it in before signing).
        credentials.securityToken().ifPresent(token -> params.put("SecurityToken", token));
        params.put("Action", "SendSms");
        params.put("Format", "JSON");
        params.put("RegionId", settings.regionId());
        params.put("SignatureMethod", "HMAC-SHA1");
        params.put("SignatureNonce", nonce);
        params.put("SignatureVersion", "1.0");
        params.put("Timestamp", timestamp);
        params.put("Version", VERSION);
        params.put("Signature", AliyunRpcSignature.sign(credentials.accessKeySecret(),
                AliyunRpcSignature.stringToSign("POST", params)));
        return HttpRequest.newBuilder(settings.endpoint())
                .timeout(settings.transport().requestTimeout())
                .header("Content-Type", FORM)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(AliyunRpcSignature.formEncode(params)))
                .build();
    }

    private HttpRequest acs3Request(TreeMap<String, String> api, String timestamp, String nonce,
            AliyunCredentials credentials) {
        TreeMap<String, String> form = new TreeMap<>(api);
        form.put("RegionId", settings.regionId());
        byte[] body = AliyunRpcSignature.formEncode(form).getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new TreeMap<>();
        headers.put("content-type", FORM);
        headers.put("x-acs-action", "SendSms");
        headers.put("x-acs-version", VERSION);
        headers.put("x-acs-date", timestamp);
        headers.put("x-acs-signature-nonce", nonce);
        headers.put("x-acs-content-sha256", AliyunAcs3Signature.sha256Hex(body));
        credentials.securityToken().ifPresent(token -> {
            // x-acs-* headers are signed; Alibaba's SDK sends the key id along with the token.
            headers.put("x-acs-accesskey-id", credentials.accessKeyId());
            headers.put("x-acs-security-token", token);
        });
        Map<String, String> signed = new TreeMap<>(headers);
        // The HTTP client sends Host itself, as the endpoint's authority; sign the same value.
        signed.put("host", settings.endpoint().getRawAuthority());
        String path = settings.endpoint().getRawPath() == null || settings.endpoint().getRawPath().isEmpty()
                ? "/" : settings.endpoint().getRawPath();
        String signature = AliyunAcs3Signature.sign(credentials.accessKeySecret(), AliyunAcs3Signature.stringToSign(
                AliyunAcs3Signature.canonicalRequest("POST", path, Map.of(), signed,
                        headers.get("x-acs-content-sha256"))));
        HttpRequest.Builder builder = HttpRequest.newBuilder(settings.endpoint())
                .timeout(settings.transport().requestTimeout())
                .header("Accept", "application/json")
                .header("Authorization", AliyunAcs3Signature.authorization(credentials.accessKeyId(),
                        AliyunAcs3Signature.signedHeaders(signed), signature));
        headers.forEach(builder::header);
        return builder.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** Releases the HTTP client's threads; sends after closing are temporary failures. Idempotent. */
    @Override
    public void close() {
        client.close();
    }

    private DeliveryResult classify(HttpResponse<String> response, SmsRequest request, Secrets secrets) {
        int status = response.statusCode();
        JsonNode answer = Json.read(response.body());
        String code = Json.text(answer, "Code");
        if (status == 200 && "OK".equals(code)) {
            return DeliveryResult.delivered(Json.text(answer, "BizId"));
        }
        String reason = "aliyun SendSms to " + request.to() + " failed: HTTP " + status
                + (code.isEmpty() ? "" : ", Code " + secrets.redact(code))
                + ", Message " + (answer.isMissingNode() ? "(no JSON answer)" : "'"
                + secrets.redact(Json.text(answer, "Message")) + "'")
                + (Json.text(answer, "RequestId").isEmpty() ? "" : ", RequestId "
                + secrets.redact(Json.text(answer, "RequestId")));
        boolean rotating = !settings.accessKeyId().isPresent();
        boolean temporary = TEMPORARY_CODES.contains(code) || code.startsWith("Throttling")
                || (rotating && code.equals("InvalidSecurityToken.Expired"))
                || status == 429 || (status >= 500 && !isKnownPermanent(code));
        if (temporary) {
            return DeliveryResult.temporaryFailure(reason, HttpChannelClient.retryAfter(response.headers(),
                    settings.transport().clock()));
        }
        return DeliveryResult.permanentFailure(reason);
    }

    private static boolean isKnownPermanent(String code) {
        return code.startsWith("isv.") || code.startsWith("InvalidAccessKeyId") || code.equals("SignatureDoesNotMatch")
                || code.startsWith("InvalidSecurityToken")
                || code.equals("isp.RAM_PERMISSION_DENY");
    }
}
