package io.backupalarm.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.backupalarm.NotFoundException;
import io.backupalarm.ValidationException;
import io.backupalarm.config.Account;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactAddress;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.VerificationStore;
import io.backupalarm.testsupport.TestChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Verification of further addresses: codes posted over the address's own channel, per address. */
final class FurtherAddressVerificationTest {

    private static final Instant START = Instant.parse("2026-03-01T08:00:00Z");
    private static final String ROOM_A = "https://oapi.dingtalk.com/robot/send?access_token=a";
    private static final String ROOM_B = "https://oapi.dingtalk.com/robot/send?access_token=b";
    private static final String SLACK = "https://hooks.slack.com/services/T0/B0/x";

    private final ManualClock clock = new ManualClock(START);
    private final TestChannel dingtalk = new TestChannel(Channel.DINGTALK, clock);
    private final TestChannel slack = new TestChannel(Channel.SLACK, clock);
    private final TestChannel email = new TestChannel(Channel.EMAIL, clock);
    private final VerificationStore pending = VerificationStore.inMemory();
    private ConfigurationAdmin admin;
    private VerificationService service;

    @BeforeEach
    void setUp() {
        ConfigurationStore store = ConfigurationStore.inMemory();
        admin = ConfigurationAdmin.on(store);
        admin.createAccount(new Account("acct", EmailAddress.of("owner@example.com"), null));
        // Two rooms on one channel, a slack hook, and an email: all unverified.
        admin.createContact(new Contact("ops", "acct", "Ops", EmailAddress.of("ops@example.com"), null, true, false,
                List.of(ContactAddress.verified(Channel.DINGTALK, ROOM_A, "ding-a"),
                        ContactAddress.verified(Channel.DINGTALK, ROOM_B, null),
                        ContactAddress.verified(Channel.SLACK, SLACK, "slack-1"))));
        service = VerificationService.builder().configuration(store).store(pending).clock(clock)
                .settings(VerificationSettings.custom().sendRetryWait(Duration.ZERO).build())
                .channel(dingtalk).channel(slack).channel(email).build();
    }

    private Contact ops() {
        return admin.snapshot().contact("ops").orElseThrow();
    }

    /** The code of the last message a channel was handed. */
    private static OutboundMessage last(TestChannel channel) {
        List<TestChannel.Call> calls = channel.calls();
        return calls.get(calls.size() - 1).message();
    }

    private static String code(TestChannel channel) {
        return last(channel).data().get(OutboundMessage.DataKeys.CODE);
    }

    private static String wrong(String code) {
        char first = code.charAt(0);
        return (first == '9' ? '0' : (char) (first + 1)) + code.substring(1);
    }

    @Test
    @DisplayName("createContact stores further addresses unverified, in order, with their secret ids")
    void createdUnverified() {
        assertThat(ops().addresses()).extracting(ContactAddress::verified).containsOnly(false);
        assertThat(ops().addresses()).extracting(ContactAddress::address).containsExactly(ROOM_A, ROOM_B, SLACK);
        assertThat(ops().addresses()).extracting(ContactAddress::secret).containsExactly("ding-a", null, "slack-1");
        assertThat(ops().emailVerified()).isFalse();
    }

