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
            kit.time().runDue(); // same instant: the retry is 5 minutes away
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
}
