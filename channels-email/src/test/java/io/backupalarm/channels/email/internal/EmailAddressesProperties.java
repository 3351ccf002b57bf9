package io.backupalarm.channels.email.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Failing runs print their seed; {@code -DQT_SEED=<seed>} replays one. */
@DisplayName("Email addresses")
final class EmailAddressesProperties {

    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String DIGITS = "0123456789";

    /** {@code minLength} to {@code maxLength} characters of {@code alphabet}. */
    private static Gen<String> stringsOf(String alphabet, int minLength, int maxLength) {
        List<Character> chars = alphabet.chars().mapToObj(c -> (char) c).toList();
        return lists().of(arbitrary().pick(chars)).ofSizeBetween(minLength, maxLength)
                .map(list -> list.stream().map(String::valueOf).collect(Collectors.joining()));
    }

    @Test
    @DisplayName("an address with a line break, space or angle bracket anywhere is rejected")
    void rejectsHeaderBreakers() {
        Gen<String> breakers = arbitrary().pick("\r", "\n", "\r\n", " ", "<", ">", ",", ";", "\"", "(", ")", ":", "\u0000");
        qt().withExamples(1000).forAll(stringsOf(LETTERS, 1, 20), breakers, HtmlBodyProperties.anyText(10))
                .checkAssert((local, breaker, rest) -> {
                    String address = local + breaker + rest + "@example.com";

                    assertThatThrownBy(() -> EmailAddresses.parse(address)).isInstanceOf(IllegalArgumentException.class);
                });
    }

    @Test
    @DisplayName("a plain letters-and-digits address is accepted unchanged")
    void acceptsPlainAddresses() {
        qt().withExamples(1000).forAll(stringsOf(LETTERS + DIGITS, 1, 30), stringsOf(LETTERS + DIGITS, 1, 30)).checkAssert((local, domain) -> {
            String address = local + "@" + domain + ".example";

            assertThat(EmailAddresses.parse(address).getAddress()).isEqualTo(address);
        });
    }

    @Test
    @DisplayName("common forms, quoted local parts and IP literals are accepted; malformed ones refused")
    void examples() {
        for (String good : new String[] {"first.last+alarms@mail.example.co.uk", "\"quoted\"@example.com",
                "a@[127.0.0.1]"}) {
            assertThat(EmailAddresses.parse(good).getAddress()).as(good).isEqualTo(good);
        }
        for (String bad : new String[] {"", "@example.com", "a@", "a@@example.com", "a..b@example.com",
                ".a@example.com", "a@-example.com", "a@example..com", "用户@example.com", "Name <a@example.com>"}) {
            assertThatThrownBy(() -> EmailAddresses.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    @DisplayName("quoting for a reason keeps everything on one line")
    void quote() {
        assertThat(EmailAddresses.quote("a\r\nb")).isEqualTo("'a\\u000d\\u000ab'");
        assertThat(EmailAddresses.quote(null)).isEqualTo("null");
    }
}
