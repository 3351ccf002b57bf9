package io.backupalarm.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.config.Account;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.Contact;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmListener;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.testsupport.TestChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A channel whose sends never return (a provider that hangs), next to one that works. */
final class StuckChannelTest {

    /** Only bounds a hang. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int EMAILS = 6;

    private final Clock clock = Clock.systemUTC();
    private final TestChannel email = new TestChannel(Channel.EMAIL, clock);
    /** Held for good: every send waits until it is interrupted. */
    private final TestChannel sms = new TestChannel(Channel.SMS, clock).hold();

    /** i-mail tells six contacts by email and one of them by SMS too; i-sms tells one contact by SMS only. */
    private static Configuration configuration() {
        Configuration.Builder config = Configuration.builder()
                .account(new Account("acct-1", EmailAddress.of("owner@example.com"), null))
                .contact(Contact.verified("c-sms", "acct-1", "Pager", null, MobileNumber.of("+8613900139000")));
        List<String> mailed = new ArrayList<>();
        for (int i = 1; i <= EMAILS; i++) {
            config.contact(Contact.verified("c-" + i, "acct-1", "Person " + i, EmailAddress.of("p" + i + "@example.com"),
                    i == 1 ? MobileNumber.of("+8613800138000") : null));
            mailed.add("c-" + i);
        }
        return config
                .vault(new Vault("v-mail", "acct-1", VaultAlarmPolicy.customized(mailed, List.of())))
                .vault(new Vault("v-sms", "acct-1", VaultAlarmPolicy.customized(List.of("c-sms"), List.of())))
                .instance(new Instance("i-mail", "v-mail", InstanceAlarmPolicy.SAME_AS_VAULT))
                .instance(new Instance("i-sms", "v-sms", InstanceAlarmPolicy.SAME_AS_VAULT))
                .build();
    }

    private AlarmEngine.Builder engine(DeliverySettings delivery) {
        return AlarmEngine.builder().configuration(ConfigurationStore.inMemory(configuration())).clock(clock)
                .settings(AlarmSettings.custom().groupWait(Duration.ZERO).disconnectGracePeriod(Duration.ZERO).build())
                .delivery(delivery).channel(email).channel(sms);
    }