    @Test
    @DisplayName("a code goes to the named room over dingtalk with the address's secret id; the right code verifies exactly that room")
    void namedRoomVerified() {
        VerificationStarted started = service.start("ops", Channel.DINGTALK, ROOM_A);

        assertThat(started.delivered()).isTrue();
        assertThat(started.address()).isEqualTo(ROOM_A);
        OutboundMessage message = last(dingtalk);
        assertThat(message.kind()).isEqualTo(OutboundMessage.Kind.VERIFICATION_CODE);
        assertThat(message.channel()).isEqualTo(Channel.DINGTALK);
        assertThat(message.address()).isEqualTo(ROOM_A);
        assertThat(message.data()).containsEntry(OutboundMessage.DataKeys.SECRET, "ding-a");
        assertThat(code(dingtalk)).hasSize(6).containsOnlyDigits();
        assertThat(message.text()).contains(code(dingtalk));

        assertThat(service.confirm("ops", Channel.DINGTALK, ROOM_A, code(dingtalk))).isEqualTo(VerificationOutcome.VERIFIED);
        assertThat(ops().address(Channel.DINGTALK, ROOM_A)).hasValueSatisfying(a -> assertThat(a.verified()).isTrue());
        assertThat(ops().address(Channel.DINGTALK, ROOM_B)).hasValueSatisfying(a -> assertThat(a.verified()).isFalse());
        assertThat(ops().address(Channel.SLACK, SLACK)).hasValueSatisfying(a -> assertThat(a.verified()).isFalse());
        assertThat(ops().emailVerified()).isFalse();
    }

    @Test
    @DisplayName("two rooms on one channel have a code each: neither replaces nor rate-limits the other")
    void twoRoomsTwoCodes() {
        service.start("ops", Channel.DINGTALK, ROOM_A);
        String codeA = code(dingtalk);
        service.start("ops", Channel.DINGTALK, ROOM_B);
        String codeB = code(dingtalk);
        assertThat(last(dingtalk).data()).doesNotContainKey(OutboundMessage.DataKeys.SECRET);

        assertThat(service.confirm("ops", Channel.DINGTALK, ROOM_B, codeB)).isEqualTo(VerificationOutcome.VERIFIED);
        assertThat(service.confirm("ops", Channel.DINGTALK, ROOM_A, codeA)).isEqualTo(VerificationOutcome.VERIFIED);
        assertThat(ops().verifiedAddresses()).extracting(ContactAddress::address).containsExactly(ROOM_A, ROOM_B);
    }

    @Test
    @DisplayName("start and confirm without an address work on a channel with one further address")
    void oneAddressOnTheChannel() {
        VerificationStarted started = service.start("ops", Channel.SLACK);
        assertThat(started.address()).isEqualTo(SLACK);
        assertThat(last(slack).data()).containsEntry(OutboundMessage.DataKeys.SECRET, "slack-1");
        assertThat(service.confirm("ops", Channel.SLACK, code(slack))).isEqualTo(VerificationOutcome.VERIFIED);
        assertThat(ops().verifiedAddresses()).extracting(ContactAddress::address).containsExactly(SLACK);
    }

