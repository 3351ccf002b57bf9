package io.backupalarm.channels.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ChannelProvider;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The email channel provider")
final class EmailChannelProviderTest {

    private static Map<String, String> minimal() {
        Map<String, String> settings = new HashMap<>();
        settings.put("smtp.host", "smtp.example.com");
        settings.put("from", "alarms@example.com");
        return settings;
    }

    @Test
    @DisplayName("is discovered through ServiceLoader under the channel name email")
    void discovered() {
        assertThat(ServiceLoader.load(ChannelProvider.class))
                .filteredOn(provider -> provider.channelName().equals("email"))
                .singleElement()
                .isInstanceOf(EmailChannelProvider.class);
    }

    @Test
    @DisplayName("reads every documented key")
    void readsEveryKey() {
        Map<String, String> settings = minimal();
        settings.put("smtp.port", "2525");
        settings.put("smtp.security", "TLS");
        settings.put("smtp.username", "alarms");
        settings.put("smtp.password", "s3cret");
        settings.put("smtp.connect-timeout", "500ms");
        settings.put("smtp.read-timeout", "PT45S");
        settings.put("smtp.idle-timeout", "2m");
        settings.put("smtp.ehlo-name", "backup.example.com");
        settings.put("smtp.max-messages-per-connection", "50");
        settings.put("smtp.max-connections", "4");
        settings.put("from.name", "Backup alarms");
        settings.put("reply-to", "support@example.com");

        Channel channel = new EmailChannelProvider().create(settings);

        assertThat(channel.name()).isEqualTo("email");
        EmailSettings read = ((EmailChannel) channel).settings();
        assertThat(read.host()).isEqualTo("smtp.example.com");
        assertThat(read.port()).isEqualTo(2525);
        assertThat(read.security()).isEqualTo(SmtpSecurity.TLS);
        assertThat(read.username()).contains("alarms");
        assertThat(read.password()).contains("s3cret");
        assertThat(read.connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(read.readTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(read.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(read.ehloName()).contains("backup.example.com");
        assertThat(read.maxMessagesPerConnection()).isEqualTo(50);
        assertThat(read.maxConnections()).isEqualTo(4);
        assertThat(read.from()).isEqualTo("alarms@example.com");
        assertThat(read.fromName()).contains("Backup alarms");
        assertThat(read.replyTo()).contains("support@example.com");
        ((EmailChannel) channel).close();
    }

    @Test
    @DisplayName("rejects a missing host or sender, naming the key")
    void requiredKeys() {
        Map<String, String> noHost = minimal();
        noHost.remove("smtp.host");
        Map<String, String> noFrom = minimal();
        noFrom.put("from", " ");

        assertThatThrownBy(() -> new EmailChannelProvider().create(noHost)).hasMessageStartingWith("smtp.host");
        assertThatThrownBy(() -> new EmailChannelProvider().create(noFrom)).hasMessageStartingWith("from");
    }

    @Test
    @DisplayName("rejects a bad value naming its key, and an unknown key naming it")
    void badValues() {
        Map<String, String> badPort = minimal();
        badPort.put("smtp.port", "twenty-five");
        Map<String, String> badSecurity = minimal();
        badSecurity.put("smtp.security", "ssl");
        Map<String, String> badTimeout = minimal();
        badTimeout.put("smtp.read-timeout", "soon");
        Map<String, String> typo = minimal();
        typo.put("smtp.hots", "smtp.example.com");

        assertThatThrownBy(() -> new EmailChannelProvider().create(badPort))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("smtp.port");
        assertThatThrownBy(() -> new EmailChannelProvider().create(badSecurity))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("smtp.security");
        assertThatThrownBy(() -> new EmailChannelProvider().create(badTimeout))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("smtp.read-timeout");
        assertThatThrownBy(() -> new EmailChannelProvider().create(typo))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("smtp.hots");
    }

    @Test
    @DisplayName("never shows the password in an error")
    void passwordNeverShown() {
        Map<String, String> settings = minimal();
        settings.put("smtp.password", "hunter2\u0007");

        assertThatThrownBy(() -> new EmailChannelProvider().create(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("smtp.password")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));

        Map<String, String> alone = minimal();
        alone.put("smtp.password", "hunter2");
        assertThatThrownBy(() -> new EmailChannelProvider().create(alone))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("smtp.username").doesNotContain("hunter2"));
    }
}