    /** Closes on another thread, so that a close() that hangs fails the test instead. */
    private static void closeWithinPatience(AlarmEngine engine) throws Exception {
        CompletableFuture.runAsync(engine::close).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("while one channel's send hangs, every message of the other channels still goes out")
    void stuckChannelDoesNotHoldUpTheOthers() throws Exception {
        // No time limit that would free the stuck sender within the test: only lanes of their own keep email going.
        AlarmEngine engine = engine(DeliverySettings.custom().senderThreads(1).sendTimeout(Duration.ofHours(1))
                .closeWait(Duration.ZERO).build())
                .build();
        try {
            engine.report(new AlarmEvent.ClientDisconnected("i-sms", clock.instant()));
            assertThat(sms.awaitEntered(1, PATIENCE)).as("the SMS send began").isTrue();

            engine.report(new AlarmEvent.ClientDisconnected("i-mail", clock.instant()));
            assertThat(email.awaitDeliveries(EMAILS, PATIENCE)).as("all emails went out").isTrue();
            assertThat(email.deliveries()).extracting(call -> call.message().address())
                    .containsExactlyInAnyOrder("p1@example.com", "p2@example.com", "p3@example.com",
                            "p4@example.com", "p5@example.com", "p6@example.com");
            assertThat(sms.calls()).as("SMS sends that returned").isEmpty();
        } finally {
            closeWithinPatience(engine);
        }
        assertThat(sms.await(1, call -> true, PATIENCE)).as("closing interrupted the stuck send").isTrue();
        assertThat(sms.interrupted()).isPositive();
    }

    @Test
    @DisplayName("a send that does not return within the send timeout is a temporary failure, retried later; closing does not hang")
    void sendTimeoutIsTemporaryFailure() throws Exception {
        List<Notification> failed = new CopyOnWriteArrayList<>();
        CountDownLatch failedOnce = new CountDownLatch(1);
        AlarmEngine engine = engine(DeliverySettings.custom().sendTimeout(Duration.ofSeconds(1))
                .initialBackoff(Duration.ofSeconds(1)).jitter(0).closeWait(Duration.ZERO).build())
                .listener(new AlarmListener() {
                    @Override
                    public void onDeliveryFailed(Notification notification) {
                        failed.add(notification);
                        failedOnce.countDown();
                    }
                }).build();
        try {
            engine.report(new AlarmEvent.ClientDisconnected("i-mail", clock.instant()));
            assertThat(email.awaitDeliveries(EMAILS, PATIENCE)).as("all emails went out").isTrue();

            assertThat(failedOnce.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("the SMS send timed out").isTrue();
            Notification timedOut = failed.get(0);
            assertThat(timedOut.message().channel()).isEqualTo(Channel.SMS);
            assertThat(timedOut.status()).isEqualTo(Notification.Status.PENDING);
            assertThat(timedOut.attempts()).isEqualTo(1);
            assertThat(timedOut.lastError()).contains("did not answer within PT1S");
            assertThat(timedOut.nextAttemptAt()).isAfter(timedOut.createdAt());

            assertThat(sms.awaitEntered(2, PATIENCE)).as("the SMS was tried again").isTrue();
            assertThat(sms.await(1, call -> !call.delivered(), PATIENCE)).as("the timed-out send was interrupted").isTrue();
            assertThat(email.deliveries()).hasSize(EMAILS);
        } finally {
            closeWithinPatience(engine);
        }
        assertThat(email.duplicates()).isEmpty();
    }

    @Test
    @DisplayName("a channel that answers at once is never taken for a stuck one, however closely its sends follow each other")
    void fastChannelIsNeverRefused() throws Exception {
        int alarms = 200;
        Configuration.Builder config = Configuration.builder()
                .account(new Account("acct-1", EmailAddress.of("owner@example.com"), null))
                .vault(new Vault("v-1", "acct-1"));
        for (int i = 0; i < alarms; i++) {
            config.instance(new Instance("i-" + i, "v-1"));
        }
        try (AlarmEngine engine = AlarmEngine.builder().configuration(ConfigurationStore.inMemory(config.build()))
                .clock(clock).channel(email)
                .settings(AlarmSettings.custom().groupWait(Duration.ZERO).disconnectGracePeriod(Duration.ZERO).build())
                .delivery(DeliverySettings.custom().senderThreads(1).build()).build()) {
            for (int i = 0; i < alarms; i++) {
                engine.report(new AlarmEvent.ClientDisconnected("i-" + i, clock.instant()));
            }
            assertThat(email.awaitDeliveries(alarms, PATIENCE)).as("all delivered").isTrue();
            assertThat(engine.metrics().failedAttempts()).as("sends refused or failed").isZero();
            assertThat(email.calls()).hasSize(alarms);
        }
    }

    @Test
    @DisplayName("a stuck channel's backlog, however long, does not hide the other channels' notifications behind it")
    void longBacklogOfStuckChannelDoesNotHideOthers() throws Exception {
        int held = 600; // more than the dispatcher reads at once
        Configuration.Builder config = Configuration.builder()
                .account(new Account("acct-1", EmailAddress.of("owner@example.com"), null))
                .contact(Contact.verified("c-sms", "acct-1", "Pager", null, MobileNumber.of("+8613900139000")))
                .vault(new Vault("v-mail", "acct-1"))
                .vault(new Vault("v-sms", "acct-1", VaultAlarmPolicy.customized(List.of("c-sms"), List.of())))
                .instance(new Instance("i-sms", "v-sms", InstanceAlarmPolicy.SAME_AS_VAULT));
        for (int i = 0; i < held; i++) {
            config.instance(new Instance("i-" + i, "v-mail"));
        }
        TestChannel stuckEmail = new TestChannel(Channel.EMAIL, clock).hold();
        TestChannel pager = new TestChannel(Channel.SMS, clock);
        AlarmEngine engine = AlarmEngine.builder().configuration(ConfigurationStore.inMemory(config.build())).clock(clock)
                .settings(AlarmSettings.custom().groupWait(Duration.ZERO).disconnectGracePeriod(Duration.ZERO).build())
                .delivery(DeliverySettings.custom().senderThreads(1).sendTimeout(Duration.ofHours(1))
                        .closeWait(Duration.ZERO).build())
                .channel(stuckEmail).channel(pager).build();
        try {
            for (int i = 0; i < held; i++) {
                engine.report(new AlarmEvent.ClientDisconnected("i-" + i, clock.instant()));
            }
            assertThat(stuckEmail.awaitEntered(1, PATIENCE)).as("the email channel is stuck").isTrue();
            engine.report(new AlarmEvent.ClientDisconnected("i-sms", clock.instant())); // due after every email
            assertThat(pager.awaitDeliveries(1, PATIENCE)).as("the SMS went out").isTrue();
        } finally {
            closeWithinPatience(engine);
        }
    }

    @Test
    @DisplayName("closing lets sends already queued go out, and never counts them as failed attempts")
    void closingSendsWhatIsQueued() throws Exception {
        TestChannel slowEmail = new TestChannel(Channel.EMAIL, clock).hold();
        AlarmEngine engine = AlarmEngine.builder().configuration(ConfigurationStore.inMemory(configuration())).clock(clock)
                .settings(AlarmSettings.custom().groupWait(Duration.ZERO).disconnectGracePeriod(Duration.ZERO).build())
                // Closing waits long enough for the release below however slow this machine is.
                .delivery(DeliverySettings.custom().senderThreads(1).maxAttempts(1).closeWait(PATIENCE).build())
                .channel(slowEmail).channel(new TestChannel(Channel.SMS, clock)).build();
        engine.report(new AlarmEvent.ClientDisconnected("i-mail", clock.instant()));
        assertThat(slowEmail.awaitEntered(1, PATIENCE)).as("the first email is being sent, the others queued").isTrue();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(engine::close);
        while (engine.health().schedulerRunning()) { // close() has begun once the scheduler stopped
            Thread.onSpinWait();
        }
        slowEmail.release();
        closing.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(engine.deadLetters()).as("dead letters after closing").isEmpty();
        assertThat(slowEmail.deliveries()).hasSize(EMAILS);
    }
}
