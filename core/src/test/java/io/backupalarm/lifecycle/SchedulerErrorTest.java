package io.backupalarm.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.config.Account;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.Vault;
import io.backupalarm.delivery.DeliverySettings;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.testsupport.ForwardingAlarmStore;
import io.backupalarm.testsupport.ShiftedClock;
import io.backupalarm.testsupport.TestChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The scheduler is the engine's heartbeat: not even an Error from a store stops it. */
final class SchedulerErrorTest {

    /** Only bounds a hang. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration GRACE = Duration.ofHours(1);

    @Test
    @DisplayName("an Error thrown by a store on the scheduler's thread is reported and retried, and alarms still fire")
    void errorFromStoreDoesNotStopTheScheduler() throws InterruptedException {
        ShiftedClock clock = new ShiftedClock();
        TestChannel email = new TestChannel(Channel.EMAIL, clock);
        AtomicBoolean broken = new AtomicBoolean(true);
        ForwardingAlarmStore alarms = new ForwardingAlarmStore() {
            @Override
            public Optional<Instant> nextDue() {
                if (broken.get() && Thread.currentThread().getName().startsWith("backup-alarm-scheduler")) {
                    throw new AssertionError("a class the store needs is missing");
                }
                return delegate.nextDue();
            }
        };
        try (AlarmEngine engine = AlarmEngine.builder()
                .configuration(ConfigurationStore.inMemory(Configuration.builder()
                        .account(new Account("acct-1", EmailAddress.of("owner@example.com"), null))
                        .vault(new Vault("v-1", "acct-1"))
                        .instance(new Instance("i-1", "v-1"))
                        .build()))
                .clock(clock).alarmStore(alarms).channel(email)
                .settings(AlarmSettings.custom().groupWait(Duration.ZERO).disconnectGracePeriod(GRACE).build())
                .delivery(DeliverySettings.custom().sweepInterval(Duration.ofMillis(500)).build())
                .build()) {
            assertThat(await(() -> engine.health().schedulerFailing())).as("the Error was recorded").isTrue();
            EngineHealth during = engine.health();
            assertThat(during.schedulerRunning()).isTrue();
            assertThat(during.healthy()).isFalse();
            assertThat(during.lastError()).hasValueSatisfying(error -> assertThat(error)
                    .contains("AssertionError").contains("a class the store needs is missing"));

            broken.set(false);
            engine.report(new AlarmEvent.ClientDisconnected("i-1", clock.instant()));
            clock.shift(GRACE.plusSeconds(1));
            assertThat(email.awaitDeliveries(1, PATIENCE)).as("the alarm fired after the Error").isTrue();
            assertThat(await(() -> engine.health().healthy())).as("healthy again").isTrue();
        }
    }

    /** Waits for a condition, at most {@link #PATIENCE}; the deadline only bounds a hang. */
    private static boolean await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        return true;
    }
}
