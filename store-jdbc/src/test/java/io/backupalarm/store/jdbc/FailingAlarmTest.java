package io.backupalarm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.delivery.Notification;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmState;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.ManualTime;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.Repositories;
import io.backupalarm.testkit.RecordingChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A due alarm that cannot be handled does not hold back the others, nor the events. */
final class FailingAlarmTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    @DisplayName("an alarm failing to fire is undone and tried again a minute later; others and events go on")
    void anAlarmFailingToFireIsSetAsideWhileOthersAndEventsGoOn() {
        JdbcStore store = TestDatabases.migrated(TestDatabases.postgres());
        Cluster.seed(store.configuration());
        ConfigurationStore flaky = new ConfigurationStore() {
            @Override
            public <T> T read(Function<Repositories, T> work) {
                if (broken) {
                    throw new IllegalStateException("reading the configuration failed");
                }
                return store.configuration().read(work);
            }

            @Override
            public <T> T write(String accountId, Function<Repositories, T> work) {
                return store.configuration().write(accountId, work);
            }
        };
        ManualClock clock = new ManualClock(T0);
        RecordingChannel email = new RecordingChannel(Channel.EMAIL, clock);
        AlarmEngine engine = AlarmEngine.builder().configuration(flaky).alarmStore(store.alarms())
                .outbox(store.outbox()).manualTime(clock).settings(Cluster.settings(Duration.ofMinutes(1)))
                .channel(email).channel(new RecordingChannel(Channel.SMS, clock)).build();
        engine.report(new AlarmEvent.ClientDisconnected("i-01", T0));
        engine.report(new AlarmEvent.ClientDisconnected("i-00", T0.plusSeconds(1)));

        broken = true; // reads fail while i-01 falls due, alone
        ManualTime.of(engine).advanceTo(T0.plusSeconds(60));
        broken = false;
        OpenAlarm setAside = store.alarms().find(new AlarmKey(AlarmType.CLIENT_DISCONNECTED, "i-01", null))
                .orElseThrow();
        assertThat(setAside.state()).isEqualTo(AlarmState.PENDING);
        assertThat(setAside.nextDue()).isEqualTo(T0.plusSeconds(120));
        assertThat(store.outbox().withStatus(Notification.Status.PENDING)).isEmpty();

        ManualTime.of(engine).advanceTo(T0.plusSeconds(61)); // i-00 fires although i-01 is still set aside
        assertThat(store.alarms().find(new AlarmKey(AlarmType.CLIENT_DISCONNECTED, "i-00", null)).orElseThrow()
                .state()).isEqualTo(AlarmState.FIRING);
        engine.report(new AlarmEvent.ClientDisconnected("i-02", T0.plusSeconds(61))); // events go on

        ManualTime.of(engine).advanceTo(T0.plusSeconds(120)); // tried again, and it works now
        assertThat(store.alarms().find(new AlarmKey(AlarmType.CLIENT_DISCONNECTED, "i-01", null)).orElseThrow()
                .state()).isEqualTo(AlarmState.FIRING);
        engine.close();
    }

    private volatile boolean broken;
}
