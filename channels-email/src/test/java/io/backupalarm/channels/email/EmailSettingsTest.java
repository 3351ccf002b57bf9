package io.backupalarm.channels.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Email settings")
final class EmailSettingsTest {

    static Stream<Arguments> badValues() {
        return Stream.of(
                bad("host", b -> b.host("")),
                bad("host", b -> b.host("smtp example.com")),
                bad("host", b -> b.host("smtp.example.com\r\nX: y")),
                bad("host", b -> b.host(null)),
                bad("port", b -> b.port(0)),
                bad("port", b -> b.port(65536)),
                bad("security", b -> b.security(null)),
                bad("username", b -> b.username(" ")),
                bad("username", b -> b.username("alarms\n")),
                bad("password", b -> b.password("")),
                bad("connectTimeout", b -> b.connectTimeout(Duration.ZERO)),
                bad("connectTimeout", b -> b.connectTimeout(null)),
                bad("readTimeout", b -> b.readTimeout(Duration.ofSeconds(-1))),
                bad("readTimeout", b -> b.readTimeout(Duration.ofDays(30))),
                bad("idleTimeout", b -> b.idleTimeout(Duration.ofNanos(10))),
                bad("from", b -> b.from("not an address")),
                bad("from", b -> b.from("Alarms <alarms@example.com>")),
                bad("from", b -> b.from("alarms@example.com\r\nBcc: x@evil.example")),
                bad("from", b -> b.from(null)),
                bad("fromName", b -> b.fromName("Alarms\r\nBcc: x@evil.example")),
                bad("fromName", b -> b.fromName("")),
                bad("replyTo", b -> b.replyTo("support@")),
                bad("ehloName", b -> b.ehloName("my host")),
                bad("maxMessagesPerConnection", b -> b.maxMessagesPerConnection(0)),
                bad("maxMessagesPerConnection", b -> b.maxMessagesPerConnection(10_001)),
                bad("maxConnections", b -> b.maxConnections(0)),
                bad("maxConnections", b -> b.maxConnections(65)));
    }

    private static Arguments bad(String setting, Consumer<EmailSettings.Builder> change) {
        return Arguments.of(setting, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    @DisplayName("a setter rejects a bad value at once, naming the setting")
    void rejectsBadValues(String setting, Consumer<EmailSettings.Builder> change) {
        EmailSettings.Builder builder = EmailSettings.custom();

        assertThatThrownBy(() -> change.accept(builder))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(setting);
    }

    @Test
    @DisplayName("host and from are required, and user name and password come together")
    void requiredSettings() {
        assertThatThrownBy(() -> EmailSettings.custom().from("a@example.com").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
        assertThatThrownBy(() -> EmailSettings.custom().host("smtp.example.com").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from");
        assertThatThrownBy(() -> EmailSettings.custom().host("smtp.example.com").from("a@example.com")
                .username("alarms").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("username and password");
    }

    @Test
    @DisplayName("the port defaults to 25, 587 or 465 by security mode, STARTTLS being the default mode")
    void defaults() {
        EmailSettings settings = EmailSettings.custom().host("smtp.example.com").from("a@example.com").build();

        assertThat(settings.security()).isEqualTo(SmtpSecurity.STARTTLS);
        assertThat(settings.port()).isEqualTo(587);
        assertThat(EmailSettings.from(settings).security(SmtpSecurity.TLS).port(465).build().port()).isEqualTo(465);
        assertThat(EmailSettings.custom().host("::1").from("a@example.com").security(SmtpSecurity.NONE).build().port())
                .isEqualTo(25);
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.maxMessagesPerConnection()).isEqualTo(100);
        assertThat(settings.maxConnections()).isEqualTo(2);
        assertThat(settings.username()).isEmpty();
        assertThat(settings.fromName()).isEmpty();
        assertThat(settings.replyTo()).isEmpty();
    }

    @Test
    @DisplayName("the text form never shows the password")
    void toStringHidesThePassword() {
        EmailSettings settings = EmailSettings.custom().host("smtp.example.com").from("a@example.com")
                .username("alarms").password("very-secret").build();

        assertThat(settings.toString()).contains("alarms").doesNotContain("very-secret");
    }

    @Test
    @DisplayName("a password error does not show the password")
    void passwordErrorHidesThePassword() {
        assertThatThrownBy(() -> EmailSettings.custom().password("secret\u0000"))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret\u0000"));
    }
}
