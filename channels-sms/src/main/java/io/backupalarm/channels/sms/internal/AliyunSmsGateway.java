package io.backupalarm.channels.sms.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupalarm.channels.sms.AliyunSmsSettings;
import io.backupalarm.channels.sms.SmsGateway;
import io.backupalarm.channels.sms.SmsRequest;
import io.backupalarm.spi.DeliveryResult;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Alibaba Cloud SMS: Dysmsapi {@code SendSms}, API version 2017-05-25, posted as a form and
 * signed with the RPC signature V1.0 (HMAC-SHA1, {@link AliyunRpcSignature}).
 *
 * <p>Failures are classified from the documented error codes: rate limits
 * ({@code isv.BUSINESS_LIMIT_CONTROL}, day and month limits, {@code Throttling*}),
 * {@code isp.SYSTEM_ERROR} and HTTP 5xx are temporary; an illegal number, a refused template or
 * sign name, bad credentials and everything else are permanent. {@code SendSms} is not
 * idempotent, so a request that got no answer may have been sent; the idempotency key goes in
 * {@code OutId} so that it can be found in the delivery receipts.
 *
 * <p>Thread-safe: the HTTP client is thread-safe and the settings immutable.
 */
public final class AliyunSmsGateway implements SmsGateway {

    /** What a retry after an unanswered request risks. */
    public static final String RETRY_RISK = "SendSms is not idempotent, so a retry may send the text twice; "
            + "the idempotency key is in OutId for QuerySendDetails";

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private static final Set<String> TEMPORARY_CODES = Set.of(
            "isv.BUSINESS_LIMIT_CONTROL", "isv.DAY_LIMIT_CONTROL", "isv.MONTH_LIMIT_CONTROL",
            "isp.SYSTEM_ERROR", "ServiceUnavailable", "InternalError");

    private final AliyunSmsSettings settings;
    private final HttpClient client;
    private final Secrets secrets;

    /**
     * Creates the gateway.
     *
     * @param settings the settings
     */
    public AliyunSmsGateway(AliyunSmsSettings settings) {
        this.settings = settings;
        this.client = HttpSupport.client(settings.connectTimeout());
        this.secrets = new Secrets(settings.accessKeySecret());
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
                    + " messages (setting templateCode." + request.kind() + ")");
        }
        TreeMap<String, String> params = new TreeMap<>();
        params.put("AccessKeyId", settings.accessKeyId());
        params.put("Action", "SendSms");
        params.put("Format", "JSON");
        params.put("RegionId", settings.regionId());
        params.put("SignatureMethod", "HMAC-SHA1");
        params.put("SignatureNonce", settings.nonces().get());
        params.put("SignatureVersion", "1.0");
        params.put("Timestamp", TIMESTAMP.format(settings.clock().instant().truncatedTo(ChronoUnit.SECONDS)));
        params.put("Version", "2017-05-25");
        // International format without the plus: the documented form for both domestic (86...)
        // and international numbers.
        params.put("PhoneNumbers", request.to().substring(1));
        params.put("SignName", settings.signName());
        params.put("TemplateCode", template.get());
        if (!request.data().isEmpty()) {
            params.put("TemplateParam", Json.write(new TreeMap<>(request.data())));
        }
        params.put("OutId", request.idempotencyKey());
        params.put("Signature", AliyunRpcSignature.sign(settings.accessKeySecret(),
                AliyunRpcSignature.stringToSign("POST", params)));

        HttpRequest http = HttpRequest.newBuilder(settings.endpoint())
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(AliyunRpcSignature.formEncode(params)))
                .build();
        HttpSupport.Exchange exchange = HttpSupport.exchange(client, http, "aliyun SendSms to " + request.to(),
                settings.timeoutPolicy(), RETRY_RISK);
        if (exchange instanceof HttpSupport.Exchange.Failed failed) {
            return failed.result();
        }
        return classify(((HttpSupport.Exchange.Answered) exchange).response(), request);
    }

    private DeliveryResult classify(HttpResponse<String> response, SmsRequest request) {
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
        boolean temporary = TEMPORARY_CODES.contains(code) || code.startsWith("Throttling")
                || status == 429 || (status >= 500 && !isKnownPermanent(code));
        if (temporary) {
            return DeliveryResult.temporaryFailure(reason, HttpSupport.retryAfter(response.headers(),
                    settings.clock()));
        }
        return DeliveryResult.permanentFailure(reason);
    }

    private static boolean isKnownPermanent(String code) {
        return code.startsWith("isv.") || code.startsWith("InvalidAccessKeyId") || code.equals("SignatureDoesNotMatch")
                || code.equals("isp.RAM_PERMISSION_DENY");
    }
}
