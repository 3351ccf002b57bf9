package io.backupalarm.channels.email.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;

@Label("Email addresses")
final class EmailAddressesProperties {

    @Property
    @Label("an address with a line break, space or angle bracket anywhere is rejected")
    void rejectsHeaderBreakers(@ForAll @AlphaChars @StringLength(min = 1, max = 20) String local,
                               @ForAll("breakers") String breaker, @ForAll @StringLength(max = 10) String rest) {
        String address = local + breaker + rest + "@example.com";

        assertThatThrownBy(() -> EmailAddresses.parse(address)).isInstanceOf(IllegalArgumentException.class);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> breakers() {
        return net.jqwik.api.Arbitraries.of("\r", "\n", "\r\n", " ", "<", ">", ",", ";", "\"", "(", ")", ":", "\u0000");
    }

    @Property
    @Label("a plain letters-and-digits address is accepted unchanged")
    void acceptsPlainAddresses(@ForAll @AlphaChars @StringLength(min = 1, max = 30) String local,
                               @ForAll @AlphaChars @StringLength(min = 1, max = 30) String domain) {
        String address = local + "@" + domain + ".example";

        assertThat(EmailAddresses.parse(address).getAddress()).isEqualTo(address);
    }

    @Example
    @Label("common forms are accepted and odd ones refused")
    void examples() {
        assertThat(EmailAddresses.parse("first.last+alarms@mail.example.co.uk").getAddress())
                .isEqualTo("first.last+alarms@mail.example.co.uk");
        for (String bad : new String[] {"", "@example.com", "a@", "a@@example.com", "a..b@example.com",
                ".a@example.com", "a@-example.com", "a@example..com", "\"quoted\"@example.com", "a@[127.0.0.1]",
                "用户@example.com", "Name <a@example.com>"}) {
            assertThatThrownBy(() -> EmailAddresses.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Example
    @Label("quoting for a reason keeps everything on one line")
    void quote() {
        assertThat(EmailAddresses.quote("a\r\nb")).isEqualTo("'a\\u000d\\u000ab'");
        assertThat(EmailAddresses.quote(null)).isEqualTo("null");
    }
}