    @Test
    @DisplayName("without an address on a channel with two: a ValidationException saying to name the address, and nothing sent or changed")
    void ambiguousChannel() {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> service.start("ops", Channel.DINGTALK));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("contacts[ops].addresses");
            assertThat(p.message()).contains("ops", "2 dingtalk addresses", "name the address");
        });
        service.start("ops", Channel.DINGTALK, ROOM_A);
        String code = code(dingtalk);
        Contact before = ops();
        assertThat(catchThrowableOfType(ValidationException.class,
                () -> service.confirm("ops", Channel.DINGTALK, code)).getMessage()).contains("name the address");

        assertThat(dingtalk.calls()).hasSize(1);
        assertThat(ops()).isEqualTo(before);
        assertThat(pending.find("ops", Channel.DINGTALK, ROOM_A)).map(PendingVerification::wrongTries).contains(0);
    }

    @Test
    @DisplayName("an unknown contact is a NotFoundException, an address the contact does not hold a ValidationException naming it; nothing changes")
    void unknownContactOrAddress() {
        Contact before = ops();
        assertThat(catchThrowableOfType(NotFoundException.class,
                () -> service.start("nobody", Channel.DINGTALK, ROOM_A)).getMessage()).contains("nobody");
        assertThat(catchThrowableOfType(NotFoundException.class,
                () -> service.confirm("nobody", Channel.DINGTALK, ROOM_A, "123456")).getMessage()).contains("nobody");
        String unknown = "https://oapi.dingtalk.com/robot/send?access_token=zzz";
        for (ValidationException e : List.of(
                catchThrowableOfType(ValidationException.class, () -> service.start("ops", Channel.DINGTALK, unknown)),
                catchThrowableOfType(ValidationException.class,
                        () -> service.confirm("ops", Channel.DINGTALK, unknown, "123456")))) {
            assertThat(e.problems()).singleElement().satisfies(p -> {
                assertThat(p.path()).isEqualTo("contacts[ops].addresses");
                assertThat(p.message()).contains("ops", "dingtalk", unknown);
            });
        }
        assertThat(catchThrowableOfType(ValidationException.class,
                () -> service.start("ops", Channel.WECOM)).getMessage()).contains("no wecom address");

        assertThat(dingtalk.calls()).isEmpty();
        assertThat(ops()).isEqualTo(before);
        assertThat(pending.findAll("ops", Channel.DINGTALK)).isEmpty();
    }

    @Test
    @DisplayName("a wrong code is WRONG_CODE and verifies nothing; the right one then still verifies")
    void wrongCode() {
        service.start("ops", Channel.DINGTALK, ROOM_A);
        String code = code(dingtalk);
        Contact before = ops();

        assertThat(service.confirm("ops", Channel.DINGTALK, ROOM_A, wrong(code))).isEqualTo(VerificationOutcome.WRONG_CODE);
        assertThat(service.confirm("ops", Channel.DINGTALK, ROOM_B, code)).as("the code of another room")
                .isEqualTo(VerificationOutcome.NO_PENDING_CODE);
        assertThat(ops()).isEqualTo(before);
        assertThat(service.confirm("ops", Channel.DINGTALK, ROOM_A, code)).isEqualTo(VerificationOutcome.VERIFIED);
    }

    @Test
    @DisplayName("a room replaced between start and confirm: ADDRESS_CHANGED, the code is void, and the new room stays unverified")
    void addressReplacedInBetween() {
        service.start("ops", Channel.SLACK);
        String code = code(slack);
        String newHook = "https://hooks.slack.com/services/T0/B0/y";
        admin.updateContact(ops().withAddresses(List.of(ContactAddress.unverified(Channel.SLACK, newHook, "slack-1"))));
        Contact before = ops();

        assertThat(service.confirm("ops", Channel.SLACK, code)).isEqualTo(VerificationOutcome.ADDRESS_CHANGED);
        assertThat(ops()).isEqualTo(before);
        assertThat(service.confirm("ops", Channel.SLACK, code)).as("void").isEqualTo(VerificationOutcome.NO_PENDING_CODE);
        assertThat(pending.findAll("ops", Channel.SLACK)).isEmpty();
    }

    @Test
    @DisplayName("a named room removed between start and confirm: ADDRESS_CHANGED, and the code is void")
    void namedAddressRemovedInBetween() {
        service.start("ops", Channel.DINGTALK, ROOM_B);
        String code = code(dingtalk);
        admin.updateContact(ops().withAddresses(List.of(ContactAddress.unverified(Channel.DINGTALK, ROOM_A, "ding-a"))));
        Contact before = ops();

        assertThat(service.confirm("ops", Channel.DINGTALK, ROOM_B, code)).isEqualTo(VerificationOutcome.ADDRESS_CHANGED);
        assertThat(ops()).isEqualTo(before);
        assertThat(pending.findAll("ops", Channel.DINGTALK)).isEmpty();
    }

    @Test
    @DisplayName("a room whose secret id changed between start and confirm: ADDRESS_CHANGED, since the code was posted with the old secret")
    void secretChangedInBetween() {
        service.start("ops", Channel.DINGTALK, ROOM_A);
        String code = code(dingtalk);
        List<ContactAddress> changed = ops().addresses().stream().map(a -> a.sameTarget(Channel.DINGTALK, ROOM_A)
                ? ContactAddress.unverified(Channel.DINGTALK, ROOM_A, "ding-a2") : a).toList();
        admin.updateContact(ops().withAddresses(changed));
        Contact before = ops();

        assertThat(service.confirm("ops", Channel.DINGTALK, ROOM_A, code)).isEqualTo(VerificationOutcome.ADDRESS_CHANGED);
        assertThat(ops()).isEqualTo(before);
        assertThat(ops().address(Channel.DINGTALK, ROOM_A)).hasValueSatisfying(a -> assertThat(a.verified()).isFalse());

        clock.advance(Duration.ofMinutes(1));
        service.start("ops", Channel.DINGTALK, ROOM_A);
        assertThat(last(dingtalk).data()).containsEntry(OutboundMessage.DataKeys.SECRET, "ding-a2");
        assertThat(service.confirm("ops", Channel.DINGTALK, ROOM_A, code(dingtalk))).isEqualTo(VerificationOutcome.VERIFIED);
    }

    @Test
    @DisplayName("a further address is rate-limited like an email: a new code for the same room at most once a minute")
    void rateLimitedPerRoom() {
        service.start("ops", Channel.DINGTALK, ROOM_A);
        VerificationRateLimitedException e = catchThrowableOfType(VerificationRateLimitedException.class,
                () -> service.start("ops", Channel.DINGTALK, ROOM_A));
        assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(dingtalk.calls()).hasSize(1);
    }

    @Test
    @DisplayName("no channel of that name installed: the code is not delivered, says so, and is discarded")
    void channelNotInstalled() {
        admin.updateContact(ops().withAddresses(List.of(ContactAddress.unverified(Channel.WECOM,
                "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", null))));
        VerificationStarted started = service.start("ops", Channel.WECOM);
        assertThat(started.delivered()).isFalse();
        assertThat(started.delivery().toString()).contains("no channel 'wecom' is installed");
        assertThat(pending.findAll("ops", Channel.WECOM)).isEmpty();
    }

    @Test
    @DisplayName("updateContact keeps a further address verified only when target and secret id are unchanged")
    void updateKeepsVerificationByTheRule() {
        admin.importContact(new Contact("room", "acct", "Room", null, null, false, false, List.of(
                ContactAddress.verified(Channel.DINGTALK, ROOM_A, "ding-a"),
                ContactAddress.verified(Channel.DINGTALK, ROOM_B, null),
                ContactAddress.verified(Channel.SLACK, SLACK, null))));
        Contact updated = admin.updateContact(new Contact("room", "acct", "Room", EmailAddress.of("room@example.com"),
                null, true, false, List.of(
                        ContactAddress.unverified(Channel.SLACK, SLACK, null),
                        ContactAddress.verified(Channel.DINGTALK, ROOM_A, "ding-other"),
                        ContactAddress.verified(Channel.WEBHOOK, "https://hooks.example.com/x", null))));

        assertThat(updated.addresses()).extracting(ContactAddress::channel, ContactAddress::verified).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Channel.SLACK, true),
                org.assertj.core.groups.Tuple.tuple(Channel.DINGTALK, false),
                org.assertj.core.groups.Tuple.tuple(Channel.WEBHOOK, false));
        assertThat(updated.emailVerified()).as("a new email is unverified whatever the argument says").isFalse();
        assertThat(admin.snapshot().contact("room")).contains(updated);
    }

    @Test
    @DisplayName("updateContact of a contact with further addresses into another account is refused, naming the field, and changes nothing")
    void updateRefusedChangesNothing() {
        admin.createAccount(new Account("other", EmailAddress.of("other@example.com"), null));
        Contact before = ops();
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> admin.updateContact(new Contact(
                "ops", "other", "Ops", null, null, false, false,
                List.of(ContactAddress.unverified(Channel.SLACK, SLACK, null)))));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("contacts[ops].account");
            assertThat(p.message()).contains("ops", "acct", "other");
        });
        assertThat(ops()).isEqualTo(before);
    }
}
