package io.backupalarm.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.config.Account;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.lifecycle.AlarmListener;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.ManualTime;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.spi.AlarmStore;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.OutboxStore;
import io.backupalarm.testsupport.ForwardingOutbox;
import io.backupalarm.testsupport.ManualEngine;
import io.backupalarm.testsupport.TestChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

final class DeliveryFaultsTest {

    private static final String OWNER = "owner@example.com";
    private static final String MOBILE = "+8613800138000";
    private static final Instant T0 = ManualEngine.T0;

    private static Configuration configuration() {
        return Configuration.builder()
                .account(new Account("acct-1", EmailAddress.of(OWNER), MobileNumber.of(MOBILE)))
                .vault(new Vault("v-1", "acct-1", VaultAlarmPolicy.DEFAULT))
                .instance(new Instance("i-1", "v-1", InstanceAlarmPolicy.SAME_AS_VAULT))
                .build();
    }

    private ManualEngine kit = ManualEngine.start(configuration());

    @AfterEach
    void close() {
        kit.close();
    }

    private static List<String> keys(List<TestChannel.Call> calls) {
        return calls.stream().map(c -> c.message().idempotencyKey()).toList();
    }

    @Test
    @DisplayName("a channel that fails temporarily twice then succeeds delivers the notification once, after growing pauses")
    void temporaryThenSuccess() {
        kit.email().failTemporarily(2);
        kit.disconnect("i-1").advance(Duration.ofHours(1));
        assertThat(kit.email().deliveries()).isEmpty();
        String key = kit.email().calls().get(0).message().idempotencyKey();
        Notification waiting = kit.engine().notification(key).orElseThrow();
        assertThat(waiting.status()).isEqualTo(Notification.Status.PENDING);
        assertThat(waiting.attempts()).isEqualTo(1);

        kit.advance(Duration.ofMinutes(5));
        assertThat(kit.email().deliveries()).hasSize(1);
        assertThat(keys(kit.email().calls())).hasSize(3).containsOnly(key);
        // 10 s, then 20 s (no jitter in the fixture's delivery settings)
        assertThat(kit.email().deliveries().get(0).at()).isEqualTo(T0.plus(Duration.ofHours(1)).plusSeconds(30));
        assertThat(kit.engine().metrics().sent()).isEqualTo(2);
        assertThat(kit.engine().metrics().failedAttempts()).isEqualTo(2);
    }

    @Test
    @DisplayName("a pause the provider asks for is honoured when it is longer than the backoff")
    void retryAfterHonoured() {
        kit.email().answer(DeliveryResult.temporaryFailure("throttled", Duration.ofMinutes(3)));
        kit.disconnect("i-1").advance(Duration.ofHours(1)).advance(Duration.ofMinutes(2));
        assertThat(kit.email().calls()).hasSize(1);
        assertThat(kit.email().deliveries()).isEmpty();
        kit.advance(Duration.ofMinutes(1));
        assertThat(kit.email().deliveries()).singleElement()
                .satisfies(call -> assertThat(call.at()).isEqualTo(T0.plus(Duration.ofHours(1)).plusSeconds(180)));
    }

