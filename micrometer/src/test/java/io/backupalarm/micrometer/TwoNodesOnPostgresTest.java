package io.backupalarm.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.delivery.DeliverySettings;
import io.backupalarm.delivery.Notification;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmState;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.ManualTime;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.spi.Channel;
import io.backupalarm.store.jdbc.Cluster;
import io.backupalarm.store.jdbc.JdbcStore;
import io.backupalarm.store.jdbc.TestPostgres;
import io.backupalarm.testkit.RecordingChannel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two engines on one PostgreSQL database, each with its own registry: the gauges, read from the
 * shared stores, agree; the counters count each node's share.
 */
final class TwoNodesOnPostgresTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration GRACE = Duration.ofMinutes(10);

    private final List<AlarmEngine> engines = new ArrayList<>();

    /** One node: its store, clock, channels, engine and registry. */
    private record Node(JdbcStore store, ManualClock clock, RecordingChannel email, RecordingChannel sms,
                        AlarmEngine engine, MeterRegistry registry) {

        void report(AlarmEvent event) {
            engine.report(event);
        }

        void advanceTo(Instant at) {
            ManualTime.of(engine).advanceTo(at);
        }

        double gauge(String name, String... tags) {
            return registry.get(name).tags(tags).gauge().value();
        }

        double oldestAge() {
            return registry.get("backupalarm.outbox.oldest.age").timeGauge().value(TimeUnit.SECONDS);
        }

        double fired() {
            return registry.get("backupalarm.alarms.fired").tags("type", "client_disconnected").counter().count();
        }
    }

    private Node start(DataSource database, String name) {
        JdbcStore store = JdbcStore.builder(database).nodeId(name).claimLease(Duration.ofHours(6)).build();
        ManualClock clock = new ManualClock(T0);
        RecordingChannel email = new RecordingChannel(Channel.EMAIL, clock);
        RecordingChannel sms = new RecordingChannel(Channel.SMS, clock);
        MeterRegistry registry = new SimpleMeterRegistry();
        BackupAlarmMetrics metrics = BackupAlarmMetrics.builder(registry, store.alarms(), store.outbox()).clock(clock)
                .tags(Tags.of("node", name)).build();
        AlarmEngine engine = AlarmEngine.builder().configuration(store.configuration()).alarmStore(store.alarms())
                .outbox(store.outbox()).silences(store.silences()).manualTime(clock).settings(Cluster.settings(GRACE))
                .delivery(DeliverySettings.custom().initialBackoff(Duration.ofMinutes(1)).jitter(0).build())
                .channel(email).channel(sms).listener(metrics).build();
        metrics.watch(engine);
        engines.add(engine);
        return new Node(store, clock, email, sms, engine, registry);
    }

    @AfterEach
    void close() {
        engines.forEach(AlarmEngine::close);
    }

    @Test
    @DisplayName("after a storm shared by two nodes, both nodes' gauges show the same open alarms, backlog, oldest age and dead letters")
    void gaugesAgree() {
        DataSource database = TestPostgres.newDatabase();
        JdbcStore seeding = JdbcStore.builder(database).build().migrate();
        Cluster.seed(seeding.configuration());
        Node a = start(database, "node-a");
        Node b = start(database, "node-b");
        for (Node node : List.of(a, b)) {
            node.email().refuse("c1@example.com");
            node.sms().failNextTemporarily(1_000);
        }
        for (int i = 0; i < 20; i++) {
            (i % 2 == 0 ? a : b).report(new AlarmEvent.ClientDisconnected(instance(i), T0));
        }
        Instant fired = T0.plus(GRACE).plus(Cluster.GROUP_WAIT);
        a.advanceTo(fired);
        b.advanceTo(fired);
        Instant later = fired.plus(Duration.ofMinutes(2));
        for (int i = 0; i < 4; i++) {
            (i % 2 == 0 ? a : b).report(new AlarmEvent.BackupFailed(instance(i), "daily", "disk full", fired));
        }
        a.advanceTo(later);
        b.advanceTo(later);

        List<OpenAlarm> open = a.engine().openAlarms();
        long firing = open.stream().filter(alarm -> alarm.state() == AlarmState.FIRING).count();
        long pending = open.stream().filter(alarm -> alarm.state() == AlarmState.PENDING).count();
        List<Notification> waiting = a.store().outbox().withStatus(Notification.Status.PENDING);
        int dead = a.engine().deadLetters().size();
        assertThat(firing).isEqualTo(20);
        assertThat(pending).isEqualTo(4);
        assertThat(waiting).isNotEmpty();
        assertThat(dead).isPositive();
        double oldest = Duration.between(waiting.stream().map(Notification::createdAt).min(Instant::compareTo)
                .orElseThrow(), later).toSeconds();

        for (Node node : List.of(a, b)) {
            assertThat(node.gauge("backupalarm.alarms.open", "state", "firing")).isEqualTo(firing);
            assertThat(node.gauge("backupalarm.alarms.open", "state", "pending")).isEqualTo(pending);
            assertThat(node.gauge("backupalarm.outbox.pending")).isEqualTo(waiting.size());
            assertThat(node.gauge("backupalarm.outbox.dead")).isEqualTo(dead);
            assertThat(node.oldestAge()).isEqualTo(oldest);
            assertThat(node.gauge("backupalarm.engine.stores.reachable")).isEqualTo(1);
        }
        // Each alarm fired once, on one node or the other: the counters add up to the whole.
        assertThat(a.fired() + b.fired()).isEqualTo(20);
    }

    private static String instance(int i) {
        return String.format(Locale.ROOT, "i-%02d", i);
    }
}
