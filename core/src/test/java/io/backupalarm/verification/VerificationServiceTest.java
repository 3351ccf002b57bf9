package io.backupalarm.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.backupalarm.NotFoundException;
import io.backupalarm.ValidationException;
import io.backupalarm.config.Account;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.Contact;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.policy.Recipient;
import io.backupalarm.policy.RecipientResolver;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.VerificationStore;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("VerificationService")
final class VerificationServiceTest {

    private static final Instant START = Instant.parse("2026-03-01T08:00:00Z");
    private static final String ALICE_MAIL = "alice@example.com";
    private static final String ALICE_MOBILE = "+8613800138000";

    /** A channel that keeps every message it is given and answers with a fixed result. */
    static final class RecordingChannel implements Channel {
        private final String name;
        private final List<OutboundMessage> sent = new ArrayList<>();
        private DeliveryResult answer = DeliveryResult.delivered("");

        RecordingChannel(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public synchronized DeliveryResult send(OutboundMessage message) {
            sent.add(message);
            return answer;
        }

        synchronized List<OutboundMessage> sent() {
            return List.copyOf(sent);
        }

        synchronized OutboundMessage last() {
            assertThat(sent).as("messages sent on %s", name).isNotEmpty();
            return sent.get(sent.size() - 1);
        }

        /** The code of the last message, read back from its data as a receiving person would type it. */
        String lastCode() {
            return last().data().get(OutboundMessage.DataKeys.CODE);
        }

        synchronized void answer(DeliveryResult result) {
            this.answer = result;
        }
    }

    private final ManualClock clock = new ManualClock(START);
    private final RecordingChannel email = new RecordingChannel(Channel.EMAIL);
    private final RecordingChannel sms = new RecordingChannel(Channel.SMS);
    private final VerificationStore pending = VerificationStore.inMemory();
    private ConfigurationStore store;
    private ConfigurationAdmin admin;
    private VerificationService service;

    @BeforeEach
    void setUp() throws NoSuchAlgorithmException {
        store = ConfigurationStore.inMemory();
        admin = ConfigurationAdmin.on(store);
        admin.createAccount(new Account("acct", EmailAddress.of("owner@example.com"), null));
        admin.createContact(Contact.unverified("alice", "acct", "Alice", EmailAddress.of(ALICE_MAIL), MobileNumber.of(ALICE_MOBILE)));
        admin.createContact(Contact.unverified("bob", "acct", "Bob", EmailAddress.of("bob@example.com"), null));
        service = builder().build();
    }

    private VerificationService.Builder builder() throws NoSuchAlgorithmException {
        // A seeded generator makes the codes of a run repeatable (and the old and new code of a resend differ).
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(42L);
        // No pause between attempts to send: the tests never wait on the real clock.
        return VerificationService.builder().configuration(store).store(pending).clock(clock).random(random)
                .settings(VerificationSettings.custom().sendRetryWait(Duration.ZERO).build())
                .channel(email).channel(sms);
    }

    private Contact alice() {
        return admin.snapshot().contact("alice").orElseThrow();
    }

    private static String wrong(String code) {
        char first = code.charAt(0);
        return (first == '9' ? '0' : (char) (first + 1)) + code.substring(1);
    }

    @Test
    @DisplayName("start sends a 6-digit code to the contact's current address over the address's channel")
    void startSendsACode() {
        VerificationStarted started = service.start("alice", Channel.EMAIL);

        assertThat(started.delivered()).isTrue();
        assertThat(started.contactId()).isEqualTo("alice");
        assertThat(started.channel()).isEqualTo(Channel.EMAIL);
        assertThat(started.address()).isEqualTo(ALICE_MAIL);
        assertThat(started.expiresAt()).isEqualTo(START.plus(Duration.ofMinutes(10)));
        OutboundMessage message = email.last();
        assertThat(message.address()).isEqualTo(ALICE_MAIL);
        assertThat(message.channel()).isEqualTo(Channel.EMAIL);
        assertThat(message.kind()).isEqualTo(OutboundMessage.Kind.VERIFICATION_CODE);
        assertThat(email.lastCode()).matches("[0-9]{6}");
        assertThat(message.text()).contains(email.lastCode());
        assertThat(message.data()).containsEntry(OutboundMessage.DataKeys.CODE_VALID_MINUTES, "10");
        assertThat(sms.sent()).isEmpty();

        service.start("alice", Channel.SMS);
        assertThat(sms.last().address()).isEqualTo(ALICE_MOBILE);
        assertThat(sms.lastCode()).matches("[0-9]{6}");
    }

