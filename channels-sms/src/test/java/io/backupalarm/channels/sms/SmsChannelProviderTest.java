package io.backupalarm.channels.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ChannelProvider;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("The SMS channel provider")
final class SmsChannelProviderTest {

    private static final String SID = "AC0123456789abcdef0123456789abcdef";

    private static ChannelProvider provider() {
        return ServiceLoader.load(ChannelProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.channelName().equals("sms")).findFirst().orElseThrow();
    }

    private static SmsChannel create(Map<String, String> settings) {
        return (SmsChannel) provider().create(settings);
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> settings = new HashMap<>(base);
        settings.put(key, value);
        return settings;
    }

    private static final Map<String, String> TWILIO = Map.of("gateway", "twilio", "twilio-account-sid", SID,
            "twilio-auth-token", "token-do-not-leak", "twilio-from", "+15017122661");

    @Test
    @DisplayName("is discovered through ServiceLoader under the name sms")
    void discovered() {
        assertThat(provider()).isInstanceOf(SmsChannelProvider.class);
    }

    @Test
    @DisplayName("creates each gateway from its documented keys")
    void createsEachGateway() {
        try (SmsChannel logging = create(Map.of("gateway", "logging"))) {
            assertThat(logging.gateway().name()).isEqualTo("logging");
            assertThat(logging.name()).isEqualTo(Channel.SMS);
        }
        Map<String, String> aliyun = new HashMap<>(Map.of("gateway", "aliyun", "aliyun-access-key-id", "id",
                "aliyun-access-key-secret", "secret", "aliyun-sign-name", "Sign",
                "aliyun-template-code-firing", "SMS_1", "aliyun-template-code-verification-code", "SMS_2",
                "max-segments", "2", "request-timeout", "PT3S", "timeout-policy", "do-not-retry",
                "aliyun-signature-version", "acs3"));
        aliyun.put("aliyun-region-id", "cn-shanghai");
        aliyun.put("aliyun-endpoint", "https://dysmsapi.aliyuncs.com/");
        aliyun.put("aliyun-template-code", "SMS_0");
        try (SmsChannel channel = create(aliyun)) {
            assertThat(channel.gateway().name()).isEqualTo("aliyun");
            assertThat(channel.settings().maxSegments()).isEqualTo(2);
        }
        Map<String, String> twilio = with(with(TWILIO, "twilio-status-callback", "https://ops.example/status"),
                "twilio-base-url", "https://api.twilio.com");
        try (SmsChannel channel = create(twilio)) {
            assertThat(channel.gateway().name()).isEqualTo("twilio");
        }
        try (SmsChannel channel = create(Map.of("gateway", "webhook", "webhook-url", "https://relay.example/sms",
                "webhook-secret", "a-long-enough-secret", "connect-timeout", "PT2S"))) {
            assertThat(channel.gateway().name()).isEqualTo("webhook");
        }
    }

    @Test
    @DisplayName("reads a template code per kind, test and grouped messages included, and the gateway sends each one")
    void templateCodePerKind() throws Exception {
        try (FakeAliyun aliyun = new FakeAliyun()) {
            Map<String, String> settings = new HashMap<>(Map.of("gateway", "aliyun",
                    "aliyun-access-key-id", FakeAliyun.KEY_ID, "aliyun-access-key-secret", FakeAliyun.SECRET,
                    "aliyun-sign-name", "Sign", "aliyun-endpoint", aliyun.endpoint(),
                    "aliyun-template-code-firing", "SMS_1", "aliyun-template-code-test", "SMS_5",
                    "aliyun-template-code-grouped", "SMS_6"));
            try (SmsChannel channel = create(settings)) {
                Map<OutboundMessage.Kind, String> expected = Map.of(OutboundMessage.Kind.FIRING, "SMS_1",
                        OutboundMessage.Kind.TEST, "SMS_5", OutboundMessage.Kind.GROUPED, "SMS_6");
                for (Map.Entry<OutboundMessage.Kind, String> kind : expected.entrySet()) {
                    OutboundMessage message = new OutboundMessage("key-" + kind.getKey(), Channel.SMS,
                            "+8613800138000", kind.getKey(), Locale.CHINA, "", "text", Map.of("count", "2"));
                    assertThat(channel.send(message)).isInstanceOf(DeliveryResult.Delivered.class);
                    assertThat(aliyun.server.received()).last()
                            .satisfies(r -> assertThat(r.form()).containsEntry("TemplateCode", kind.getValue()));
                }
                // REPEAT has no code of its own and there is no default: refused, naming the setting.
                DeliveryResult repeat = channel.send(new OutboundMessage("key-r", Channel.SMS, "+8613800138000",
                        OutboundMessage.Kind.REPEAT, Locale.CHINA, "", "text", Map.of()));
                assertThat(repeat).isInstanceOf(DeliveryResult.PermanentFailure.class);
                assertThat(((DeliveryResult.PermanentFailure) repeat).reason())
                        .contains("aliyun-template-code-repeat");
            }
            // The grouped code alone is enough to create the channel.
            Map<String, String> groupedOnly = new HashMap<>(settings);
            groupedOnly.remove("aliyun-template-code-firing");
            groupedOnly.remove("aliyun-template-code-test");
            try (SmsChannel channel = create(groupedOnly)) {
                assertThat(channel.gateway().name()).isEqualTo("aliyun");
            }
        }
    }

