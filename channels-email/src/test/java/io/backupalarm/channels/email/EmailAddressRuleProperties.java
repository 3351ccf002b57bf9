package io.backupalarm.channels.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.backupalarm.channels.email.internal.EmailAddresses;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Core's {@link EmailAddress} and the email channel follow one rule: every address core accepts
 * can be addressed and sent by the channel, exactly as written; an address core refuses is
 * refused by the channel too, before anything reaches a server.
 */
@DisplayName("One email address rule for core and the email channel")
final class EmailAddressRuleProperties {

    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static ScriptedSmtpServer server;
    private static EmailChannel channel;

    @BeforeAll
    static void start() throws Exception {
        server = new ScriptedSmtpServer();
        channel = EmailChannel.create(TestMessages.plain(server.port()).maxMessagesPerConnection(10_000).build());
    }

    @AfterAll
    static void stop() throws Exception {
        channel.close();
        server.close();
    }

    @Test
    @DisplayName("an address core accepts is sent as written; one core refuses never reaches the server")
    void oneRule() {
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();

        qt().withExamples(600).forAll(candidates()).checkAssert(candidate -> {
            EmailAddress address = parsedByCore(candidate);
            if (address != null) {
                accepted.incrementAndGet();
                assertSent(address.value());
            } else {
                refused.incrementAndGet();
                assertRefusedBeforeTheServer(candidate);
            }
        });

        // Both sides of the rule were exercised, so the property could fail on either.
        assertThat(accepted.get()).as("addresses core accepted").isGreaterThan(150);
        assertThat(refused.get()).as("addresses core refused").isGreaterThan(150);
    }

    @Test
    @DisplayName("quoted local parts, address literals and the length limits reach GreenMail")
    void greenMailSample() throws Exception {
        List<String> sample = List.of(
                "first.last+alarms@backup.example",
                "\"night shift\"@backup.example",
                "\"a@b\"@backup.example",
                "!#$%&'*+/=?^_`{|}~-@backup.example",
                "ops@[192.0.2.1]",
                "ops@[ipv6:2001:db8::1]",
                "ops@[ipv6:::ffff:192.0.2.1]",
                "o".repeat(EmailAddress.MAX_LOCAL_LENGTH) + "@" + "d".repeat(63) + ".example",
                "a@" + ("d".repeat(62) + ".").repeat(3) + "d".repeat(60) + ".io");
        try (EmailChannel greenMail = EmailChannel.create(TestMessages.plain(GREEN_MAIL.getSmtp().getPort()).build())) {
            for (String address : sample) {
                assertThat(EmailAddress.of(address).value()).as(address).isEqualTo(address);
                assertThat(greenMail.send(TestMessages.firing(address))).as(address)
                        .isInstanceOf(DeliveryResult.Delivered.class);
            }
        }

        MimeMessage[] received = GREEN_MAIL.getReceivedMessages();
        assertThat(received).hasSize(sample.size());
        for (int i = 0; i < sample.size(); i++) {
            assertThat(toHeader(received[i].getHeader("To")[0])).isEqualTo(sample.get(i));
        }
        assertThat(sample.get(sample.size() - 1)).hasSize(EmailAddress.MAX_LENGTH);
    }