    @Test
    @DisplayName("the right code verifies the address, which then receives alarms")
    void rightCodeVerifies() {
        admin.createVault(new Vault("prod", "acct", VaultAlarmPolicy.customized(Set.of("alice"), Set.of())));
        admin.createInstance(new Instance("web", "prod", null));
        assertThat(RecipientResolver.recipients(admin.snapshot(), "web")).as("nobody verified yet").isEmpty();

        service.start("alice", Channel.EMAIL);
        assertThat(service.confirm("alice", Channel.EMAIL, " " + email.lastCode() + "\n")).isEqualTo(VerificationOutcome.VERIFIED);

        assertThat(alice().emailVerified()).isTrue();
        assertThat(alice().mobileVerified()).isFalse();
        assertThat(RecipientResolver.recipients(admin.snapshot(), "web")).containsExactly(new Recipient(Channel.EMAIL, ALICE_MAIL));
        assertThat(pending.find("alice", Channel.EMAIL, "alice@example.com")).as("a used code is gone").isEmpty();
        assertThat(service.confirm("alice", Channel.EMAIL, email.lastCode())).isEqualTo(VerificationOutcome.NO_PENDING_CODE);

        service.start("alice", Channel.SMS);
        assertThat(service.confirm("alice", Channel.SMS, sms.lastCode())).isEqualTo(VerificationOutcome.VERIFIED);
        assertThat(RecipientResolver.recipients(admin.snapshot(), "web")).containsExactlyInAnyOrder(
                new Recipient(Channel.EMAIL, ALICE_MAIL), new Recipient(Channel.SMS, ALICE_MOBILE));
    }

    @Test
    @DisplayName("a wrong code is WRONG_CODE; the 5th is TOO_MANY_TRIES, and then even the right code fails")
    void tooManyTries() {
        service.start("alice", Channel.EMAIL);
        String code = email.lastCode();
        for (int i = 1; i <= 4; i++) {
            assertThat(service.confirm("alice", Channel.EMAIL, wrong(code))).as("wrong try %d", i)
                    .isEqualTo(VerificationOutcome.WRONG_CODE);
            assertThat(pending.find("alice", Channel.EMAIL, "alice@example.com")).map(PendingVerification::wrongTries).contains(i);
        }
        assertThat(service.confirm("alice", Channel.EMAIL, "not a code")).isEqualTo(VerificationOutcome.TOO_MANY_TRIES);
        assertThat(service.confirm("alice", Channel.EMAIL, code)).isEqualTo(VerificationOutcome.NO_PENDING_CODE);
        assertThat(alice().emailVerified()).isFalse();
    }

    @Test
    @DisplayName("a code voided by too many tries still counts for the resend interval: no new code within the minute")
    void tooManyTriesKeepsTheResendLimit() {
        service.start("alice", Channel.EMAIL);
        String code = email.lastCode();
        for (int i = 0; i < 5; i++) {
            service.confirm("alice", Channel.EMAIL, wrong(code));
        }
        clock.advance(Duration.ofSeconds(30));
        assertThatThrownBy(() -> service.start("alice", Channel.EMAIL)).isInstanceOf(VerificationRateLimitedException.class);
        assertThat(service.confirm("alice", Channel.EMAIL, code)).isEqualTo(VerificationOutcome.NO_PENDING_CODE);

        clock.advance(Duration.ofSeconds(30));
        assertThat(service.start("alice", Channel.EMAIL).delivered()).isTrue();
        assertThat(service.confirm("alice", Channel.EMAIL, email.lastCode())).isEqualTo(VerificationOutcome.VERIFIED);
    }

    @Test
    @DisplayName("a right code after some wrong ones still verifies")
    void rightAfterWrong() {
        service.start("alice", Channel.EMAIL);
        String code = email.lastCode();
        for (int i = 0; i < 4; i++) {
            service.confirm("alice", Channel.EMAIL, wrong(code));
        }
        assertThat(service.confirm("alice", Channel.EMAIL, code)).isEqualTo(VerificationOutcome.VERIFIED);
    }

    @Test
    @DisplayName("a code is EXPIRED 10 minutes after it was sent, and valid just before")
    void expiry() {
        service.start("alice", Channel.EMAIL);
        clock.advance(Duration.ofMinutes(10));
        assertThat(service.confirm("alice", Channel.EMAIL, email.lastCode())).isEqualTo(VerificationOutcome.EXPIRED);
        assertThat(service.confirm("alice", Channel.EMAIL, email.lastCode())).isEqualTo(VerificationOutcome.NO_PENDING_CODE);
        assertThat(alice().emailVerified()).isFalse();

        service.start("alice", Channel.EMAIL);
        clock.advance(Duration.ofMinutes(10).minusSeconds(1));
        assertThat(service.confirm("alice", Channel.EMAIL, email.lastCode())).isEqualTo(VerificationOutcome.VERIFIED);
    }

