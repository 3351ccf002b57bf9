package io.backupalarm.verification;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.config.Account;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.Contact;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.VerificationStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Codes are never stored or logged in plain text, not even when a provider's answer or a
 * channel's exception repeats the message it was given. The service logs through slf4j-simple
 * to the standard error stream, at INFO and above in these tests.
 */
@DisplayName("VerificationService keeps codes secret")
final class VerificationSecrecyTest {

    /** Ten digits: no other number in a log line or a stored field can match one by chance. */
    private static final int CODE_LENGTH = 10;

    /** Echoes what it was given in its failures, as some providers do, and keeps every code it saw. */
    static final class EchoingChannel implements Channel {
        private final String name;
        private final List<String> codes = new ArrayList<>();
        private int sends;

        EchoingChannel(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public synchronized DeliveryResult send(OutboundMessage message) {
            String code = message.data().get(OutboundMessage.DataKeys.CODE);
            codes.add(code);
            sends++;
            if (name.equals(Channel.SMS)) {
                return DeliveryResult.permanentFailure("400 bad request: " + message.text());
            }
            return switch (sends) {
                case 1 -> DeliveryResult.temporaryFailure("421 deferred: " + message.text() + "\r\nretry");
                case 2 -> throw new IllegalStateException("rejected " + code,
                        new IllegalArgumentException("body was: " + message.text()));
                default -> DeliveryResult.delivered("250 ok");
            };
        }

        synchronized List<String> codes() {
            return List.copyOf(codes);
        }

        synchronized String lastCode() {
            return codes.get(codes.size() - 1);
        }
    }

    @Test
    @DisplayName("no code in any log line, in any failure handed back, or in any stored field")
    void codesNeverLoggedNorStored() {
        ManualClock clock = new ManualClock(Instant.parse("2026-03-01T08:00:00Z"));
        ConfigurationStore configuration = ConfigurationStore.inMemory();
        ConfigurationAdmin admin = ConfigurationAdmin.on(configuration);
        admin.createAccount(new Account("acct", EmailAddress.of("owner@example.com"), null));
        admin.createContact(Contact.unverified("alice", "acct", "Alice", EmailAddress.of("alice@example.com"),
                MobileNumber.of("+8613800138000")));
        VerificationStore store = VerificationStore.inMemory();
        EchoingChannel email = new EchoingChannel(Channel.EMAIL);
        EchoingChannel sms = new EchoingChannel(Channel.SMS);
        VerificationService service = VerificationService.builder().configuration(configuration).store(store)
                .clock(clock).channel(email).channel(sms).settings(VerificationSettings.custom()
                        .codeLength(CODE_LENGTH).sendAttempts(3).sendRetryWait(Duration.ZERO).build())
                .build();
        List<String> stored = new ArrayList<>();
        List<DeliveryResult> handedBack = new ArrayList<>();

        String log = capturingLog(() -> {
            // Two failures that echo the code, then delivered; then five wrong tries void it.
            VerificationStarted first = service.start("alice", Channel.EMAIL);
            assertThat(first.delivered()).isTrue();
            stored.add(describe(store.find("alice", Channel.EMAIL, "alice@example.com").orElseThrow()));
            for (int i = 0; i < 5; i++) {
                service.confirm("alice", Channel.EMAIL, "0000000000");
                stored.add(describe(store.find("alice", Channel.EMAIL, "alice@example.com").orElseThrow()));
            }
            // A permanent failure that echoes the message.
            VerificationStarted refused = service.start("alice", Channel.SMS);
            handedBack.add(refused.delivery());
            // A new code after the resend interval, confirmed.
            clock.advance(Duration.ofMinutes(1));
            service.start("alice", Channel.EMAIL);
            stored.add(describe(store.find("alice", Channel.EMAIL, "alice@example.com").orElseThrow()));
            assertThat(service.confirm("alice", Channel.EMAIL, email.lastCode())).isEqualTo(VerificationOutcome.VERIFIED);
        });

        List<String> codes = new ArrayList<>(email.codes());
        codes.addAll(sms.codes());
        assertThat(codes).hasSize(5).allSatisfy(code -> assertThat(code).hasSize(CODE_LENGTH));
        assertThat(log).as("the capture saw the service's lines")
                .contains("attempt 1 of 3 failed", "threw while sending", "voided after 5 wrong tries",
                        "was not delivered", "verified its email address")
                .contains("[code]");
        assertThat(handedBack).singleElement().isInstanceOfSatisfying(DeliveryResult.PermanentFailure.class,
                failure -> assertThat(failure.reason()).contains("[code]"));
        for (String code : codes) {
            assertThat(log).as("the log").doesNotContain(code);
            assertThat(handedBack.toString()).as("failures handed back").doesNotContain(code);
            assertThat(stored).as("stored fields").noneSatisfy(fields -> assertThat(fields).contains(code));
        }
    }

    /** Every field of a stored code as text, its bytes as ASCII and as hexadecimal. */
    private static String describe(PendingVerification p) {
        return String.join("|", p.contactId(), p.channel(), p.address(), p.sentAt().toString(),
                p.expiresAt().toString(), Integer.toString(p.wrongTries()), p.toString(),
                new String(p.salt(), StandardCharsets.ISO_8859_1), new String(p.hash(), StandardCharsets.ISO_8859_1),
                HexFormat.of().formatHex(p.salt()), HexFormat.of().formatHex(p.hash()));
    }

    /** What the library logged while the work ran: test logs go to target/test.log (simplelogger.properties). */
    private static String capturingLog(Runnable work) {
        java.nio.file.Path file = java.nio.file.Path.of("target", "test.log");
        try {
            long before = java.nio.file.Files.exists(file) ? java.nio.file.Files.size(file) : 0;
            work.run();
            byte[] all = java.nio.file.Files.readAllBytes(file);
            return new String(all, (int) before, all.length - (int) before, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
