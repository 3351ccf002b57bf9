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
import io.backupalarm.lifecycle.AlarmListener;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.ManualTime;
import io.backupalarm.spi.AlarmStore;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.OutboxStore;
import io.backupalarm.testkit.EngineTestKit;
import io.backupalarm.testkit.RecordingChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

final class DeliveryFaultsTest {

    private static final String OWNER = "owner@example.com";
    private static final String MOBILE = "+8613800138000";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Configuration configuration() {
        return Configuration.builder()
                .account(new Account("acct-1", EmailAddress.of(OWNER), MobileNumber.of(MOBILE)))
                .vault(new Vault("v-1", "acct-1", VaultAlarmPolicy.DEFAULT))
                .instance(new Instance("i-1", "v-1", InstanceAlarmPolicy.SAME_AS_VAULT))
                .build();
    }

    private EngineTestKit kit = EngineTestKit.given(configuration()).build();

    @AfterEach
    void close() {
        kit.close();
    }

    @Test
    @DisplayName("a channel that fails temporarily twice then succeeds delivers the notification once, after growing pauses")
    void temporaryThenSuccess() {
        kit.email().failNextTemporarily(2);
        kit.disconnect("i-1").advance(Duration.ofHours(1));
        assertThat(kit.email().sent()).isEmpty();
        Notification waiting = kit.engine().notification(kit.email().attempts().get(0).idempotencyKey()).orElseThrow();
        assertThat(waiting.status()).isEqualTo(Notification.Status.PENDING);
        assertThat(waiting.attempts()).isEqualTo(1);

        kit.advance(Duration.ofMinutes(5));
        assertThat(kit.email().sent()).hasSize(1);
        List<OutboundMessage> attempts = kit.email().attempts();
        assertThat(attempts).hasSize(3).extracting(OutboundMessage::idempotencyKey).containsOnly(attempts.get(0).idempotencyKey());
        // 10 s, then 20 s (no jitter in the kit's delivery settings)
        assertThat(kit.email().sent().get(0).at()).isEqualTo(T0.plus(Duration.ofHours(1)).plusSeconds(30));
        assertThat(kit.engine().metrics().sent()).isEqualTo(2);
        assertThat(kit.engine().metrics().failedAttempts()).isEqualTo(2);
    }

    @Test
    @DisplayName("a pause the provider asks for is honoured when it is longer than the backoff")
    void retryAfterHonoured() {
        kit.email().failNextWithRetryAfter(Duration.ofMinutes(3));
        kit.disconnect("i-1").advance(Duration.ofHours(1)).advance(Duration.ofMinutes(2));
        assertThat(kit.email().sent()).isEmpty();
        kit.advance(Duration.ofMinutes(1));
        assertThat(kit.email().sent()).hasSize(1);
    }