    @Test
    @DisplayName("ignores the keys of the gateways not chosen")
    void otherGatewaysKeys() {
        try (SmsChannel channel = create(Map.of("gateway", "logging", "twilio-account-sid", "not checked",
                "webhook-url", "not checked either"))) {
            assertThat(channel.gateway().name()).isEqualTo("logging");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "sms.gateway                              | gateway",
        "sms.maxSegments                          | max-segments",
        "maxSegments                              | max-segments",
        "sms.connectTimeout                       | connect-timeout",
        "requestTimeout                           | request-timeout",
        "sms.timeoutPolicy                        | timeout-policy",
        "sms.aliyun.accessKeyId                   | aliyun-access-key-id",
        "aliyun.accessKeySecret                   | aliyun-access-key-secret",
        "sms.aliyun.templateCode.verificationCode | aliyun-template-code-verification-code",
        "sms.aliyun.signatureVersion              | aliyun-signature-version",
        "twilio.accountSid                        | twilio-account-sid",
        "sms.twilio.messagingServiceSid           | twilio-messaging-service-sid",
        "sms.twilio.baseUrl                       | twilio-base-url",
        "sms.webhook.secret                       | webhook-secret",
        "webhook_url                              | webhook-url"
    })
    @DisplayName("rejects the old spellings of the keys, naming the right one")
    void oldSpellings(String old, String right) {
        assertThatIllegalArgumentException().isThrownBy(() -> create(Map.of("gateway", "logging", old, "x")))
                .withMessage("sms channel setting '" + old + "' is no longer accepted: use '" + right + "'");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "gatway          | logging     | sms channel setting 'gatway' is unknown: did you mean 'gateway'?",
        "gateway         | carrier-pigeon | sms channel setting 'gateway': must be one of aliyun, logging, twilio, webhook, not 'carrier-pigeon'",
        "gateway         | Twilio      | sms channel setting 'gateway': 'Twilio' is not accepted: use 'twilio'",
        "max-segments    | many        | sms channel setting 'max-segments': must be a whole number from 1 to 10, not 'many'",
        "max-segments    | 11          | sms channel setting 'max-segments': must be a whole number from 1 to 10, not '11'",
        "request-timeout | soon        | sms channel setting 'request-timeout': must be an ISO-8601 duration such as PT30S, PT5M or PT1H, not 'soon'",
        "request-timeout | 5           | sms channel setting 'request-timeout': '5' is not an ISO-8601 duration: write 'PT5S' for 5 seconds",
        "connect-timeout | 2s          | sms channel setting 'connect-timeout': '2s' is not an ISO-8601 duration: write 'PT2S'",
        "connect-timeout | PT6M        | sms channel setting 'connect-timeout': connectTimeout must be positive and at most PT5M: PT6M",
        "timeout-policy  | do_not_retry | sms channel setting 'timeout-policy': 'do_not_retry' is not accepted: use 'do-not-retry'",
        "twilio-from     | +1 555      | sms channel setting 'twilio-from': from must be an E.164 number or an alphanumeric sender id of up to 11 characters: '+1 555'",
        "twilio-base-url | ftp://x     | sms channel setting 'twilio-base-url': baseUrl must be an absolute http or https URI with a host, no user info and no fragment: 'ftp://x'"
    })
    @DisplayName("rejects a bad value or an unknown key with a message naming the channel and the key")
    void badValues(String key, String value, String message) {
        assertThatIllegalArgumentException().isThrownBy(() -> create(with(TWILIO, key, value))).withMessage(message);
    }

    @Test
    @DisplayName("rejects a missing gateway or required key, naming it")
    void requiredKeys() {
        assertThatIllegalArgumentException().isThrownBy(() -> create(Map.of()))
                .withMessage("sms channel setting 'gateway': is required");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> create(Map.of("gateway", "aliyun", "aliyun-access-key-id", "id")))
                .withMessage("sms channel setting 'aliyun-access-key-secret': is required");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> create(Map.of("gateway", "aliyun", "aliyun-access-key-id", "id",
                        "aliyun-access-key-secret", "secret", "aliyun-sign-name", "Sign")))
                .withMessageStartingWith("sms channel setting 'aliyun-template-code': is required for the aliyun gateway");
        Map<String, String> neither = new HashMap<>(TWILIO);
        neither.remove("twilio-from");
        assertThatIllegalArgumentException().isThrownBy(() -> create(neither))
                .withMessage("sms channel setting 'twilio-from': exactly one of 'twilio-from' and "
                        + "'twilio-messaging-service-sid' is required for the twilio gateway");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> create(with(TWILIO, "twilio-messaging-service-sid", "MG0123456789abcdef0123456789abcdef")))
                .withMessageEndingWith("is required for the twilio gateway, not both");
        assertThatIllegalArgumentException().isThrownBy(() -> create(Map.of("gateway", "webhook",
                "webhook-url", "https://relay.example/sms")))
                .withMessage("sms channel setting 'webhook-secret': is required");
    }

    @Test
    @DisplayName("never shows a secret in an error")
    void secretsNeverShown() {
        assertThatIllegalArgumentException().isThrownBy(() -> create(Map.of("gateway", "webhook",
                "webhook-url", "https://relay.example/sms", "webhook-secret", "tooshort-secret")))
                .withMessageStartingWith("sms channel setting 'webhook-secret': ")
                .withMessageNotContaining("tooshort-secret");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> create(with(TWILIO, "twilio-auth-token", "with space-do-not-leak")))
                .withMessageStartingWith("sms channel setting 'twilio-auth-token': ")
                .withMessageNotContaining("do-not-leak");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> create(Map.of("gateway", "aliyun", "aliyun-access-key-id", "id with space-x9q",
                        "aliyun-access-key-secret", "secret")))
                .withMessageStartingWith("sms channel setting 'aliyun-access-key-id': ")
                .withMessageNotContaining("x9q");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> create(with(TWILIO, "sms.twilio.authToken", "old-key-do-not-leak")))
                .withMessageNotContaining("old-key-do-not-leak");
    }
}
