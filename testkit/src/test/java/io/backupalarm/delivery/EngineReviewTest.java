package io.backupalarm.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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
import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.spi.AlarmStore;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.OutboxStore;
import io.backupalarm.testkit.EngineTestKit;
import io.backupalarm.testkit.RecordingChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Regression tests for engine and delivery bugs found in review. */
final class EngineReviewTest {

    private static final String OWNER = "owner@example.com";
    private static final String MOBILE = "+8613800138000";

    private static Configuration configuration() {
        return Configuration.builder()
                .account(new Account("acct-1", EmailAddress.of(OWNER), MobileNumber.of(MOBILE)))
                .vault(new Vault("v-1", "acct-1", VaultAlarmPolicy.DEFAULT))
                .instance(new Instance("i-1", "v-1", InstanceAlarmPolicy.SAME_AS_VAULT))
                .build();
    }

    /** An outbox that passes everything to another one; subclasses override what they test. */
    static class ForwardingOutbox implements OutboxStore {
        final OutboxStore delegate = OutboxStore.inMemory();

        @Override public boolean add(Notification n) { return delegate.add(n); }
        @Override public void update(Notification n) { delegate.update(n); }
        @Override public Optional<Notification> find(String key) { return delegate.find(key); }
        @Override public List<Notification> dueUpTo(Instant instant, int limit) { return delegate.dueUpTo(instant, limit); }
        @Override public Optional<Instant> nextAttempt() { return delegate.nextAttempt(); }
        @Override public List<Notification> withStatus(Notification.Status s) { return delegate.withStatus(s); }
        @Override public int purgeSentBefore(Instant instant) { return delegate.purgeSentBefore(instant); }
    }

    /** An alarm store that passes everything to another one. */
    static class ForwardingAlarms implements AlarmStore {
        final AlarmStore delegate = AlarmStore.inMemory();

        @Override public Optional<OpenAlarm> find(AlarmKey key) { return delegate.find(key); }
        @Override public void save(OpenAlarm alarm) { delegate.save(alarm); }
        @Override public boolean remove(AlarmKey key) { return delegate.remove(key); }
        @Override public List<OpenAlarm> dueUpTo(Instant instant, int limit) { return delegate.dueUpTo(instant, limit); }
        @Override public Optional<Instant> nextDue() { return delegate.nextDue(); }
        @Override public List<OpenAlarm> all() { return delegate.all(); }
        @Override public int size() { return delegate.size(); }
    }

    @Test
    @DisplayName("a notification read as due just before a concurrent failed attempt rescheduled it is not retried before its backoff")
    void staleDueSnapshotDoesNotRetryEarly() {
        AtomicReference<List<Notification>> stale = new AtomicReference<>();
        AtomicBoolean serveStaleOnce = new AtomicBoolean();
        ForwardingOutbox outbox = new ForwardingOutbox() {
            @Override
            public List<Notification> dueUpTo(Instant instant, int limit) {
                List<Notification> fresh = delegate.dueUpTo(instant, limit);
                if (serveStaleOnce.getAndSet(false)) {
                    return stale.get(); // what a sweep read just before a sender recorded its outcome
                }
                if (!fresh.isEmpty() && stale.get() == null) {
                    stale.set(fresh);
                }
                return fresh;
            }
        };
        try (EngineTestKit kit = EngineTestKit.given(configuration()).outbox(outbox).build()) {
            kit.email().failNextWithRetryAfter(Duration.ofMinutes(5));
            kit.disconnect("i-1").advance(Duration.ofHours(1));
            assertThat(kit.email().attempts()).hasSize(1);
            assertThat(kit.email().sent()).isEmpty();

            serveStaleOnce.set(true);
            kit.engine().runDue(); // same instant: the retry is 5 minutes away
            assertThat(kit.email().attempts()).as("attempts before the provider's Retry-After").hasSize(1);

            kit.advance(Duration.ofMinutes(5));
            assertThat(kit.email().sent()).hasSize(1);
        }
    }