    @Test
    @DisplayName("a permanent failure is dead-lettered at once, the others are still told, and a re-drive delivers it once")
    void permanentFailureAndRedrive() {
        kit.email().refuse(OWNER);
        kit.disconnect("i-1").advance(Duration.ofHours(1));
        assertThat(kit.sms().sent()).hasSize(1);
        List<Notification> dead = kit.engine().deadLetters();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).lastError()).contains(OWNER);
        assertThat(dead.get(0).attempts()).isEqualTo(1);
        assertThat(kit.engine().metrics().deadLettered()).isEqualTo(1);

        kit.email().accept(OWNER);
        assertThat(kit.engine().redrive(dead.get(0).key())).isTrue();
        assertThat(kit.engine().redrive(dead.get(0).key())).isFalse();
        assertThat(kit.email().sent()).hasSize(1);
        assertThat(kit.engine().deadLetters()).isEmpty();
        assertThat(kit.engine().redrive("no-such-key")).isFalse();
    }

    @Test
    @DisplayName("retries running out leave a dead letter naming the attempts and the last reason")
    void retriesRunOut() {
        kit.close();
        kit = EngineTestKit.given(configuration())
                .delivery(DeliverySettings.custom().maxAttempts(3).jitter(0).build()).build();
        kit.email().failNextTemporarily(10);
        kit.disconnect("i-1").advance(Duration.ofHours(2));
        assertThat(kit.email().attempts()).hasSize(3);
        assertThat(kit.engine().deadLetters()).singleElement().satisfies(n ->
                assertThat(n.lastError()).contains("3 attempts", "scripted temporary failure 3"));
    }

    @Test
    @DisplayName("a recipient whose channel is not installed is dead-lettered with that reason, and the others are told")
    void missingChannel() {
        kit.close();
        kit = EngineTestKit.given(configuration()).withoutSms().build();
        kit.disconnect("i-1").advance(Duration.ofHours(1));
        assertThat(kit.email().sent()).hasSize(1);
        assertThat(kit.engine().deadLetters()).singleElement().satisfies(n -> {
            assertThat(n.message().channel()).isEqualTo("sms");
            assertThat(n.lastError()).contains("no channel 'sms' is installed");
            assertThat(n.attempts()).isZero();
        });
    }

    @Test
    @DisplayName("a channel that throws is a temporary failure; the engine carries on")
    void throwingChannel() {
        ManualClock clock = new ManualClock(T0);
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
                .manualTime(clock).channel(flaky).listener(new AlarmListener() {
                    @Override
                    public void onFired(io.backupalarm.lifecycle.OpenAlarm alarm) {
                        throw new IllegalStateException("a listener that throws is ignored");
                    }
                }).build()) {
            engine.report(new AlarmEvent.ClientDisconnected("i-1", T0));
            ManualTime.of(engine).advanceTo(T0.plus(Duration.ofHours(2)));
            assertThat(calls.get()).isEqualTo(2);
            assertThat(engine.metrics().sent()).isEqualTo(1);
            assertThat(engine.deadLetters()).hasSize(1); // sms: not installed
        }
    }

    @Test
    @DisplayName("after a restart on the same stores, a pending alarm fires on time and a notification written but not sent goes out once")
    void restart() {
        AlarmStore alarms = AlarmStore.inMemory();
        OutboxStore outbox = OutboxStore.inMemory();
        EngineTestKit first = EngineTestKit.given(configuration()).alarmStore(alarms).outbox(outbox).build();
        first.backupFailed("i-1", "daily", null).disconnect("i-1");
        first.sms().failNextTemporarily(1); // one SMS is written to the outbox but not sent before the "crash"
        first.advance(Duration.ofHours(1));
        first.close();
        assertThat(outbox.withStatus(Notification.Status.PENDING)).isNotEmpty();

        // A new engine on the same stores, as after a crash: the retries and re-decisions happen once.
        EngineTestKit second = EngineTestKit.given(configuration()).alarmStore(alarms).outbox(outbox)
                .startingAt(T0.plus(Duration.ofHours(1))).build();
        second.advance(Duration.ofHours(1));
        assertThat(first.sent()).hasSize(3);
        assertThat(second.sent()).hasSize(1);
        List<String> keys = new java.util.ArrayList<>();
        first.sent().forEach(s -> keys.add(s.message().idempotencyKey()));
        second.sent().forEach(s -> keys.add(s.message().idempotencyKey()));
        assertThat(keys).hasSize(4).doesNotHaveDuplicates();
        second.close();
    }

    @Test
    @DisplayName("the same firing decided twice (a crash before the alarm's state was saved) is sent once")
    void sameDecisionTwiceIsSentOnce() {
        AlarmStore alarms = AlarmStore.inMemory();
        OutboxStore outbox = OutboxStore.inMemory();
        EngineTestKit first = EngineTestKit.given(configuration()).alarmStore(alarms).outbox(outbox).build();
        first.disconnect("i-1");
        io.backupalarm.lifecycle.OpenAlarm pending = alarms.all().get(0);
        first.advance(Duration.ofHours(1));
        first.close();
        alarms.save(pending); // roll the alarm back to pending, as if its new state was never written

        EngineTestKit second = EngineTestKit.given(configuration()).alarmStore(alarms).outbox(outbox)
                .startingAt(T0.plus(Duration.ofHours(1))).build();
        second.advance(Duration.ofMinutes(1));
        assertThat(first.sent()).hasSize(2);
        assertThat(second.sent()).isEmpty();
        second.close();
    }

    @Test
    @DisplayName("in real time, the scheduler fires a due alarm and senders deliver it off the caller's thread")
    void realTime() throws InterruptedException {
        CountDownLatch delivered = new CountDownLatch(2);
        RecordingChannel email = new RecordingChannel("email", Clock.systemUTC());
        RecordingChannel sms = new RecordingChannel("sms", Clock.systemUTC());
        try (AlarmEngine engine = AlarmEngine.builder().configuration(ConfigurationStore.inMemory(configuration()))
                .settings(io.backupalarm.lifecycle.AlarmSettings.custom()
                        .disconnectGracePeriod(Duration.ofMillis(200)).build())
                .channel(email).channel(sms)
                .listener(new AlarmListener() {
                    @Override
                    public void onDelivered(Notification notification) {
                        delivered.countDown();
                    }
                }).build()) {
            engine.report(new AlarmEvent.ClientDisconnected("i-1", Instant.now()));
            assertThat(delivered.await(30, TimeUnit.SECONDS)).as("delivered within the test's patience").isTrue();
            assertThat(email.sent()).hasSize(1);
            assertThat(sms.sent()).hasSize(1);
        }
    }

    @Test
    @DisplayName("delivery settings reject bad values at once, naming the setting")
    void settingsValidation() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeliverySettings.custom().maxAttempts(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeliverySettings.custom().jitter(1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jitter");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeliverySettings.custom()
                        .initialBackoff(Duration.ofMinutes(10)).maxBackoff(Duration.ofMinutes(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBackoff");
    }
}
