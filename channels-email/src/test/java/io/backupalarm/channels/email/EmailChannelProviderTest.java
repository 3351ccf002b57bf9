package io.backupalarm.channels.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ChannelProvider;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("The email channel provider")
final class EmailChannelProviderTest {

    private static Map<String, String> minimal() {
        Map<String, String> settings = new HashMap<>();
        settings.put("smtp-host", "smtp.example.com");
        settings.put("from", "alarms@example.com");
        return settings;
    }

    private static Map<String, String> minimalWith(String key, String value) {
        Map<String, String> settings = minimal();
        settings.put(key, value);
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
        settings.put("smtp-port", "2525");
        settings.put("smtp-security", "tls");
        settings.put("smtp-username", "alarms");
        settings.put("smtp-password", "s3cret");
        settings.put("smtp-connect-timeout", "PT0.5S");
        settings.put("smtp-read-timeout", "PT45S");
        settings.put("smtp-idle-timeout", "PT2M");
        settings.put("smtp-ehlo-name", "backup.example.com");
        settings.put("smtp-max-messages-per-connection", "50");
        settings.put("smtp-max-connections", "4");
        settings.put("from-name", "Backup alarms");
        settings.put("reply-to", "support@example.com");

        try (Channel channel = new EmailChannelProvider().create(settings)) {
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
        }
    }

    @Test
    @DisplayName("leaves out blank values and uses the defaults")
    void defaults() {
        Map<String, String> settings = minimalWith("smtp-port", " ");
        settings.put("smtp-username", "");

        EmailSettings read = new EmailChannelProvider().settings(settings);

        assertThat(read.port()).isEqualTo(587);
        assertThat(read.security()).isEqualTo(SmtpSecurity.STARTTLS);
        assertThat(read.username()).isEmpty();
        assertThat(read.readTimeout()).isEqualTo(EmailSettings.DEFAULT_READ_TIMEOUT);
    }

    @Test
    @DisplayName("rejects a missing host or sender, naming the channel and the key")
    void requiredKeys() {
        Map<String, String> noHost = minimal();
        noHost.remove("smtp-host");

        assertThatIllegalArgumentException().isThrownBy(() -> new EmailChannelProvider().create(noHost))
                .withMessage("email channel setting 'smtp-host': is required");
        assertThatIllegalArgumentException().isThrownBy(() -> new EmailChannelProvider().create(minimalWith("from", " ")))
                .withMessage("email channel setting 'from': is required");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "smtp.host     | smtp-host",
        "smtp.port     | smtp-port",
        "smtpHost      | smtp-host",
        "smtp_password | smtp-password",
        "smtp.connect-timeout | smtp-connect-timeout",
        "smtp.max-messages-per-connection | smtp-max-messages-per-connection",
        "from.name     | from-name",
        "fromName      | from-name",
        "replyTo       | reply-to",
        "email.from    | from"
    })
    @DisplayName("rejects the old spellings of the keys, naming the right one")
    void oldSpellings(String old, String right) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new EmailChannelProvider().create(minimalWith(old, "x")))
                .withMessage("email channel setting '" + old + "' is no longer accepted: use '" + right + "'");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "smtp-port            | twenty-five | email channel setting 'smtp-port': must be a whole number from 1 to 65535, not 'twenty-five'",
        "smtp-port            | 0           | email channel setting 'smtp-port': must be a whole number from 1 to 65535, not '0'",
        "smtp-security        | ssl         | email channel setting 'smtp-security': must be one of none, starttls, tls, not 'ssl'",
        "smtp-security        | TLS         | email channel setting 'smtp-security': 'TLS' is not accepted: use 'tls'",
        "smtp-read-timeout    | 10s         | email channel setting 'smtp-read-timeout': '10s' is not an ISO-8601 duration: write 'PT10S'",
        "smtp-idle-timeout    | 500ms       | email channel setting 'smtp-idle-timeout': '500ms' is not an ISO-8601 duration: write 'PT0.5S'",
        "smtp-connect-timeout | soon        | email channel setting 'smtp-connect-timeout': must be an ISO-8601 duration such as PT30S, PT5M or PT1H, not 'soon'",
        "smtp-connect-timeout | PT0.0001S   | email channel setting 'smtp-connect-timeout': connectTimeout must be from 1 ms to 24 days: PT0.0001S",
        "smtp-max-connections | 65          | email channel setting 'smtp-max-connections': must be a whole number from 1 to 64, not '65'",
        "smtp-ehlo-name       | bad_name    | email channel setting 'smtp-ehlo-name': ehloName must be a host name: 'bad_name'",
        "smtp-hots            | x           | email channel setting 'smtp-hots' is unknown: did you mean 'smtp-host'?",
    })
    @DisplayName("rejects a bad value or an unknown key with a message naming the channel and the key")
    void badValues(String key, String value, String message) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new EmailChannelProvider().create(minimalWith(key, value)))
                .withMessage(message);
    }

    @Test
    @DisplayName("rejects a sender or reply address that core's EmailAddress refuses, saying why")
    void badAddresses() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new EmailChannelProvider().create(minimalWith("from", "alarms@exa_mple.com")))
                .withMessage("email channel setting 'from': from: email 'alarms@exa_mple.com' is not a valid address "
                        + "(an RFC 5322 addr-spec such as alice@example.com)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new EmailChannelProvider().create(minimalWith("reply-to", "Support <s@example.com>")))
                .withMessageStartingWith("email channel setting 'reply-to': replyTo: email 'Support <s@example.com>'");
    }

    @Test
    @DisplayName("never shows the password in an error")
    void passwordNeverShown() {
        Map<String, String> settings = minimalWith("smtp-password", "hunter2\u0007");
        settings.put("smtp-username", "alarms");

        assertThatIllegalArgumentException().isThrownBy(() -> new EmailChannelProvider().create(settings))
                .withMessageStartingWith("email channel setting 'smtp-password': ")
                .withMessageNotContaining("hunter2");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new EmailChannelProvider().create(minimalWith("smtp-password", "hunter2")))
                .withMessage("email channel setting 'smtp-username': is required when 'smtp-password' is set: "
                        + "the two go together");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new EmailChannelProvider().create(minimalWith("smtp.password", "hunter2")))
                .withMessageNotContaining("hunter2");
    }
}
