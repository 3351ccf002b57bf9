package io.backupalarm.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.spi.Channel;
import io.backupalarm.store.jdbc.Cluster;
import io.backupalarm.store.jdbc.JdbcStore;
import io.backupalarm.store.jdbc.TestPostgres;
import io.backupalarm.testkit.RecordingChannel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The set-up docs/operations.md shows, on a real-time engine: its health is in the gauges. */
final class RealTimeUsageTest {

    @Test
    @DisplayName("a real-time engine's meters: the scheduler runs, the stores answer, events are counted")
    void realTime() {
        MeterRegistry registry = new SimpleMeterRegistry();
        JdbcStore store = JdbcStore.builder(TestPostgres.newDatabase()).build().migrate();
        Cluster.seed(store.configuration());
        Channel email = new RecordingChannel(Channel.EMAIL, Clock.systemUTC());

        BackupAlarmMetrics metrics = BackupAlarmMetrics.builder(registry, store.alarms(), store.outbox())
                .refresh(Duration.ofSeconds(15)) // the scrape interval
                .build();
        AlarmEngine engine = AlarmEngine.builder()
                .configuration(store.configuration())
                .alarmStore(store.alarms())
                .outbox(store.outbox())
                .channel(email)
                .listener(metrics)
                .build();
        metrics.watch(engine);

        try (engine) {
            engine.report(new AlarmEvent.ClientDisconnected("i-00", Instant.now()));
            assertThat(registry.get("backupalarm.engine.scheduler.running").gauge().value()).isEqualTo(1);
            assertThat(registry.get("backupalarm.engine.stores.reachable").gauge().value()).isEqualTo(1);
            assertThat(registry.get("backupalarm.alarms.open").tag("state", "pending").gauge().value()).isEqualTo(1);
        }
        // Listener calls run on the engine's listener thread; closing the engine lets them finish.
        assertThat(registry.get("backupalarm.events").tag("event", "client_disconnected").counter().count()).isEqualTo(1);
        assertThat(registry.get("backupalarm.alarms.opened").tag("type", "client_disconnected").counter().count())
                .isEqualTo(1);
    }
}
