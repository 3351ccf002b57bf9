package io.backupalarm.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("VerificationService sending codes")
final class VerificationSendingTest {

    private static final Instant START = Instant.parse("2026-03-01T08:00:00Z");
    /** Bounds a hang only; nothing here waits for time to pass. */
    private static final long HANG_SECONDS = 60;
    private static final String ALICE_MAIL = "alice@example.com";
    private static final String BOB_MAIL = "bob@example.com";

    /**
     * A channel that answers each send with the next scripted behaviour (delivered once the
     * script is used up) and keeps every message it was handed.
     */
    static final class ScriptedChannel implements Channel {
        private final String name;
        private final Deque<Function<OutboundMessage, DeliveryResult>> script = new ArrayDeque<>();
        private final List<OutboundMessage> attempts = new ArrayList<>();

        ScriptedChannel(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public DeliveryResult send(OutboundMessage message) {
            Function<OutboundMessage, DeliveryResult> next;
            synchronized (this) {
                attempts.add(message);
                next = script.poll();
            }
            // Outside the monitor: a scripted behaviour may block, and must not block other sends.
            return next == null ? DeliveryResult.delivered("ok-" + message.idempotencyKey()) : next.apply(message);
        }

        synchronized ScriptedChannel then(Function<OutboundMessage, DeliveryResult> behaviour) {
            script.add(behaviour);
            return this;
        }

        ScriptedChannel thenAnswer(DeliveryResult result) {
            return then(message -> result);
        }

        synchronized List<OutboundMessage> attempts() {
            return List.copyOf(attempts);
        }

        synchronized String lastCode() {
            return attempts.get(attempts.size() - 1).data().get(OutboundMessage.DataKeys.CODE);
        }
    }

    private final ManualClock clock = new ManualClock(START);
    private final ScriptedChannel email = new ScriptedChannel(Channel.EMAIL);
    private final ScriptedChannel sms = new ScriptedChannel(Channel.SMS);
    private final VerificationStore pending = VerificationStore.inMemory();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private ConfigurationStore configuration;
    private ConfigurationAdmin admin;
    private VerificationService service;

