package io.backupalarm.channels.sms;

import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ChannelProvider;
import io.backupalarm.spi.OutboundMessage;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Creates the {@link SmsChannel} from plain settings; listed in
 * {@code META-INF/services/io.backupalarm.spi.ChannelProvider}.
 *
 * <p>Keys (the {@code sms.} prefix may be left out):
 * <table>
 *   <caption>Settings read by the SMS channel provider</caption>
 *   <tr><th>Key</th><th>Value</th></tr>
 *   <tr><td>{@code sms.gateway}</td><td>required: {@code aliyun}, {@code twilio}, {@code webhook} or
 *       {@code logging}</td></tr>
 *   <tr><td>{@code sms.maxSegments}</td><td>{@link SmsSettings#maxSegments()}, default 3</td></tr>
 *   <tr><td>{@code sms.connectTimeout}, {@code sms.requestTimeout}</td><td>ISO-8601 duration
 *       ({@code PT5S}) or whole seconds; defaults 5 and 10 seconds</td></tr>
 *   <tr><td>{@code sms.timeoutPolicy}</td><td>{@code retry} (default) or {@code do-not-retry},
 *       see {@link TimeoutPolicy}</td></tr>
 *   <tr><td>{@code sms.aliyun.accessKeyId}, {@code sms.aliyun.accessKeySecret},
 *       {@code sms.aliyun.signName}</td><td>required for {@code aliyun}</td></tr>
 *   <tr><td>{@code sms.aliyun.templateCode}</td><td>template for every kind of message without its
 *       own</td></tr>
 *   <tr><td>{@code sms.aliyun.templateCode.firing}, {@code .resolved}, {@code .repeat},
 *       {@code .verificationCode}</td><td>template per kind of message</td></tr>
 *   <tr><td>{@code sms.aliyun.regionId}, {@code sms.aliyun.endpoint}</td><td>defaults
 *       {@code cn-hangzhou}, {@code https://dysmsapi.aliyuncs.com/}</td></tr>
 *   <tr><td>{@code sms.aliyun.signatureVersion}</td><td>{@code rpc-v1} (default, HMAC-SHA1) or
 *       {@code acs3} (ACS3-HMAC-SHA256), see {@link AliyunSignatureVersion}</td></tr>
 *   <tr><td>{@code sms.twilio.accountSid}, {@code sms.twilio.authToken}</td><td>required for
 *       {@code twilio}</td></tr>
 *   <tr><td>{@code sms.twilio.from} or {@code sms.twilio.messagingServiceSid}</td><td>exactly one
 *       required for {@code twilio}</td></tr>
 *   <tr><td>{@code sms.twilio.statusCallback}, {@code sms.twilio.baseUrl}</td><td>optional</td></tr>
 *   <tr><td>{@code sms.webhook.url}, {@code sms.webhook.secret}</td><td>required for
 *       {@code webhook}</td></tr>
 * </table>
 *
 * <p>An unknown key, a missing required key or a bad value is an
 * {@link IllegalArgumentException} naming the key (never the value of a secret). Keys of
 * gateways other than the chosen one are ignored.
 *
 * <p>Stateless and thread-safe.
 */
public final class SmsChannelProvider implements ChannelProvider {

    private static final Set<String> KEYS = Set.of(
            "sms.gateway", "sms.maxSegments", "sms.connectTimeout", "sms.requestTimeout", "sms.timeoutPolicy",
            "sms.aliyun.accessKeyId", "sms.aliyun.accessKeySecret", "sms.aliyun.signName",
            "sms.aliyun.templateCode", "sms.aliyun.templateCode.firing", "sms.aliyun.templateCode.resolved",
            "sms.aliyun.templateCode.repeat", "sms.aliyun.templateCode.verificationCode",
            "sms.aliyun.regionId", "sms.aliyun.endpoint", "sms.aliyun.signatureVersion",
            "sms.twilio.accountSid", "sms.twilio.authToken", "sms.twilio.from", "sms.twilio.messagingServiceSid",
            "sms.twilio.statusCallback", "sms.twilio.baseUrl",
            "sms.webhook.url", "sms.webhook.secret");

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public SmsChannelProvider() {
    }

    /**
     * Always {@value Channel#SMS}.
     *
     * @return {@value Channel#SMS}
     */
    @Override
    public String channelName() {
        return Channel.SMS;
    }

    /**
     * Creates the SMS channel from the keys listed in the class description.
     *
     * @param settings the settings by key
     * @return the channel
     * @throws IllegalArgumentException if a key is unknown, a required key missing or a value bad
     */
    @Override
    public Channel create(Map<String, String> settings) {
        Map<String, String> keys = new TreeMap<>();
        settings.forEach((key, value) -> {
            String full = key.startsWith("sms.") ? key : "sms." + key;
            if (!KEYS.contains(full)) {
                throw new IllegalArgumentException("unknown sms setting '" + key + "'");
            }
            keys.put(full, value == null ? "" : value.strip());
        });
        SmsSettings.Builder channel = SmsSettings.custom();
        apply(keys, "sms.maxSegments", v -> channel.maxSegments(integer("sms.maxSegments", v)));
        // Shared keys are checked whatever the gateway, so that a typo never goes unnoticed.
        apply(keys, "sms.connectTimeout", v -> duration("sms.connectTimeout", v));
        apply(keys, "sms.requestTimeout", v -> duration("sms.requestTimeout", v));
        apply(keys, "sms.timeoutPolicy", SmsChannelProvider::policy);
        String gateway = keys.get("sms.gateway");
        if (gateway == null || gateway.isEmpty()) {
            throw new IllegalArgumentException("sms.gateway is required: aliyun, twilio, webhook or logging");
        }
        SmsGateway created = switch (gateway.toLowerCase(Locale.ROOT)) {
            case "aliyun" -> SmsGateways.aliyun(aliyun(keys));
            case "twilio" -> SmsGateways.twilio(twilio(keys));
            case "webhook" -> SmsGateways.webhook(webhook(keys));
            case "logging" -> SmsGateways.logging();
            default -> throw new IllegalArgumentException(
                    "sms.gateway must be aliyun, twilio, webhook or logging: '" + gateway + "'");
        };
        return SmsChannel.of(created, channel.build());
    }

    private static AliyunSmsSettings aliyun(Map<String, String> keys) {
        AliyunSmsSettings.Builder b = AliyunSmsSettings.custom();
        apply(keys, "sms.aliyun.accessKeyId", b::accessKeyId);
        apply(keys, "sms.aliyun.accessKeySecret", b::accessKeySecret);
        apply(keys, "sms.aliyun.signName", b::signName);
        apply(keys, "sms.aliyun.templateCode", b::templateCode);
        apply(keys, "sms.aliyun.templateCode.firing", v -> b.templateCode(OutboundMessage.Kind.FIRING, v));
        apply(keys, "sms.aliyun.templateCode.resolved", v -> b.templateCode(OutboundMessage.Kind.RESOLVED, v));
        apply(keys, "sms.aliyun.templateCode.repeat", v -> b.templateCode(OutboundMessage.Kind.REPEAT, v));
        apply(keys, "sms.aliyun.templateCode.verificationCode",
                v -> b.templateCode(OutboundMessage.Kind.VERIFICATION_CODE, v));
        apply(keys, "sms.aliyun.regionId", b::regionId);
        apply(keys, "sms.aliyun.endpoint", b::endpoint);
        apply(keys, "sms.aliyun.signatureVersion", v -> b.signatureVersion(switch (v.toLowerCase(Locale.ROOT)) {
            case "rpc-v1", "hmac-sha1" -> AliyunSignatureVersion.RPC_V1_HMAC_SHA1;
            case "acs3", "acs3-hmac-sha256" -> AliyunSignatureVersion.ACS3_HMAC_SHA256;
            default -> throw new IllegalArgumentException("signatureVersion must be rpc-v1 or acs3: '" + v + "'");
        }));
        b.transport(transport(keys));
        return build("sms.aliyun.", b::build);
    }

    private static TwilioSmsSettings twilio(Map<String, String> keys) {
        TwilioSmsSettings.Builder b = TwilioSmsSettings.custom();
        apply(keys, "sms.twilio.accountSid", b::accountSid);
        apply(keys, "sms.twilio.authToken", b::authToken);
        apply(keys, "sms.twilio.from", b::from);
        apply(keys, "sms.twilio.messagingServiceSid", b::messagingServiceSid);
        apply(keys, "sms.twilio.statusCallback", b::statusCallback);
        apply(keys, "sms.twilio.baseUrl", b::baseUrl);
        b.transport(transport(keys));
        return build("sms.twilio.", b::build);
    }

    private static WebhookSmsSettings webhook(Map<String, String> keys) {
        WebhookSmsSettings.Builder b = WebhookSmsSettings.custom();
        apply(keys, "sms.webhook.url", b::url);
        apply(keys, "sms.webhook.secret", b::secret);
        b.transport(transport(keys));
        return build("sms.webhook.", b::build);
    }

    private static HttpTransport transport(Map<String, String> keys) {
        HttpTransport.Builder b = HttpTransport.custom();
        apply(keys, "sms.connectTimeout", v -> b.connectTimeout(duration("sms.connectTimeout", v)));
        apply(keys, "sms.requestTimeout", v -> b.requestTimeout(duration("sms.requestTimeout", v)));
        apply(keys, "sms.timeoutPolicy", v -> b.timeoutPolicy(policy(v)));
        return b.build();
    }

    private static void apply(Map<String, String> keys, String key, Consumer<String> setter) {
        String value = keys.get(key);
        if (value == null) {
            return;
        }
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            // The builders' messages name the setting and never show a secret.
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static <T> T build(String prefix, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + "*: " + e.getMessage(), e);
        }
    }

    private static int integer(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number: '" + value + "'", e);
        }
    }

    private static Duration duration(String key, String value) {
        if (value.matches("[0-9]{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " must be an ISO-8601 duration such as PT5S, or whole seconds: '"
                    + value + "'", e);
        }
    }

    private static TimeoutPolicy policy(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "retry" -> TimeoutPolicy.RETRY;
            case "do-not-retry", "do_not_retry" -> TimeoutPolicy.DO_NOT_RETRY;
            default -> throw new IllegalArgumentException("timeoutPolicy must be retry or do-not-retry: '" + value + "'");
        };
    }
}
