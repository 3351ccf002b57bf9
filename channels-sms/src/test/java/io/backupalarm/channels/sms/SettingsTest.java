package io.backupalarm.channels.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupalarm.spi.OutboundMessage;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Settings builders")
final class SettingsTest {

    @Test
    @DisplayName("reject an out-of-range maxSegments, naming the setting")
    void smsSettings() {
        assertThat(SmsSettings.ofDefaults().maxSegments()).isEqualTo(3);
        assertThat(SmsSettings.from(SmsSettings.custom().maxSegments(5).build()).build().maxSegments()).isEqualTo(5);
        assertThatThrownBy(() -> SmsSettings.custom().maxSegments(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxSegments");
        assertThatThrownBy(() -> SmsSettings.custom().maxSegments(11)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxSegments");
    }

    @Test
    @DisplayName("reject bad Alibaba values at once and missing ones at build, naming the setting")
    void aliyun() {
        AliyunSmsSettings.Builder b = AliyunSmsSettings.custom();
        assertThatThrownBy(() -> b.accessKeyId(" ")).hasMessageContaining("accessKeyId");
        assertThatThrownBy(() -> b.accessKeySecret("")).hasMessageContaining("accessKeySecret");
        assertThatThrownBy(() -> b.signName("a\nb")).hasMessageContaining("signName");
        assertThatThrownBy(() -> b.templateCode("SMS 1")).hasMessageContaining("templateCode");
        assertThatThrownBy(() -> b.templateCode(OutboundMessage.Kind.RESOLVED, ""))
                .hasMessageContaining("templateCode.RESOLVED");
        assertThatThrownBy(() -> b.endpoint("ftp://x")).hasMessageContaining("endpoint");
        assertThatThrownBy(() -> b.transport(null)).hasMessageContaining("transport");
        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accessKeyId");
        b.accessKeyId("id").accessKeySecret("secret").signName("Sign");
        assertThatThrownBy(b::build).hasMessageContaining("templateCode");
    }

    @Test
    @DisplayName("reject bad HTTP transport values at once, naming the setting, and default to 5 s, 10 s, RETRY, UTC")
    void transport() {
        HttpTransport defaults = HttpTransport.ofDefaults();
        assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.timeoutPolicy()).isEqualTo(TimeoutPolicy.RETRY);
        assertThat(defaults.clock()).isEqualTo(Clock.systemUTC());
        HttpTransport.Builder b = HttpTransport.custom();
        assertThatThrownBy(() -> b.requestTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> b.connectTimeout(Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> b.timeoutPolicy(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeoutPolicy");
        assertThatThrownBy(() -> b.clock(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clock");
        HttpTransport custom = b.requestTimeout(Duration.ofSeconds(3)).timeoutPolicy(TimeoutPolicy.DO_NOT_RETRY).build();
        HttpTransport copy = HttpTransport.from(custom).build();
        assertThat(copy.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(copy.timeoutPolicy()).isEqualTo(TimeoutPolicy.DO_NOT_RETRY);
        WebhookSmsSettings webhook = WebhookSmsSettings.custom().url("https://relay.example/sms")
                .secret("a-long-enough-secret").transport(custom).build();
        assertThat(WebhookSmsSettings.from(webhook).build().transport()).isSameAs(custom);
        assertThat(WebhookSmsSettings.custom().url("https://relay.example/sms").secret("a-long-enough-secret")
                .build().transport()).isSameAs(defaults);
    }

    @Test
    @DisplayName("reject bad Twilio values, and require exactly one of from and messagingServiceSid")
    void twilio() {
        TwilioSmsSettings.Builder b = TwilioSmsSettings.custom();
        assertThatThrownBy(() -> b.accountSid("AC123")).hasMessageContaining("accountSid");
        assertThatThrownBy(() -> b.authToken(" ")).hasMessageContaining("authToken");
        assertThatThrownBy(() -> b.from("12345")).hasMessageContaining("from");
        assertThatThrownBy(() -> b.messagingServiceSid("XX0123456789abcdef0123456789abcdef"))
                .hasMessageContaining("messagingServiceSid");
        assertThatThrownBy(() -> b.statusCallback("not a uri")).hasMessageContaining("statusCallback");
        assertThatThrownBy(() -> b.baseUrl("https://user:pw@api.twilio.com")).hasMessageContaining("baseUrl");
        b.accountSid("AC0123456789abcdef0123456789abcdef").authToken("t");
        assertThatThrownBy(b::build).hasMessageContaining("exactly one of from and messagingServiceSid");
        b.from("BackupAlarm").messagingServiceSid("MG0123456789abcdef0123456789abcdef");
        assertThatThrownBy(b::build).hasMessageContaining("exactly one of from and messagingServiceSid");
    }

    @Test
    @DisplayName("reject a short webhook secret without showing it, and a missing URL")
    void webhook() {
        WebhookSmsSettings.Builder b = WebhookSmsSettings.custom();
        assertThatThrownBy(() -> b.secret("short-secret")).hasMessageContaining("secret")
                .hasMessageNotContaining("short-secret");
        assertThatThrownBy(() -> b.url("https://")).hasMessageContaining("url");
        b.secret("a-long-enough-secret");
        assertThatThrownBy(b::build).hasMessageContaining("url");
        assertThat(b.url("https://relay.example/sms").build().toString()).doesNotContain("a-long-enough-secret");
    }
}
