package io.backupalarm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.ManualTime;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.spi.AlarmStore;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.OutboxStore;
import io.backupalarm.testkit.RecordingChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * One engine on the JDBC stores behaves exactly as one on the in-memory stores: for any timeline
 * of events, the same notifications go out at the same instants, and the same alarms stay open.
 * A failing run prints its seed; {@code -DQT_SEED=<seed>} replays it.
 */
final class SameAsInMemoryProperties {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final AlarmSettings SETTINGS = AlarmSettings.custom()
            .disconnectGracePeriod(Duration.ofMinutes(60)).backupFailureGracePeriod(Duration.ofMinutes(30))
            .repeatInterval(Duration.ofMinutes(120)).notifyOnResolved(true).build();

    /** One event, some minutes after the previous one. */
    record Step(int instance, int kind, int minutesLater) {
        AlarmEvent event(Instant at) {
            String id = Cluster.instance(instance);
            return switch (kind) {
                case 0 -> new AlarmEvent.ClientDisconnected(id, at);
                case 1 -> new AlarmEvent.ClientConnected(id, at);
                case 2 -> new AlarmEvent.BackupFailed(id, "daily", "disk full", at);
                default -> new AlarmEvent.BackupSucceeded(id, "daily", at);
            };
        }
    }

    /** What went out, in order. */
    record Outcome(List<String> sent, List<OpenAlarm> open) {
    }

    @Test
    @DisplayName("on H2, any timeline gives what the in-memory stores give")
    void onH2() {
        // Each example migrates a fresh database: shrinking is bounded so that a failure is reported in minutes.
        qt().withExamples(25).withShrinkCycles(500).forAll(timelines())
                .checkAssert(timeline -> assertThat(run(timeline, TestDatabases.h2())).isEqualTo(run(timeline, null)));
    }

    @Test
    @DisplayName("on PostgreSQL, a timeline with every transition gives what the in-memory stores give")
    void onPostgres() {
        List<Step> timeline = List.of(new Step(0, 0, 0), new Step(1, 2, 5), new Step(0, 0, 10), new Step(2, 0, 0),
                new Step(2, 1, 20), new Step(1, 2, 40), new Step(0, 1, 200), new Step(1, 3, 30), new Step(3, 2, 0));
        assertThat(run(timeline, TestDatabases.postgres())).isEqualTo(run(timeline, null));
    }

    private static Gen<List<Step>> timelines() {
        Gen<Step> step = integers().between(0, 3).zip(integers().between(0, 3), integers().between(0, 150), Step::new);
        // An event may shrink away anywhere in the timeline, not only at its end (one in a hundred is left out).
        return lists().of(step.toOptionals(1)).ofSizeBetween(1, 12)
                .map(list -> list.stream().flatMap(Optional::stream).toList());
    }

    /** Runs a timeline on the JDBC stores of a database, or on the in-memory stores if {@code null}. */
    private static Outcome run(List<Step> timeline, DataSource database) {
        ConfigurationStore configuration;
        AlarmStore alarms;
        OutboxStore outbox;
        if (database == null) {
            configuration = ConfigurationStore.inMemory();
            alarms = AlarmStore.inMemory();
            outbox = OutboxStore.inMemory();
        } else {
            JdbcStore store = TestDatabases.migrated(database);
            configuration = store.configuration();
            alarms = store.alarms();
            outbox = store.outbox();
        }
        Cluster.seed(configuration);
        ManualClock clock = new ManualClock(START);
        RecordingChannel email = new RecordingChannel(Channel.EMAIL, clock);
        RecordingChannel sms = new RecordingChannel(Channel.SMS, clock);
        List<String> sent = new ArrayList<>();
        try (AlarmEngine engine = AlarmEngine.builder().configuration(configuration).alarmStore(alarms).outbox(outbox)
                .manualTime(clock).settings(SETTINGS).channel(email).channel(sms)
                .listener(new io.backupalarm.lifecycle.AlarmListener() {
                    @Override
                    public void onDelivered(io.backupalarm.delivery.Notification n) {
                        sent.add(clock.instant() + " " + n.message().kind() + " " + n.instance() + " "
                                + n.message().channel() + ":" + n.message().address() + " " + n.key());
                    }
                }).build()) {
            Instant at = START;
            for (Step step : timeline) {
                at = at.plus(Duration.ofMinutes(step.minutesLater()));
                ManualTime.of(engine).advanceTo(at);
                engine.report(step.event(at));
            }
            ManualTime.of(engine).advanceTo(at.plus(Duration.ofHours(5)));
            // Instant first: the order of the sends at one instant is not part of the contract (the
            // in-memory outbox sends them in the order they were added, this store by key).
            sent.sort(Comparator.comparing((String line) -> Instant.parse(line.substring(0, line.indexOf(' '))))
                    .thenComparing(Comparator.naturalOrder()));
            return new Outcome(sent, engine.openAlarms());
        }
    }
}