    @Test
    @DisplayName("a new code within a minute is refused; after a minute it is sent and the old code is void")
    void resend() {
        service.start("alice", Channel.EMAIL);
        String first = email.lastCode();
        clock.advance(Duration.ofSeconds(59));

        VerificationRateLimitedException limited = catchThrowableOfType(VerificationRateLimitedException.class,
                () -> service.start("alice", Channel.EMAIL));
        assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(limited.getMessage()).contains("alice").contains("email");
        assertThat(email.sent()).hasSize(1);
        assertThat(service.start("alice", Channel.SMS).delivered()).as("the other channel is not limited").isTrue();

        clock.advance(Duration.ofSeconds(1));
        assertThat(service.start("alice", Channel.EMAIL).delivered()).isTrue();
        String second = email.lastCode();
        assertThat(second).isNotEqualTo(first);
        assertThat(service.confirm("alice", Channel.EMAIL, first)).isEqualTo(VerificationOutcome.WRONG_CODE);
        assertThat(service.confirm("alice", Channel.EMAIL, second)).isEqualTo(VerificationOutcome.VERIFIED);
    }

    @Test
    @DisplayName("a code sent before the address changed is ADDRESS_CHANGED and verifies nothing")
    void addressChanged() {
        service.start("alice", Channel.EMAIL);
        String code = email.lastCode();
        admin.updateContact(alice().withEmail(EmailAddress.of("alice@example.org")));

        assertThat(service.confirm("alice", Channel.EMAIL, code)).isEqualTo(VerificationOutcome.ADDRESS_CHANGED);
        assertThat(alice().emailVerified()).isFalse();
        assertThat(service.confirm("alice", Channel.EMAIL, code)).isEqualTo(VerificationOutcome.NO_PENDING_CODE);

        assertThat(service.start("alice", Channel.EMAIL).address()).as("a new address is not rate-limited by the old")
                .isEqualTo("alice@example.org");
        assertThat(service.confirm("alice", Channel.EMAIL, email.lastCode())).isEqualTo(VerificationOutcome.VERIFIED);
        assertThat(alice().verifiedEmail()).contains(EmailAddress.of("alice@example.org"));
    }

    @Test
    @DisplayName("a channel that is not installed: start reports not delivered and leaves no pending code")
    void channelMissing() throws NoSuchAlgorithmException {
        VerificationService emailOnly = VerificationService.builder().configuration(store).store(pending).clock(clock)
                .channel(email).build();
        VerificationStarted started = emailOnly.start("alice", Channel.SMS);

        assertThat(started.delivered()).isFalse();
        assertThat(started.delivery()).isInstanceOf(DeliveryResult.PermanentFailure.class);
        assertThat(((DeliveryResult.PermanentFailure) started.delivery()).reason()).contains("sms");
        assertThat(pending.find("alice", Channel.SMS, "+8613800138000")).isEmpty();
        assertThat(emailOnly.confirm("alice", Channel.SMS, "123456")).isEqualTo(VerificationOutcome.NO_PENDING_CODE);
        assertThat(emailOnly.start("alice", Channel.SMS).delivered()).as("may be asked again at once").isFalse();
    }

    @Test
    @DisplayName("a channel that fails or throws on every attempt: start reports not delivered and leaves no pending code")
    void channelFails() throws NoSuchAlgorithmException {
        email.answer(DeliveryResult.temporaryFailure("mailbox busy"));
        assertThat(service.start("alice", Channel.EMAIL).delivery()).isInstanceOf(DeliveryResult.TemporaryFailure.class);
        assertThat(email.sent()).as("every attempt of the defaults").hasSize(3);
        assertThat(pending.find("alice", Channel.EMAIL, "alice@example.com")).isEmpty();

        Channel throwing = new Channel() {
            @Override
            public String name() {
                return Channel.SMS;
            }

            @Override
            public DeliveryResult send(OutboundMessage message) {
                throw new IllegalStateException("gateway down");
            }
        };
        VerificationService withThrowing = builder().channel(throwing).build();
        assertThat(withThrowing.start("alice", Channel.SMS).delivered()).isFalse();
        assertThat(pending.find("alice", Channel.SMS, "+8613800138000")).isEmpty();
    }

    @Test
    @DisplayName("an unknown contact is a NotFoundException, on start and on confirm")
    void unknownContact() {
        assertThatThrownBy(() -> service.start("nobody", Channel.EMAIL))
                .isInstanceOf(NotFoundException.class).hasMessage("contact nobody does not exist");
        assertThatThrownBy(() -> service.confirm("nobody", Channel.EMAIL, "123456"))
                .isInstanceOf(NotFoundException.class);
        assertThat(email.sent()).isEmpty();
    }