    @Test
    @DisplayName("a permanent failure is dead-lettered at once, the others are still told, and a re-drive delivers it once")
    void permanentFailureAndRedrive() {
        kit.email().refuse(OWNER);
        kit.disconnect("i-1").advance(Duration.ofHours(1));
        assertThat(kit.sms().deliveries()).hasSize(1);
        List<Notification> dead = kit.engine().deadLetters();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).lastError()).contains(OWNER);
        assertThat(dead.get(0).attempts()).isEqualTo(1);
        assertThat(kit.engine().metrics().deadLettered()).isEqualTo(1);

        kit.email().accept(OWNER);
        assertThat(kit.engine().redrive(dead.get(0).key())).isTrue();
        assertThat(kit.engine().redrive(dead.get(0).key())).isFalse();
        assertThat(keys(kit.email().deliveries())).containsExactly(dead.get(0).key());
        assertThat(kit.engine().deadLetters()).isEmpty();
        assertThat(kit.engine().redrive("no-such-key")).isFalse();
    }

    @Test
    @DisplayName("retries running out leave a dead letter naming the attempts and the last reason")
    void retriesRunOut() {
        kit.close();
        kit = ManualEngine.start(configuration(),
                builder -> builder.delivery(DeliverySettings.custom().maxAttempts(3).jitter(0).build()));
        kit.email().failTemporarily(10);
        kit.disconnect("i-1").advance(Duration.ofHours(2));
        assertThat(kit.email().calls()).hasSize(3);
        assertThat(kit.engine().deadLetters()).singleElement().satisfies(n ->
                assertThat(n.lastError()).contains("3 attempts", "temporary failure 3"));
    }

    @Test
    @DisplayName("a recipient whose channel is not installed is dead-lettered with that reason, and the others are told")
    void missingChannel() {
        ManualClock clock = new ManualClock(T0);
        TestChannel email = new TestChannel(Channel.EMAIL, clock);
        try (AlarmEngine engine = AlarmEngine.builder().configuration(ConfigurationStore.inMemory(configuration()))
                .manualTime(clock).settings(AlarmSettings.custom().groupWait(Duration.ZERO).build()).channel(email).build()) {
            engine.report(new AlarmEvent.ClientDisconnected("i-1", T0));
            ManualTime.of(engine).advanceBy(Duration.ofHours(1));
            assertThat(email.deliveries()).hasSize(1);
            assertThat(engine.deadLetters()).singleElement().satisfies(n -> {
                assertThat(n.message().channel()).isEqualTo("sms");
                assertThat(n.lastError()).contains("no channel 'sms' is installed");
                assertThat(n.attempts()).isZero();
            });
        }
    }

    @Test
    @DisplayName("a channel that throws is a temporary failure, and a listener that throws is ignored; the engine carries on")
    void throwingChannel() {
        ManualClock clock = new ManualClock(T0);
        OutboxStore outbox = OutboxStore.inMemory();
        AtomicInteger calls = new AtomicInteger();
        Channel flaky = new Channel() {
            @Override
            public String name() {
                return "email";
            }

            @Override
            public DeliveryResult send(OutboundMessage message) {
                if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("boom");
                }
                return DeliveryResult.delivered("ok");
            }
        };
        try (AlarmEngine engine = AlarmEngine.builder().configuration(ConfigurationStore.inMemory(configuration()))
                .manualTime(clock).settings(AlarmSettings.custom().groupWait(Duration.ZERO).build()).outbox(outbox).channel(flaky).listener(new AlarmListener() {
                    @Override
                    public void onFired(OpenAlarm alarm) {
                        throw new IllegalStateException("a listener that throws is ignored");
                    }
                }).build()) {
            engine.report(new AlarmEvent.ClientDisconnected("i-1", T0));
            ManualTime.of(engine).advanceTo(T0.plus(Duration.ofHours(1)));
            assertThat(calls.get()).isEqualTo(1);
            assertThat(outbox.withStatus(Notification.Status.PENDING)).singleElement().satisfies(n -> {
                assertThat(n.attempts()).isEqualTo(1);
                assertThat(n.lastError()).contains("threw java.lang.IllegalStateException");
            });

            ManualTime.of(engine).advanceTo(T0.plus(Duration.ofHours(2)));
            assertThat(calls.get()).isEqualTo(2);
            assertThat(engine.metrics().sent()).isEqualTo(1);
            assertThat(engine.deadLetters()).hasSize(1); // sms: not installed
        }
    }

    @Test
    @DisplayName("a notification read as due just before a concurrent failed attempt rescheduled it is not retried before its backoff, and a sent one is not sent again")
    void staleDueReadDoesNotResend() {
        AtomicReference<List<Notification>> stale = new AtomicReference<>();
        AtomicBoolean serveStaleOnce = new AtomicBoolean();
        ForwardingOutbox outbox = new ForwardingOutbox() {
            @Override
            public List<Notification> claimDue(Instant at, int limit) {
                List<Notification> fresh = super.claimDue(at, limit);
                if (serveStaleOnce.getAndSet(false)) {
                    return stale.get(); // what a sweep read just before the senders recorded their outcomes
                }
                if (!fresh.isEmpty() && stale.get() == null) {
                    stale.set(fresh);
                }
                return fresh;
            }
        };
        kit.close();
        kit = ManualEngine.start(configuration(), builder -> builder.outbox(outbox));
        kit.email().answer(DeliveryResult.temporaryFailure("throttled", Duration.ofMinutes(5)));
        kit.disconnect("i-1").advance(Duration.ofHours(1));
        assertThat(kit.email().calls()).hasSize(1);
        assertThat(kit.email().deliveries()).isEmpty();
        assertThat(kit.sms().deliveries()).hasSize(1);
        assertThat(stale.get()).extracting(n -> n.message().channel()).containsExactlyInAnyOrder("email", "sms");

        serveStaleOnce.set(true);
        kit.time().runDue(); // same instant: the email's retry is 5 minutes away, the SMS went out
        assertThat(serveStaleOnce).as("the engine read the stale list").isFalse();
        assertThat(kit.email().calls()).as("email attempts before the provider's Retry-After").hasSize(1);
        assertThat(kit.sms().calls()).as("SMS sends").hasSize(1);

        kit.advance(Duration.ofMinutes(5));
        assertThat(kit.email().deliveries()).hasSize(1);
    }

    @Test
    @DisplayName("after a restart on the same stores, a pending alarm fires on time and a notification written but not sent goes out once")
    void restart() {
        AlarmStore alarms = AlarmStore.inMemory();
        OutboxStore outbox = OutboxStore.inMemory();
        ManualEngine first = ManualEngine.start(configuration(), builder -> builder.alarmStore(alarms).outbox(outbox));
        first.backupFailed("i-1", "daily", null).disconnect("i-1");
        first.sms().failTemporarily(1); // one SMS is written to the outbox but not sent before the "crash"
        first.advance(Duration.ofHours(1));
        first.close();
        assertThat(outbox.withStatus(Notification.Status.PENDING)).isNotEmpty();

        // A new engine on the same stores, as after a crash: the retries and re-decisions happen once.
        ManualEngine second = ManualEngine.startAt(T0.plus(Duration.ofHours(1)), configuration(),
                builder -> builder.alarmStore(alarms).outbox(outbox));
        second.advance(Duration.ofHours(1));
        assertThat(first.deliveries()).hasSize(3);
        assertThat(second.deliveries()).hasSize(1);
        List<String> sent = new ArrayList<>(keys(first.deliveries()));
        sent.addAll(keys(second.deliveries()));
        assertThat(sent).hasSize(4).doesNotHaveDuplicates();
        assertThat(outbox.withStatus(Notification.Status.PENDING)).isEmpty();
        second.close();
    }

    @Test
    @DisplayName("the same firing decided twice (a crash before the alarm's state was saved) is sent once")
    void sameDecisionTwiceIsSentOnce() {
        AlarmStore alarms = AlarmStore.inMemory();
        OutboxStore outbox = OutboxStore.inMemory();
        ManualEngine first = ManualEngine.start(configuration(), builder -> builder.alarmStore(alarms).outbox(outbox));
        first.disconnect("i-1");
        OpenAlarm pending = alarms.all().get(0);
        first.advance(Duration.ofHours(1));
        first.close();
        alarms.save(pending); // roll the alarm back to pending, as if its new state was never written

        ManualEngine second = ManualEngine.startAt(T0.plus(Duration.ofHours(1)), configuration(),
                builder -> builder.alarmStore(alarms).outbox(outbox));
        second.advance(Duration.ofMinutes(1));
        assertThat(first.deliveries()).hasSize(2);
        assertThat(second.deliveries()).isEmpty();
        assertThat(second.engine().openAlarms()).as("decided again").singleElement()
                .satisfies(alarm -> assertThat(alarm.firedAt()).isEqualTo(T0.plus(Duration.ofHours(1))));
        second.close();
    }
}
