package io.backupalarm.channels.sms;

import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ChannelProvider;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.ProviderSettings;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Creates the {@link SmsChannel} from plain settings; listed in
 * {@code META-INF/services/io.backupalarm.spi.ChannelProvider}.
 *
 * <p>The settings are read by the rules every provider shares ({@link ProviderSettings}): keys
 * in kebab-case, durations in ISO-8601 ({@code PT5S}), a blank value counts as absent, an unknown
 * key or an old spelling ({@code sms.maxSegments}, {@code twilio.accountSid}) is rejected with
 * the right one, and every message names the channel and the key, never the value of a secret.
 * <table>
 *   <caption>Settings read by the SMS channel provider</caption>
 *   <tr><th>Key</th><th>Value</th></tr>
 *   <tr><td>{@value #GATEWAY}</td><td>required: {@code aliyun}, {@code twilio}, {@code webhook} or
 *       {@code logging}</td></tr>
 *   <tr><td>{@value #MAX_SEGMENTS}</td><td>{@link SmsSettings#maxSegments()}, 1 to 10, default 3</td></tr>
 *   <tr><td>{@value #CONNECT_TIMEOUT}, {@value #REQUEST_TIMEOUT}</td><td>ISO-8601 durations up to
 *       {@code PT5M}; defaults {@code PT5S} and {@code PT10S}</td></tr>
 *   <tr><td>{@value #TIMEOUT_POLICY}</td><td>{@code retry} (default) or {@code do-not-retry},
 *       see {@link TimeoutPolicy}</td></tr>
 *   <tr><td>{@value #ALIYUN_ACCESS_KEY_ID}, {@value #ALIYUN_ACCESS_KEY_SECRET},
 *       {@value #ALIYUN_SIGN_NAME}</td><td>required for {@code aliyun}</td></tr>
 *   <tr><td>{@value #ALIYUN_SECURITY_TOKEN}</td><td>the STS security token issued with that
 *       AccessKey pair, for temporary credentials (a host whose credentials rotate sets an
 *       {@link AliyunCredentialsProvider} in code instead)</td></tr>
 *   <tr><td>{@value #ALIYUN_TEMPLATE_CODE}</td><td>template for every kind of message without its
 *       own</td></tr>
 *   <tr><td>{@value #ALIYUN_TEMPLATE_CODE_FIRING}, {@value #ALIYUN_TEMPLATE_CODE_RESOLVED},
 *       {@value #ALIYUN_TEMPLATE_CODE_REPEAT}, {@value #ALIYUN_TEMPLATE_CODE_VERIFICATION_CODE},
 *       {@value #ALIYUN_TEMPLATE_CODE_TEST}, {@value #ALIYUN_TEMPLATE_CODE_GROUPED}</td>
 *       <td>template per kind of message</td></tr>
 *   <tr><td>{@value #ALIYUN_REGION_ID}, {@value #ALIYUN_ENDPOINT}</td><td>defaults
 *       {@code cn-hangzhou}, {@code https://dysmsapi.aliyuncs.com/}</td></tr>
 *   <tr><td>{@value #ALIYUN_SIGNATURE_VERSION}</td><td>{@code rpc-v1} (default, HMAC-SHA1) or
 *       {@code acs3} (ACS3-HMAC-SHA256), see {@link AliyunSignatureVersion}</td></tr>
 *   <tr><td>{@value #TWILIO_ACCOUNT_SID}, {@value #TWILIO_AUTH_TOKEN}</td><td>required for
 *       {@code twilio}</td></tr>
 *   <tr><td>{@value #TWILIO_FROM} or {@value #TWILIO_MESSAGING_SERVICE_SID}</td><td>exactly one
 *       required for {@code twilio}</td></tr>
 *   <tr><td>{@value #TWILIO_STATUS_CALLBACK}, {@value #TWILIO_BASE_URL}</td><td>optional</td></tr>
 *   <tr><td>{@value #WEBHOOK_URL}, {@value #WEBHOOK_SECRET}</td><td>required for
 *       {@code webhook}</td></tr>
 * </table>
 *
 * <p>The shared keys are checked whatever the gateway; keys of gateways other than the chosen
 * one are ignored, so that a host may keep the keys of several gateways and switch with
 * {@value #GATEWAY}.
 *
 * <p>Stateless and thread-safe.
 */
public final class SmsChannelProvider implements ChannelProvider {

    /** Key of the gateway: {@code aliyun}, {@code twilio}, {@code webhook} or {@code logging}. */
    public static final String GATEWAY = "gateway";
    /** Key of {@link SmsSettings#maxSegments()}. */
    public static final String MAX_SEGMENTS = "max-segments";
    /** Key of {@link HttpTransport#connectTimeout()}. */
    public static final String CONNECT_TIMEOUT = "connect-timeout";
    /** Key of {@link HttpTransport#requestTimeout()}. */
    public static final String REQUEST_TIMEOUT = "request-timeout";
    /** Key of {@link HttpTransport#timeoutPolicy()}: {@code retry} or {@code do-not-retry}. */
    public static final String TIMEOUT_POLICY = "timeout-policy";
    /** Key of {@link AliyunSmsSettings#accessKeyId()}. */
    public static final String ALIYUN_ACCESS_KEY_ID = "aliyun-access-key-id";
    /** Key of {@link AliyunSmsSettings#accessKeySecret()}. */
    public static final String ALIYUN_ACCESS_KEY_SECRET = "aliyun-access-key-secret";
    /** Key of {@link AliyunSmsSettings#securityToken()}. */
    public static final String ALIYUN_SECURITY_TOKEN = "aliyun-security-token";
    /** Key of {@link AliyunSmsSettings#signName()}. */
    public static final String ALIYUN_SIGN_NAME = "aliyun-sign-name";
    /** Key of the Alibaba template for every kind of message without its own. */
    public static final String ALIYUN_TEMPLATE_CODE = "aliyun-template-code";
    /** Key of the Alibaba template for {@code FIRING} messages. */
    public static final String ALIYUN_TEMPLATE_CODE_FIRING = "aliyun-template-code-firing";
    /** Key of the Alibaba template for {@code RESOLVED} messages. */
    public static final String ALIYUN_TEMPLATE_CODE_RESOLVED = "aliyun-template-code-resolved";
    /** Key of the Alibaba template for {@code REPEAT} messages. */
    public static final String ALIYUN_TEMPLATE_CODE_REPEAT = "aliyun-template-code-repeat";
    /** Key of the Alibaba template for {@code VERIFICATION_CODE} messages. */
    public static final String ALIYUN_TEMPLATE_CODE_VERIFICATION_CODE = "aliyun-template-code-verification-code";
    /** Key of the Alibaba template for {@code TEST} messages. */
    public static final String ALIYUN_TEMPLATE_CODE_TEST = "aliyun-template-code-test";
    /** Key of the Alibaba template for {@code GROUPED} messages (several notifications in one). */
    public static final String ALIYUN_TEMPLATE_CODE_GROUPED = "aliyun-template-code-grouped";
    /** Key of {@link AliyunSmsSettings#regionId()}. */
    public static final String ALIYUN_REGION_ID = "aliyun-region-id";
    /** Key of {@link AliyunSmsSettings#endpoint()}. */
    public static final String ALIYUN_ENDPOINT = "aliyun-endpoint";
    /** Key of {@link AliyunSmsSettings#signatureVersion()}: {@code rpc-v1} or {@code acs3}. */
    public static final String ALIYUN_SIGNATURE_VERSION = "aliyun-signature-version";
    /** Key of {@link TwilioSmsSettings#accountSid()}. */
    public static final String TWILIO_ACCOUNT_SID = "twilio-account-sid";
    /** Key of {@link TwilioSmsSettings#authToken()}. */
    public static final String TWILIO_AUTH_TOKEN = "twilio-auth-token";
    /** Key of {@link TwilioSmsSettings#fromNumber()}. */
    public static final String TWILIO_FROM = "twilio-from";
    /** Key of {@link TwilioSmsSettings#messagingServiceSid()}. */
    public static final String TWILIO_MESSAGING_SERVICE_SID = "twilio-messaging-service-sid";
    /** Key of {@link TwilioSmsSettings#statusCallback()}. */
    public static final String TWILIO_STATUS_CALLBACK = "twilio-status-callback";
    /** Key of {@link TwilioSmsSettings#baseUrl()}. */
    public static final String TWILIO_BASE_URL = "twilio-base-url";
    /** Key of {@link WebhookSmsSettings#url()}. */
    public static final String WEBHOOK_URL = "webhook-url";
    /** Key of {@link WebhookSmsSettings#secret()}. */
    public static final String WEBHOOK_SECRET = "webhook-secret";

    private static final Set<String> KEYS = Set.of(GATEWAY, MAX_SEGMENTS, CONNECT_TIMEOUT, REQUEST_TIMEOUT,
            TIMEOUT_POLICY, ALIYUN_ACCESS_KEY_ID, ALIYUN_ACCESS_KEY_SECRET, ALIYUN_SECURITY_TOKEN, ALIYUN_SIGN_NAME,
            ALIYUN_TEMPLATE_CODE,
            ALIYUN_TEMPLATE_CODE_FIRING, ALIYUN_TEMPLATE_CODE_RESOLVED, ALIYUN_TEMPLATE_CODE_REPEAT,
            ALIYUN_TEMPLATE_CODE_VERIFICATION_CODE, ALIYUN_TEMPLATE_CODE_TEST, ALIYUN_TEMPLATE_CODE_GROUPED,
            ALIYUN_REGION_ID, ALIYUN_ENDPOINT, ALIYUN_SIGNATURE_VERSION,
            TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM, TWILIO_MESSAGING_SERVICE_SID, TWILIO_STATUS_CALLBACK,
            TWILIO_BASE_URL, WEBHOOK_URL, WEBHOOK_SECRET);

    private static final Map<String, OutboundMessage.Kind> TEMPLATE_KEYS = Map.of(
            ALIYUN_TEMPLATE_CODE_FIRING, OutboundMessage.Kind.FIRING,
            ALIYUN_TEMPLATE_CODE_RESOLVED, OutboundMessage.Kind.RESOLVED,
            ALIYUN_TEMPLATE_CODE_REPEAT, OutboundMessage.Kind.REPEAT,
            ALIYUN_TEMPLATE_CODE_VERIFICATION_CODE, OutboundMessage.Kind.VERIFICATION_CODE,
            ALIYUN_TEMPLATE_CODE_TEST, OutboundMessage.Kind.TEST,
            ALIYUN_TEMPLATE_CODE_GROUPED, OutboundMessage.Kind.GROUPED);

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
     * @throws IllegalArgumentException if a key is unknown or in an old spelling, a required key
     *         missing or a value bad; the message names the channel and the key
     */
    @Override
    public Channel create(Map<String, String> settings) {
        ProviderSettings s = ProviderSettings.of(Channel.SMS, settings, KEYS);
        SmsSettings.Builder channel = SmsSettings.custom();
        s.optionalInteger(MAX_SEGMENTS, 1, SmsSettings.MAX_SEGMENTS_LIMIT).ifPresent(channel::maxSegments);
        HttpTransport transport = transport(s);
        Map<String, Function<ProviderSettings, SmsGateway>> gateways = Map.of(
                "aliyun", g -> SmsGateways.aliyun(aliyun(g, transport)),
                "twilio", g -> SmsGateways.twilio(twilio(g, transport)),
                "webhook", g -> SmsGateways.webhook(webhook(g, transport)),
                "logging", g -> SmsGateways.logging());
        SmsGateway gateway = s.choice(GATEWAY, gateways).apply(s);
        return SmsChannel.of(gateway, channel.build());
    }

    private static HttpTransport transport(ProviderSettings s) {
        HttpTransport.Builder b = HttpTransport.custom();
        s.optionalDuration(CONNECT_TIMEOUT).ifPresent(v -> s.set(CONNECT_TIMEOUT, v, b::connectTimeout));
        s.optionalDuration(REQUEST_TIMEOUT).ifPresent(v -> s.set(REQUEST_TIMEOUT, v, b::requestTimeout));
        s.optionalEnum(TIMEOUT_POLICY, TimeoutPolicy.class).ifPresent(b::timeoutPolicy);
        return b.build();
    }

    private static AliyunSmsSettings aliyun(ProviderSettings s, HttpTransport transport) {
        AliyunSmsSettings.Builder b = AliyunSmsSettings.custom().transport(transport);
        s.set(ALIYUN_ACCESS_KEY_ID, s.string(ALIYUN_ACCESS_KEY_ID), b::accessKeyId);
        s.set(ALIYUN_ACCESS_KEY_SECRET, s.string(ALIYUN_ACCESS_KEY_SECRET), b::accessKeySecret);
        s.optionalString(ALIYUN_SECURITY_TOKEN).ifPresent(v -> s.set(ALIYUN_SECURITY_TOKEN, v, b::securityToken));
        s.set(ALIYUN_SIGN_NAME, s.string(ALIYUN_SIGN_NAME), b::signName);
        s.optionalString(ALIYUN_TEMPLATE_CODE).ifPresent(v -> s.set(ALIYUN_TEMPLATE_CODE, v, b::templateCode));
        TEMPLATE_KEYS.forEach((key, kind) -> s.optionalString(key)
                .ifPresent(v -> s.set(key, v, code -> b.templateCode(kind, code))));
        if (!s.has(ALIYUN_TEMPLATE_CODE) && TEMPLATE_KEYS.keySet().stream().noneMatch(s::has)) {
            throw s.invalid(ALIYUN_TEMPLATE_CODE, "is required for the aliyun gateway, unless every kind of "
                    + "message has its own (" + String.join(", ", new TreeSet<>(TEMPLATE_KEYS.keySet()))
                    + ")");
        }
        s.optionalString(ALIYUN_REGION_ID).ifPresent(v -> s.set(ALIYUN_REGION_ID, v, b::regionId));
        s.optionalString(ALIYUN_ENDPOINT).ifPresent(v -> s.set(ALIYUN_ENDPOINT, v, b::endpoint));
        s.optionalChoice(ALIYUN_SIGNATURE_VERSION, Map.of(
                "rpc-v1", AliyunSignatureVersion.RPC_V1_HMAC_SHA1,
                "acs3", AliyunSignatureVersion.ACS3_HMAC_SHA256)).ifPresent(b::signatureVersion);
        return b.build();
    }

    private static TwilioSmsSettings twilio(ProviderSettings s, HttpTransport transport) {
        TwilioSmsSettings.Builder b = TwilioSmsSettings.custom().transport(transport);
        s.set(TWILIO_ACCOUNT_SID, s.string(TWILIO_ACCOUNT_SID), b::accountSid);
        s.set(TWILIO_AUTH_TOKEN, s.string(TWILIO_AUTH_TOKEN), b::authToken);
        if (s.has(TWILIO_FROM) == s.has(TWILIO_MESSAGING_SERVICE_SID)) {
            throw s.invalid(TWILIO_FROM, "exactly one of '" + TWILIO_FROM + "' and '" + TWILIO_MESSAGING_SERVICE_SID
                    + "' is required for the twilio gateway" + (s.has(TWILIO_FROM) ? ", not both" : ""));
        }
        s.optionalString(TWILIO_FROM).ifPresent(v -> s.set(TWILIO_FROM, v, b::from));
        s.optionalString(TWILIO_MESSAGING_SERVICE_SID)
                .ifPresent(v -> s.set(TWILIO_MESSAGING_SERVICE_SID, v, b::messagingServiceSid));
        s.optionalString(TWILIO_STATUS_CALLBACK).ifPresent(v -> s.set(TWILIO_STATUS_CALLBACK, v, b::statusCallback));
        s.optionalString(TWILIO_BASE_URL).ifPresent(v -> s.set(TWILIO_BASE_URL, v, b::baseUrl));
        return b.build();
    }

    private static WebhookSmsSettings webhook(ProviderSettings s, HttpTransport transport) {
        WebhookSmsSettings.Builder b = WebhookSmsSettings.custom().transport(transport);
        s.set(WEBHOOK_URL, s.string(WEBHOOK_URL), b::url);
        s.set(WEBHOOK_SECRET, s.string(WEBHOOK_SECRET), b::secret);
        return b.build();
    }
}