    @Test
    @DisplayName("a contact without an address on that channel is a ValidationException naming the field")
    void noAddressOnChannel() {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> service.start("bob", Channel.SMS));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("contacts[bob].mobile");
            assertThat(p.message()).contains("bob").contains("sms");
        });
        assertThat(sms.sent()).isEmpty();
    }

    @Test
    @DisplayName("a channel name that is not valid is refused; a valid one the contact holds no address on is a ValidationException")
    void unknownChannel() {
        assertThatIllegalArgumentException().isThrownBy(() -> service.start("alice", "Fax!")).withMessageContaining("'Fax!'");
        assertThatIllegalArgumentException().isThrownBy(() -> service.confirm("alice", "Fax!", "123456"));
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> service.start("alice", "fax"));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("contacts[alice].addresses");
            assertThat(p.message()).contains("alice").contains("fax");
        });
        assertThat(service.confirm("alice", "fax", "123456")).isEqualTo(VerificationOutcome.NO_PENDING_CODE);
        assertThat(email.sent()).isEmpty();
    }

    @Test
    @DisplayName("the stored pending code holds no plain code, only a salted hash; every code has its own salt")
    void storesOnlySaltedHashes() {
        service.start("alice", Channel.EMAIL);
        String firstCode = email.lastCode();
        PendingVerification first = pending.find("alice", Channel.EMAIL, "alice@example.com").orElseThrow();
        clock.advance(Duration.ofMinutes(1));
        service.start("alice", Channel.EMAIL);
        String secondCode = email.lastCode();
        PendingVerification second = pending.find("alice", Channel.EMAIL, "alice@example.com").orElseThrow();

        for (var pair : List.of(List.of(first, firstCode), List.of(second, secondCode))) {
            PendingVerification stored = (PendingVerification) pair.get(0);
            byte[] code = ((String) pair.get(1)).getBytes(StandardCharsets.US_ASCII);
            assertThat(stored.hash()).isNotEqualTo(code);
            assertThat(stored.hash().length).isGreaterThanOrEqualTo(16);
            assertThat(indexOf(stored.hash(), code)).as("the code's bytes inside the hash").isEqualTo(-1);
            assertThat(indexOf(stored.salt(), code)).as("the code's bytes inside the salt").isEqualTo(-1);
            assertThat(stored.toString()).doesNotContain((String) pair.get(1));
            assertThat(stored.address()).isEqualTo(ALICE_MAIL);
        }
        assertThat(first.salt()).isNotEqualTo(second.salt());
        assertThat(first.hash()).isNotEqualTo(second.hash());
        assertThat(second.sentAt()).isEqualTo(START.plus(Duration.ofMinutes(1)));
        assertThat(second.expiresAt()).isEqualTo(START.plus(Duration.ofMinutes(11)));
    }

    @Test
    @DisplayName("codes for different contacts have different salts of the same length")
    void saltPerCode() {
        service.start("alice", Channel.EMAIL);
        PendingVerification one = pending.find("alice", Channel.EMAIL, "alice@example.com").orElseThrow();
        service.start("bob", Channel.EMAIL);
        PendingVerification two = pending.find("bob", Channel.EMAIL, "bob@example.com").orElseThrow();
        assertThat(one.salt()).isNotEqualTo(two.salt());
        assertThat(one.salt()).hasSize(two.salt().length);
    }

    @Test
    @DisplayName("custom settings are honoured: code length, validity, tries and resend interval")
    void customSettings() throws NoSuchAlgorithmException {
        VerificationService custom = builder().settings(VerificationSettings.custom().codeLength(8)
                .codeValidity(Duration.ofMinutes(2)).maxWrongTries(1).resendInterval(Duration.ZERO)
                .sendRetryWait(Duration.ZERO).build()).build();
        custom.start("alice", Channel.EMAIL);
        assertThat(email.lastCode()).matches("[0-9]{8}");
        assertThat(custom.start("alice", Channel.EMAIL).delivered()).as("no resend interval").isTrue();
        assertThat(custom.confirm("alice", Channel.EMAIL, wrong(email.lastCode()))).isEqualTo(VerificationOutcome.TOO_MANY_TRIES);

        custom.start("alice", Channel.EMAIL);
        clock.advance(Duration.ofMinutes(2));
        assertThat(custom.confirm("alice", Channel.EMAIL, email.lastCode())).isEqualTo(VerificationOutcome.EXPIRED);
    }

    @Test
    @DisplayName("the builder needs a configuration store")
    void builderNeedsConfiguration() {
        assertThatThrownBy(() -> VerificationService.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("configuration");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return Arrays.equals(needle, new byte[0]) ? 0 : -1;
    }
}
