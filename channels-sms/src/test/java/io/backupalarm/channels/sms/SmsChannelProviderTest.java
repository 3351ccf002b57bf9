package io.backupalarm.channels.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ChannelProvider;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The SMS channel provider")
final class SmsChannelProviderTest {

    private static ChannelProvider provider() {
        return ServiceLoader.load(ChannelProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.channelName().equals("sms")).findFirst().orElseThrow();
    }

    private static SmsChannel create(Map<String, String> settings) {
        return (SmsChannel) provider().create(settings);
    }

    @Test
    @DisplayName("is discovered through ServiceLoader under the name sms")
    void discovered() {
        assertThat(provider()).isInstanceOf(SmsChannelProvider.class);
    }

    @Test
    @DisplayName("creates each gateway from its documented keys")
    void createsEachGateway() {
        assertThat(create(Map.of("sms.gateway", "logging")).gateway().name()).isEqualTo("logging");
        SmsChannel aliyun = create(Map.of("sms.gateway", "aliyun", "sms.aliyun.accessKeyId", "id",
                "sms.aliyun.accessKeySecret", "secret", "sms.aliyun.signName", "Sign",
                "sms.aliyun.templateCode.firing", "SMS_1", "sms.aliyun.templateCode.verificationCode", "SMS_2",
                "sms.maxSegments", "2", "sms.requestTimeout", "PT3S", "sms.timeoutPolicy", "do-not-retry",
                "sms.aliyun.signatureVersion", "acs3"));
        assertThat(aliyun.gateway().name()).isEqualTo("aliyun");
        assertThat(aliyun.settings().maxSegments()).isEqualTo(2);
        assertThat(create(Map.of("gateway", "twilio", "twilio.accountSid", "AC0123456789abcdef0123456789abcdef",
                "twilio.authToken", "t", "twilio.from", "+15017122661")).gateway().name()).isEqualTo("twilio");
        assertThat(create(Map.of("sms.gateway", "webhook", "sms.webhook.url", "https://relay.example/sms",
                "sms.webhook.secret", "a-long-enough-secret", "sms.connectTimeout", "2")).gateway().name())
                .isEqualTo("webhook");
        assertThat(create(Map.of("sms.gateway", "logging")).name()).isEqualTo(Channel.SMS);
    }

    @Test
    @DisplayName("rejects an unknown key, a missing gateway and bad values, naming the key and never a secret")
    void rejectsBadSettings() {
        assertThatThrownBy(() -> create(Map.of("sms.gateway", "logging", "sms.gatway", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sms.gatway");
        assertThatThrownBy(() -> create(Map.of())).hasMessageContaining("sms.gateway");
        assertThatThrownBy(() -> create(Map.of("sms.gateway", "carrier-pigeon"))).hasMessageContaining("sms.gateway");
        assertThatThrownBy(() -> create(Map.of("sms.gateway", "logging", "sms.maxSegments", "many")))
                .hasMessageContaining("sms.maxSegments");
        assertThatThrownBy(() -> create(Map.of("sms.gateway", "webhook", "sms.webhook.url", "https://relay.example/sms",
                "sms.webhook.secret", "tooshort-secret")))
                .hasMessageContaining("sms.webhook.secret").hasMessageNotContaining("tooshort-secret");
        assertThatThrownBy(() -> create(Map.of("sms.gateway", "aliyun", "sms.aliyun.accessKeyId", "id")))
                .hasMessageContaining("accessKeySecret");
        assertThatThrownBy(() -> create(Map.of("sms.gateway", "logging", "sms.requestTimeout", "soon")))
                .hasMessageContaining("sms.requestTimeout");
    }
}
