package io.backupalarm.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.backupalarm.delivery.DeliverySettings;
import io.backupalarm.spi.AlarmStore;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.testsupport.ShiftedClock;
import io.backupalarm.testsupport.TestChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The engine on its own threads: the scheduler, and the senders. */
final class RealTimeEngineTest {

    /** Only bounds a hang. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    @DisplayName("the scheduler wakes when an alarm falls due, and senders deliver it off the reporting thread")
    void schedulerFiresAtTheDueInstant() throws InterruptedException {
        Clock clock = Clock.systemUTC();
        TestChannel email = new TestChannel(Channel.EMAIL, clock);
        TestChannel sms = new TestChannel(Channel.SMS, clock);
        try (AlarmEngine engine = AlarmEngine.builder().configuration(ConfigurationStore.inMemory(Fixtures.configuration()))
                .clock(clock).channel(email).channel(sms)
                .settings(AlarmSettings.custom().groupWait(Duration.ZERO).disconnectGracePeriod(Duration.ofMillis(200)).build())
                // A sweep far beyond the test's patience: only the wake-up at the due instant can fire it in time.
                .delivery(DeliverySettings.custom().sweepInterval(Duration.ofHours(1)).build()).build()) {
            Instant reported = clock.instant();
            engine.report(new AlarmEvent.ClientDisconnected("i-db1", reported));
            assertThat(engine.openAlarms()).extracting(OpenAlarm::state).containsExactly(AlarmState.PENDING);

            assertThat(email.awaitDeliveries(1, PATIENCE)).as("email delivered").isTrue();
            assertThat(sms.awaitDeliveries(1, PATIENCE)).as("SMS delivered").isTrue();
            assertThat(email.deliveries()).singleElement().satisfies(call -> {
                assertThat(call.at()).isAfterOrEqualTo(reported.plusMillis(200));
                assertThat(call.thread()).isNotEqualTo(Thread.currentThread().getName());
            });
            assertThat(engine.metrics().fired()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("an alarm due before the scheduler's planned wake-up wakes it, after one due later did not need to")
    void earlierAlarmWakesTheSleepingScheduler() throws InterruptedException {
        Clock clock = Clock.systemUTC();
        TestChannel email = new TestChannel(Channel.EMAIL, clock);
        try (AlarmEngine engine = AlarmEngine.builder().configuration(ConfigurationStore.inMemory(Fixtures.configuration()))
                .clock(clock).channel(email)
                .settings(AlarmSettings.custom().groupWait(Duration.ZERO).disconnectGracePeriod(Duration.ofHours(2))
                        .backupFailureGracePeriod(Duration.ofMillis(200)).build())
                .delivery(DeliverySettings.custom().sweepInterval(Duration.ofHours(1)).build()).build()) {
            // Due after the scheduler's wake-up an hour from now (or during its first run): no wake-up needed.
            engine.report(new AlarmEvent.ClientDisconnected("i-db1", clock.instant()));
            // Due in 200 ms: this one must wake it.
            engine.report(new AlarmEvent.BackupFailed("i-db1", "nightly", "disk full", clock.instant()));

            assertThat(email.awaitDeliveries(1, PATIENCE)).as("the backup failure delivered").isTrue();
            assertThat(engine.openAlarms()).extracting(a -> a.key().type(), OpenAlarm::state).containsExactlyInAnyOrder(
                    tuple(AlarmType.BACKUP_FAILED, AlarmState.FIRING),
                    tuple(AlarmType.CLIENT_DISCONNECTED, AlarmState.PENDING));
        }
    }

    @Test
    @DisplayName("when the clock steps back, the scheduler still looks at its stores every sweep interval")
    void sweepsAfterTheClockStepsBack() throws InterruptedException {
        ShiftedClock clock = new ShiftedClock();
        AlarmStore alarms = AlarmStore.inMemory();
        TestChannel email = new TestChannel(Channel.EMAIL, clock);
        try (AlarmEngine engine = AlarmEngine.builder().configuration(ConfigurationStore.inMemory(Fixtures.configuration()))
                .clock(clock).alarmStore(alarms).channel(email)
                .settings(AlarmSettings.custom().groupWait(Duration.ZERO).build())
                .delivery(DeliverySettings.custom().sweepInterval(Duration.ofMillis(500)).build()).build()) {
            clock.shift(Duration.ofHours(-1)); // the system clock is set back an hour while the scheduler sleeps
            // Another engine on the same store opened an alarm that is due: only a sweep can find it.
            Instant now = clock.instant();
            alarms.save(OpenAlarm.pending(new AlarmKey(AlarmType.CLIENT_DISCONNECTED, "i-db1", null),
                    now.minus(Duration.ofHours(1)), null, now));
            assertThat(email.awaitDeliveries(1, PATIENCE)).as("the sweep found the due alarm").isTrue();
            assertThat(engine.health().healthy()).isTrue();
        }
    }
}