    private static EmailAddress parsedByCore(String candidate) {
        try {
            return EmailAddress.of(candidate);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void assertSent(String address) {
        int before = server.received().size();

        DeliveryResult result = channel.send(TestMessages.firing(address));

        assertThat(result).as(address).isInstanceOf(DeliveryResult.Delivered.class);
        ScriptedSmtpServer.Received message = server.received().get(before);
        assertThat(message.recipients()).as("envelope of %s", address).containsExactly(address);
        assertThat(toHeader(header(message, "To"))).as("To of %s", address).isEqualTo(address);
        assertThat(EmailSettings.custom().host("localhost").from(address).build().from()).isEqualTo(address);
    }

    private static void assertRefusedBeforeTheServer(String candidate) {
        int commands = server.commands();
        assertThatIllegalArgumentException().as(candidate).isThrownBy(() -> EmailAddresses.parse(candidate));
        assertThatIllegalArgumentException().as(candidate).isThrownBy(() -> EmailSettings.custom().from(candidate));
        OutboundMessage message;
        try {
            message = new OutboundMessage("key-refused", "email", candidate, OutboundMessage.Kind.FIRING,
                    Locale.ENGLISH, "Backup failed", "Backup failed.", Map.of());
        } catch (IllegalArgumentException e) {
            return; // not even a message can be made for it (a blank address)
        }

        DeliveryResult result = channel.send(message);

        assertThat(result).as(candidate).isInstanceOfSatisfying(DeliveryResult.PermanentFailure.class, failure ->
                assertThat(failure.reason()).startsWith("malformed email address: email '")
                        .doesNotContain("\r").doesNotContain("\n"));
        assertThat(server.commands()).as("commands sent for %s", candidate).isEqualTo(commands);
    }

    private static String header(ScriptedSmtpServer.Received message, String name) {
        try {
            return message.header(name);
        } catch (MessagingException e) {
            throw new AssertionError("the received message cannot be read", e);
        }
    }

    /** The address in a {@code To} header of one address: {@code a@b} or {@code <a@b>}. */
    private static String toHeader(String raw) {
        String value = MimeUtility.unfold(raw).strip();
        return value.startsWith("<") && value.endsWith(">") ? value.substring(1, value.length() - 1) : value;
    }

    // Generators: addresses built from valid and near-valid parts, so that about half are valid.

    private static Gen<String> candidates() {
        Gen<String> local = Generate.frequency(
                pair(6, dotAtom()),
                pair(3, quoted()),
                pair(3, brokenLocal()));
        Gen<String> domain = Generate.frequency(
                pair(6, hostName()),
                pair(2, ipv4Literal()),
                pair(2, ipv6Literal()),
                pair(3, brokenDomain()));
        Gen<String> address = local.zip(domain, (l, d) -> l + "@" + d);
        return Generate.frequency(
                pair(12, address),
                pair(1, address.zip(Generate.pick(List.of("Name <%s>", " %s", "%s ", "%s\r\nBcc: x@evil.example",
                        "%s (comment)", "%s@extra", "%s,other@example.com")), (a, form) -> form.replace("%s", a))),
                pair(1, local),
                pair(1, lengthLimits()));
    }

    private static <T> Pair<Integer, Gen<T>> pair(int weight, Gen<T> gen) {
        return Pair.of(weight, gen);
    }

    private static Gen<String> chars(String alphabet, int min, int max) {
        Gen<Character> one = integers().between(0, alphabet.length() - 1).map(alphabet::charAt);
        return lists().of(one).ofSizeBetween(min, max).map(list -> {
            StringBuilder out = new StringBuilder(list.size());
            list.forEach(out::append);
            return out.toString();
        });
    }

    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String ATEXT = LETTERS + "!#$%&'*+/=?^_`{|}~-";
    private static final String QTEXT = " !#$%&'()*+,-./:;<=>?@[]^_`{|}~" + LETTERS;
    private static final String PRINTABLE = QTEXT + "\"\\";

    private static Gen<String> dotAtom() {
        return lists().of(chars(ATEXT, 1, 8)).ofSizeBetween(1, 4).map(atoms -> String.join(".", atoms));
    }

    private static Gen<String> quoted() {
        // Escaped quotes and backslashes are where parsers stumble: generate them often.
        Gen<String> content = Generate.frequency(
                pair(6, chars(QTEXT, 1, 1)),
                pair(2, Generate.constant("\\\\")),
                pair(2, Generate.constant("\\\"")),
                pair(1, chars(PRINTABLE, 1, 1).map(c -> "\\" + c)));
        return lists().of(content).ofSizeBetween(0, 10).map(parts -> "\"" + String.join("", parts) + "\"");
    }

    private static Gen<String> brokenLocal() {
        return dotAtom().zip(Generate.pick(List.of(".%s", "%s.", "%s..x", "\"%s", "%s\"", "\"%s\\\"", "%s x",
                "%s\u00e9", "用%s", "%s\t", "%s\u0000", "%s\r\n", "(%s)", "%s<", "\"%s\"\"", "\"%s\r\"", "\"%sé\"", "")),
                (atom, form) -> form.replace("%s", atom));
    }

    private static Gen<String> hostName() {
        Gen<String> label = chars(LETTERS, 1, 1).zip(chars(LETTERS + "-", 0, 10), chars(LETTERS, 1, 1),
                (first, middle, last) -> first + middle + last)
                .mix(chars(LETTERS, 1, 3));
        return lists().of(label).ofSizeBetween(1, 4).map(labels -> String.join(".", labels));
    }

    private static Gen<String> brokenDomain() {
        return hostName().zip(Generate.pick(List.of("-%s", "%s-", "%s.", ".%s", "%s..example", "%s_x", "%s.例子",
                "%s:25", "[%s]", "[]", "[tag:%s]", "%s]", "[%s", "%s!", "")),
                (host, form) -> form.replace("%s", host));
    }

    private static Gen<String> ipv4Literal() {
        // Octets up to 300 and sometimes three or five of them: a good share are not addresses.
        Gen<String> octet = integers().between(0, 300).map(n -> Integer.toString(n));
        return lists().of(octet).ofSizeBetween(3, 5).map(octets -> "[" + String.join(".", octets) + "]");
    }

    private static Gen<String> ipv6Literal() {
        Gen<String> group = chars("0123456789abcdefABCDEF", 1, 5);
        Gen<String> full = lists().of(group).ofSizeBetween(6, 9).map(groups -> String.join(":", groups));
        Gen<String> compressed = lists().of(group).ofSizeBetween(0, 4).zip(lists().of(group).ofSizeBetween(0, 4),
                (before, after) -> String.join(":", before) + "::" + String.join(":", after));
        Gen<String> withIpv4 = compressed.zip(ipv4Literal(), (hex, v4) -> hex + (hex.endsWith(":") ? "" : ":")
                + v4.substring(1, v4.length() - 1));
        Gen<String> tag = Generate.pick(List.of("IPv6:", "ipv6:", "IPV6:", "IPv6", "IPv4:", ""));
        return Generate.oneOf(full, compressed, withIpv4).zip(tag, (text, t) -> "[" + t + text + "]");
    }

    private static Gen<String> lengthLimits() {
        Gen<String> local = integers().between(62, 66).map(n -> "l".repeat(n));
        Gen<String> label = integers().between(61, 65).map(n -> "d".repeat(n));
        Gen<Integer> labels = integers().between(1, 4);
        return local.zip(label, labels, (l, d, n) -> l + "@" + String.join(".", Collections.nCopies(n, d))
                + ".example");
    }
}