    @Test
    @DisplayName("on a manual clock, an outbox that cannot record an outcome does not make report() spin forever")
    void failingOutboxDoesNotSpin() {
        AtomicBoolean broken = new AtomicBoolean(true);
        AtomicInteger updates = new AtomicInteger();
        ForwardingOutbox outbox = new ForwardingOutbox() {
            @Override
            public void update(Notification n) {
                updates.incrementAndGet();
                if (broken.get()) {
                    throw new IllegalStateException("database is down");
                }
                delegate.update(n);
            }
        };
        try (EngineTestKit kit = EngineTestKit.given(configuration()).outbox(outbox)
                .settings(AlarmSettings.custom().disconnectGracePeriod(Duration.ZERO).build()).build()) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                kit.disconnect("i-1");
                kit.advance(Duration.ofMinutes(1));
            });
            assertThat(updates.get()).as("attempts against the broken outbox").isLessThan(20);
            broken.set(false);
            kit.advance(Duration.ofMinutes(1));
            // The channel accepted every attempt, but the outbox could not record it: those are the
            // documented "outcome unknown" resends (same idempotency key); after the repair, nothing stays pending.
            assertThat(outbox.withStatus(Notification.Status.PENDING)).isEmpty();
            assertThat(outbox.withStatus(Notification.Status.SENT)).hasSize(2);
        }
    }

    @Test
    @DisplayName("in real time, a tick that fails is retried at the next sweep, not every 50 ms")
    void failingTickIsNotRetriedInABusyLoop() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        ForwardingAlarms alarms = new ForwardingAlarms() {
            @Override
            public List<OpenAlarm> dueUpTo(Instant instant, int limit) {
                if (Thread.currentThread().getName().startsWith("backup-alarm-scheduler")) {
                    calls.incrementAndGet();
                    throw new IllegalStateException("database is down");
                }
                return delegate.dueUpTo(instant, limit);
            }
        };
        // A pending alarm left overdue by an earlier run: the store now fails whenever the scheduler asks.
        alarms.delegate.save(OpenAlarm.pending(new AlarmKey(io.backupalarm.lifecycle.AlarmType.CLIENT_DISCONNECTED, "i-1", null),
                Instant.now().minus(Duration.ofHours(2)), null, Instant.now().minus(Duration.ofHours(1))));
        try (AlarmEngine engine = AlarmEngine.builder().configuration(ConfigurationStore.inMemory(configuration()))
                .clock(Clock.systemUTC()).alarmStore(alarms).build()) {
            Thread.sleep(1500);
            assertThat(calls.get()).as("ticks in 1.5 s against a failing store").isLessThanOrEqualTo(3);
        }
    }

    @Test
    @DisplayName("in real time, scheduling while the first tick runs does not start a second chain of ticks")
    void onlyOneChainOfTicks() throws InterruptedException {
        AtomicInteger ticks = new AtomicInteger();
        java.util.concurrent.CountDownLatch firstTickInside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ForwardingAlarms alarms = new ForwardingAlarms() {
            @Override
            public List<OpenAlarm> dueUpTo(Instant instant, int limit) {
                if (Thread.currentThread().getName().startsWith("backup-alarm-scheduler")) {
                    if (ticks.incrementAndGet() == 1) {
                        firstTickInside.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
                return delegate.dueUpTo(instant, limit);
            }
        };
        // A channel that never answers keeps one notification due and in flight: ticks then come every 50 ms.
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        io.backupalarm.spi.Channel email = new io.backupalarm.spi.Channel() {
            @Override
            public String name() {
                return "email";
            }

            @Override
            public io.backupalarm.spi.DeliveryResult send(io.backupalarm.spi.OutboundMessage message) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return io.backupalarm.spi.DeliveryResult.delivered("");
            }
        };
        ForwardingOutbox outbox = new ForwardingOutbox();
        try (AlarmEngine engine = AlarmEngine.builder().configuration(ConfigurationStore.inMemory(configuration()))
                .settings(AlarmSettings.custom().disconnectGracePeriod(Duration.ZERO).build())
                .clock(Clock.systemUTC()).alarmStore(alarms).outbox(outbox).channel(email).build()) {
            firstTickInside.await();
            // While the first tick runs, a change asks for a wake-up (redrive() takes no engine lock).
            Notification dead = Notification.create(new io.backupalarm.spi.OutboundMessage("ba1-x", "email", OWNER,
                            io.backupalarm.spi.OutboundMessage.Kind.FIRING, java.util.Locale.ENGLISH, "s", "t", java.util.Map.of()),
                    io.backupalarm.lifecycle.AlarmType.CLIENT_DISCONNECTED, "i-1", "v-1", "acct-1", Instant.now())
                    .dead("x", Instant.now(), true);
            outbox.delegate.add(dead);
            engine.redrive("ba1-x");
            release.countDown();
            Thread.sleep(300);
            int before = ticks.get();
            Thread.sleep(2000);
            int inTwoSeconds = ticks.get() - before;
            // One chain ticks about 40 times in 2 s (every 50 ms); two chains about 80.
            never.countDown();
            assertThat(inTwoSeconds).as("ticks in 2 s").isLessThan(60);
        } finally {
            never.countDown();
        }
    }
}