    @BeforeEach
    void setUp() {
        configuration = ConfigurationStore.inMemory();
        admin = ConfigurationAdmin.on(configuration);
        admin.createAccount(new Account("acct", EmailAddress.of("owner@example.com"), null));
        admin.createContact(Contact.unverified("alice", "acct", "Alice", EmailAddress.of(ALICE_MAIL),
                MobileNumber.of("+8613800138000")));
        admin.createContact(Contact.unverified("bob", "acct", "Bob", EmailAddress.of(BOB_MAIL), null));
        service = VerificationService.builder().configuration(configuration).store(pending).clock(clock)
                .settings(VerificationSettings.custom().sendAttempts(3).sendRetryWait(Duration.ZERO).build())
                .channel(email).channel(sms).build();
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(HANG_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    private boolean verified(String contact) {
        return admin.snapshot().contact(contact).orElseThrow().emailVerified();
    }

    @Test
    @DisplayName("while the channel hangs on one address, another contact's verification completes, and the same address is not blocked either")
    void slowChannelBlocksOnlyItsCaller() throws Exception {
        CountDownLatch aliceSending = new CountDownLatch(1);
        CountDownLatch releaseAlice = new CountDownLatch(1);
        email.then(message -> {
            assertThat(message.address()).isEqualTo(ALICE_MAIL);
            aliceSending.countDown();
            try {
                // Stands for an SMTP server that takes its time; released by the test, bounded only against a hang.
                return releaseAlice.await(HANG_SECONDS, TimeUnit.SECONDS) ? DeliveryResult.delivered("slow")
                        : DeliveryResult.temporaryFailure("test released nothing");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return DeliveryResult.temporaryFailure("interrupted");
            }
        });
        Future<VerificationStarted> alice = threads.submit(() -> service.start("alice", Channel.EMAIL));
        assertThat(aliceSending.await(HANG_SECONDS, TimeUnit.SECONDS)).as("alice's code is being sent").isTrue();

        Future<VerificationOutcome> bob = threads.submit(() -> {
            assertThat(service.start("bob", Channel.EMAIL).delivered()).isTrue();
            return service.confirm("bob", Channel.EMAIL, email.lastCode());
        });
        assertThat(bob.get(HANG_SECONDS, TimeUnit.SECONDS)).isEqualTo(VerificationOutcome.VERIFIED);
        assertThat(verified("bob")).isTrue();

        Future<?> aliceAgain = threads.submit(() -> {
            assertThat(service.start("alice", Channel.SMS).delivered()).as("alice's other channel").isTrue();
            assertThatThrownBy(() -> service.start("alice", Channel.EMAIL)).as("the address being sent to")
                    .isInstanceOf(VerificationRateLimitedException.class);
            return null;
        });
        aliceAgain.get(HANG_SECONDS, TimeUnit.SECONDS);
        assertThat(alice.isDone()).as("alice's send is still held").isFalse();

        releaseAlice.countDown();
        VerificationStarted started = alice.get(HANG_SECONDS, TimeUnit.SECONDS);
        assertThat(started.delivered()).isTrue();
        String aliceCode = email.attempts().get(0).data().get(OutboundMessage.DataKeys.CODE);
        assertThat(service.confirm("alice", Channel.EMAIL, aliceCode)).isEqualTo(VerificationOutcome.VERIFIED);
    }

    @Test
    @DisplayName("confirms of different contacts run at once: neither waits for the other")
    void confirmsOfDifferentContactsRunInParallel() throws Exception {
        service.start("alice", Channel.EMAIL);
        String aliceCode = email.lastCode();
        service.start("bob", Channel.EMAIL);
        String bobCode = email.lastCode();
        // Both confirms must be inside the store together: with one lock for every contact, the
        // second could not begin until the first returned, and the first would wait at the gate.
        CountDownLatch bothInside = new CountDownLatch(2);
        VerificationService gatedService = VerificationService.builder().configuration(configuration)
                .store(new GatedStore(pending, bothInside)).clock(clock).channel(email).build();
        CompletableFuture<VerificationOutcome> a =
                CompletableFuture.supplyAsync(() -> gatedService.confirm("alice", Channel.EMAIL, aliceCode), threads);
        CompletableFuture<VerificationOutcome> b =
                CompletableFuture.supplyAsync(() -> gatedService.confirm("bob", Channel.EMAIL, bobCode), threads);
        assertThat(a.get(HANG_SECONDS, TimeUnit.SECONDS)).isEqualTo(VerificationOutcome.VERIFIED);
        assertThat(b.get(HANG_SECONDS, TimeUnit.SECONDS)).isEqualTo(VerificationOutcome.VERIFIED);
    }

    /** A store whose takeTry lets no caller through until the gate's count of callers is inside. */
    private static final class GatedStore implements VerificationStore {
        private final VerificationStore store;
        private final CountDownLatch gate;

        GatedStore(VerificationStore store, CountDownLatch gate) {
            this.store = store;
            this.gate = gate;
        }

        @Override
        public Optional<PendingVerification> find(String contactId, String channel, String address) {
            return store.find(contactId, channel, address);
        }

        @Override
        public List<PendingVerification> findAll(String contactId, String channel) {
            return store.findAll(contactId, channel);
        }

        @Override
        public void save(PendingVerification verification) {
            store.save(verification);
        }

        @Override
        public Optional<PendingVerification> takeTry(String contactId, String channel, String address, int maxTries,
                                                     Instant now) {
            gate.countDown();
            try {
                if (!gate.await(HANG_SECONDS, TimeUnit.SECONDS)) {
                    throw new AssertionError("the other confirm never came in while this one was inside");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted at the gate", e);
            }
            return store.takeTry(contactId, channel, address, maxTries, now);
        }

        @Override
        public void delete(String contactId, String channel, String address) {
            store.delete(contactId, channel, address);
        }

        @Override
        public boolean remove(PendingVerification verification) {
            return store.remove(verification);
        }
    }

    @Test
    @DisplayName("a temporary failure is sent again, with the same idempotency key, until delivered")
    void temporaryFailureRetried() {
        email.thenAnswer(DeliveryResult.temporaryFailure("421 try later"))
                .then(message -> {
                    throw new IllegalStateException("connection reset");
                });

        VerificationStarted started = service.start("alice", Channel.EMAIL);

        assertThat(started.delivered()).isTrue();
        List<OutboundMessage> attempts = email.attempts();
        assertThat(attempts).hasSize(3);
        assertThat(attempts).extracting(OutboundMessage::idempotencyKey).containsOnly(attempts.get(0).idempotencyKey());
        assertThat(attempts).extracting(m -> m.data().get(OutboundMessage.DataKeys.CODE)).containsOnly(email.lastCode());
        assertThat(service.confirm("alice", Channel.EMAIL, email.lastCode())).isEqualTo(VerificationOutcome.VERIFIED);
    }

    @Test
    @DisplayName("temporary failures on every attempt: sendAttempts attempts, then not delivered and the code discarded")
    void temporaryFailureGivesUp() {
        for (int i = 0; i < 3; i++) {
            email.thenAnswer(DeliveryResult.temporaryFailure("451 busy " + i));
        }
        VerificationStarted started = service.start("alice", Channel.EMAIL);

        assertThat(started.delivery()).isEqualTo(DeliveryResult.temporaryFailure("451 busy 2"));
        assertThat(email.attempts()).hasSize(3);
        assertThat(pending.find("alice", Channel.EMAIL, "alice@example.com")).isEmpty();
        assertThat(service.start("alice", Channel.EMAIL).delivered()).as("may be asked again at once").isTrue();
    }

    @Test
    @DisplayName("a permanent failure is not sent again")
    void permanentFailureNotRetried() {
        email.thenAnswer(DeliveryResult.permanentFailure("550 no such mailbox"));

        VerificationStarted started = service.start("alice", Channel.EMAIL);

        assertThat(started.delivery()).isEqualTo(DeliveryResult.permanentFailure("550 no such mailbox"));
        assertThat(email.attempts()).hasSize(1);
        assertThat(pending.find("alice", Channel.EMAIL, "alice@example.com")).isEmpty();
    }

    @Test
    @DisplayName("a provider asking for a longer pause than sendRetryWait is not kept waiting for; one asking for none is retried")
    void retryAfterHint() {
        email.thenAnswer(DeliveryResult.temporaryFailure("429 slow down", Duration.ofSeconds(30)));
        assertThat(service.start("alice", Channel.EMAIL).delivered()).isFalse();
        assertThat(email.attempts()).hasSize(1);

        email.thenAnswer(DeliveryResult.temporaryFailure("429 again", Duration.ZERO));
        assertThat(service.start("alice", Channel.EMAIL).delivered()).isTrue();
        assertThat(email.attempts()).hasSize(3);
    }

    @Test
    @DisplayName("with one send attempt nothing is retried")
    void singleAttempt() {
        VerificationService once = VerificationService.builder().configuration(configuration).store(pending)
                .clock(clock).settings(VerificationSettings.custom().sendAttempts(1).build()).channel(email).build();
        email.thenAnswer(DeliveryResult.temporaryFailure("421 try later"));
        assertThat(once.start("alice", Channel.EMAIL).delivered()).isFalse();
        assertThat(email.attempts()).hasSize(1);
    }

    @Test
    @DisplayName("send settings reject bad values, naming them")
    void sendSettingsValidated() {
        assertThatThrownBy(() -> VerificationSettings.custom().sendAttempts(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sendAttempts");
        assertThatThrownBy(() -> VerificationSettings.custom().sendAttempts(6))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sendAttempts");
        assertThatThrownBy(() -> VerificationSettings.custom().sendRetryWait(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sendRetryWait");
        assertThatThrownBy(() -> VerificationSettings.custom().sendRetryWait(Duration.ofSeconds(11)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sendRetryWait");
        VerificationSettings defaults = VerificationSettings.ofDefaults();
        assertThat(defaults.sendAttempts()).isEqualTo(3);
        assertThat(defaults.sendRetryWait()).isEqualTo(Duration.ofSeconds(1));
    }
}
