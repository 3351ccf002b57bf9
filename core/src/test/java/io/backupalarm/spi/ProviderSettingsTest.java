package io.backupalarm.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Provider settings")
final class ProviderSettingsTest {

    private static final Set<String> KEYS = Set.of("smtp-host", "smtp-port", "smtp-password", "read-timeout",
            "verbose", "security", "access-key-id", "auth-token", "webhook-secret");

    private enum Security { NONE, STARTTLS, DO_NOT_RETRY }

    private static ProviderSettings settings(String... keysAndValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return ProviderSettings.of("email", map, KEYS);
    }

    @Nested
    @DisplayName("keys")
    final class Keys {

        @Test
        @DisplayName("known kebab-case keys are read; values are stripped and blank ones count as absent")
        void knownKeys() {
            Map<String, String> map = new HashMap<>();
            map.put("smtp-host", "  smtp.example.com ");
            map.put("smtp-port", " ");
            map.put("verbose", null);

            ProviderSettings s = ProviderSettings.of("email", map, KEYS);

            assertThat(s.channel()).isEqualTo("email");
            assertThat(s.keys()).containsExactly("smtp-host");
            assertThat(s.string("smtp-host")).isEqualTo("smtp.example.com");
            assertThat(s.has("smtp-port")).isFalse();
            assertThat(s.optionalString("verbose")).isEmpty();
            assertThat(ProviderSettings.of("email", Map.of(), KEYS).keys()).isEmpty();
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
            "smtpHost, smtp-host",
            "smtp.host, smtp-host",
            "smtp_host, smtp-host",
            "SMTP_HOST, smtp-host",
            "Smtp.Host, smtp-host",
            "readTimeout, read-timeout",
            "read.timeout, read-timeout",
            "accessKeyId, access-key-id",
            "email.smtpHost, smtp-host",
            "email.smtp.port, smtp-port",
            "email_verbose, verbose"
        })
        @DisplayName("an old spelling (camelCase, dotted, snake_case, with the channel in front) names the right one")
        void oldSpellings(String old, String right) {
            assertThatIllegalArgumentException().isThrownBy(() -> settings(old, "x"))
                    .withMessage("email channel setting '" + old + "' is no longer accepted: use '" + right + "'");
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
            "smtp-hots, smtp-host",
            "smtp-prot, smtp-port",
            "verbos, verbose",
            "securty, security",
            "email-smtp-hots, smtp-host",
            "smtp.read-timeout, read-timeout",
            "password, smtp-password"
        })
        @DisplayName("any other unknown key is rejected, naming the closest known key")
        void unknownKeys(String unknown, String closest) {
            assertThatIllegalArgumentException().isThrownBy(() -> settings(unknown, "x"))
                    .withMessage("email channel setting '" + unknown + "' is unknown: did you mean '" + closest + "'?");
        }

        @Test
        @DisplayName("every bad key is listed at once, in order, and never a value")
        void everyBadKeyAtOnce() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> settings("smtpHost", "smtp.example.com", "smtp.password", "hunter2",
                            "smtp-hots", "x", "smtp-port", "25"))
                    .withMessage("email channel setting 'smtp-hots' is unknown: did you mean 'smtp-host'?; "
                            + "email channel setting 'smtp.password' is no longer accepted: use 'smtp-password'; "
                            + "email channel setting 'smtpHost' is no longer accepted: use 'smtp-host'")
                    .withMessageNotContaining("hunter2");
        }

        @Test
        @DisplayName("an unknown key with a line break is shown escaped")
        void escapedKey() {
            assertThatIllegalArgumentException().isThrownBy(() -> settings("smtp-host\r\nX", "x"))
                    .withMessageContaining("'smtp-host\\u000d\\u000aX'")
                    .withMessageNotContaining("\r").withMessageNotContaining("\n");
        }

        @Test
        @DisplayName("a channel without settings says so")
        void noSettings() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> ProviderSettings.of("logging", Map.of("level", "info"), Set.of()))
                    .withMessage("logging channel setting 'level' is unknown: this channel takes no settings");
        }

        @Test
        @DisplayName("a provider that declares a key not in kebab-case, or reads one it did not declare, is a bug")
        void providerMistakes() {
            assertThatIllegalStateException()
                    .isThrownBy(() -> ProviderSettings.of("chat", Map.of(), Set.of("chatUrl")))
                    .withMessageContaining("'chatUrl'").withMessageContaining("not kebab-case");
            assertThatIllegalStateException().isThrownBy(() -> settings().string("chat-url"))
                    .withMessageContaining("'chat-url'").withMessageContaining("without declaring it");
        }

        @Test
        @DisplayName("secret-like keys are those with a word password, secret, token or key")
        void secretLike() {
            assertThat(List.of("smtp-password", "webhook-secret", "auth-token", "access-key-id", "key"))
                    .allMatch(ProviderSettings::isSecret);
            assertThat(List.of("smtp-host", "keyboard-layout", "monkey", "tokens")).noneMatch(ProviderSettings::isSecret);
        }
    }

    @Nested
    @DisplayName("values")
    final class Values {

        @Test
        @DisplayName("a missing required value names the channel and the key")
        void required() {
            assertThatIllegalArgumentException().isThrownBy(() -> settings().string("smtp-host"))
                    .withMessage("email channel setting 'smtp-host': is required");
            assertThatIllegalArgumentException().isThrownBy(() -> settings().integer("smtp-port", 1, 65535))
                    .withMessage("email channel setting 'smtp-port': is required");
            assertThatIllegalArgumentException().isThrownBy(() -> settings().duration("read-timeout"))
                    .withMessage("email channel setting 'read-timeout': is required");
            assertThatIllegalArgumentException().isThrownBy(() -> settings().bool("verbose"))
                    .withMessage("email channel setting 'verbose': is required");
            assertThatIllegalArgumentException().isThrownBy(() -> settings().enumValue("security", Security.class))
                    .withMessage("email channel setting 'security': is required");
        }

        @Test
        @DisplayName("whole numbers are decimal and within the range")
        void integers() {
            assertThat(settings("smtp-port", "587").integer("smtp-port", 1, 65535)).isEqualTo(587);
            assertThat(settings("smtp-port", "-3").integer("smtp-port", -5, 5)).isEqualTo(-3);
            assertThat(settings().optionalInteger("smtp-port", 1, 65535)).isEmpty();
            for (String bad : new String[] {"0", "65536", "twenty-five", "25.0", "0x19", "+25", "99999999999", "2 5"}) {
                assertThatIllegalArgumentException().as(bad)
                        .isThrownBy(() -> settings("smtp-port", bad).integer("smtp-port", 1, 65535))
                        .withMessage("email channel setting 'smtp-port': must be a whole number from 1 to 65535, not '"
                                + bad + "'");
            }
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"PT30S", "pt30s", "PT0.5S", "PT5M", "PT1H", "P1D", "PT1M30S"})
        @DisplayName("durations are ISO-8601")
        void isoDurations(String value) {
            assertThat(settings("read-timeout", value).duration("read-timeout")).isEqualTo(Duration.parse(value));
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
            "30s, PT30S",
            "500ms, PT0.5S",
            "5m, PT5M",
            "2h, PT2H",
            "1d, PT24H",
            "90s, PT1M30S",
            "10 s, PT10S",
            "10S, PT10S"
        })
        @DisplayName("the short form is rejected with its ISO-8601 spelling")
        void shortForm(String value, String iso) {
            assertThatIllegalArgumentException().isThrownBy(() -> settings("read-timeout", value).duration("read-timeout"))
                    .withMessage("email channel setting 'read-timeout': '" + value
                            + "' is not an ISO-8601 duration: write '" + iso + "'");
        }

        @Test
        @DisplayName("whole seconds, other text, zero and negative durations are rejected")
        void badDurations() {
            assertThatIllegalArgumentException().isThrownBy(() -> settings("read-timeout", "5").duration("read-timeout"))
                    .withMessage("email channel setting 'read-timeout': '5' is not an ISO-8601 duration: "
                            + "write 'PT5S' for 5 seconds");
            assertThatIllegalArgumentException().isThrownBy(() -> settings("read-timeout", "soon").duration("read-timeout"))
                    .withMessage("email channel setting 'read-timeout': must be an ISO-8601 duration such as PT30S, "
                            + "PT5M or PT1H, not 'soon'");
            assertThatIllegalArgumentException().isThrownBy(() -> settings("read-timeout", "PT0S").duration("read-timeout"))
                    .withMessage("email channel setting 'read-timeout': must be more than zero, not 'PT0S'");
            assertThatIllegalArgumentException().isThrownBy(() -> settings("read-timeout", "PT-5S").duration("read-timeout"))
                    .withMessageContaining("must be more than zero");
        }

        @Test
        @DisplayName("booleans are true or false")
        void booleans() {
            assertThat(settings("verbose", "true").bool("verbose")).isTrue();
            assertThat(settings("verbose", "false").optionalBool("verbose")).contains(false);
            assertThatIllegalArgumentException().isThrownBy(() -> settings("verbose", "yes").bool("verbose"))
                    .withMessage("email channel setting 'verbose': must be one of false, true, not 'yes'");
            assertThatIllegalArgumentException().isThrownBy(() -> settings("verbose", "TRUE").bool("verbose"))
                    .withMessage("email channel setting 'verbose': 'TRUE' is not accepted: use 'true'");
        }

        @Test
        @DisplayName("enum constants and choices are kebab-case; other spellings are refused with the right one")
        void enums() {
            assertThat(settings("security", "starttls").enumValue("security", Security.class)).isEqualTo(Security.STARTTLS);
            assertThat(settings("security", "do-not-retry").optionalEnum("security", Security.class))
                    .contains(Security.DO_NOT_RETRY);
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> settings("security", "DO_NOT_RETRY").enumValue("security", Security.class))
                    .withMessage("email channel setting 'security': 'DO_NOT_RETRY' is not accepted: use 'do-not-retry'");
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> settings("security", "ssl").enumValue("security", Security.class))
                    .withMessage("email channel setting 'security': must be one of do-not-retry, none, starttls, not 'ssl'");
            assertThat(settings("security", "v1").choice("security", Map.of("v1", 1, "v2", 2))).isEqualTo(1);
        }

        @Test
        @DisplayName("the value of a secret-like key is never shown")
        void secretsNotShown() {
            List<String> messages = new ArrayList<>();
            ProviderSettings s = settings("smtp-password", "hunter2", "auth-token", "zq9\r\nzq9", "webhook-secret", "45s");
            collect(messages, () -> s.integer("smtp-password", 1, 5));
            collect(messages, () -> s.duration("webhook-secret"));
            collect(messages, () -> s.bool("auth-token"));
            collect(messages, () -> s.set("smtp-password", "hunter2", v -> {
                throw new IllegalArgumentException("password 'hunter2' is too weak");
            }));

            assertThat(messages).hasSize(4).allSatisfy(message -> assertThat(message)
                    .doesNotContain("hunter2").doesNotContain("zq9").doesNotContain("45").doesNotContain("\r"));
            assertThat(messages.get(0)).isEqualTo("email channel setting 'smtp-password': must be a whole number "
                    + "from 1 to 5, not the value given (not shown)");
            assertThat(messages.get(3)).isEqualTo("email channel setting 'smtp-password': password '***' is too weak");
            assertThat(s.toString()).contains("smtp-password=***").contains("auth-token=***").doesNotContain("hunter2");
        }

        @Test
        @DisplayName("a setter's rejection is named by channel and key, escaped, with the setter's exception as cause")
        void setterRejection() {
            ProviderSettings s = settings("smtp-host", "bad host");
            IllegalArgumentException cause = new IllegalArgumentException("host must be a host name: 'bad\nhost'");

            assertThatIllegalArgumentException()
                    .isThrownBy(() -> s.set("smtp-host", s.string("smtp-host"), v -> {
                        throw cause;
                    }))
                    .withMessage("email channel setting 'smtp-host': host must be a host name: 'bad\\u000ahost'")
                    .withCause(cause);
            List<String> seen = new ArrayList<>();
            s.set("smtp-host", s.string("smtp-host"), seen::add);
            assertThat(seen).containsExactly("bad host");
            assertThat(s.invalid("smtp-port", "goes with smtp-host")).hasMessage(
                    "email channel setting 'smtp-port': goes with smtp-host");
        }

        private void collect(List<String> messages, Runnable read) {
            try {
                read.run();
            } catch (IllegalArgumentException e) {
                messages.add(e.getMessage());
            }
        }
    }
}
