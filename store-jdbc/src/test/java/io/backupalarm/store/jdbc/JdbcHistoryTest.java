package io.backupalarm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupalarm.history.AlarmHistoryEntry;
import io.backupalarm.history.DeliveryRecord;
import io.backupalarm.history.HistoryPage;
import io.backupalarm.history.HistoryQuery;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.ManualTime;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.HistoryStore;
import io.backupalarm.testkit.RecordingChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The engine's history on the database: written in the alarm's transaction, and by each node under its name. */
final class JdbcHistoryTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final AlarmKey I00 = new AlarmKey(AlarmType.CLIENT_DISCONNECTED, "i-00", null);

    private static DataSource database(String which) {
        return which.equals("postgres") ? TestDatabases.postgres() : TestDatabases.h2();
    }

    /** The JDBC history, failing after its append while {@code broken}: the append is then undone with the change. */
    private static final class FailingAfterAppend implements HistoryStore {
        private final HistoryStore target;
        volatile boolean broken;

        FailingAfterAppend(HistoryStore target) {
            this.target = target;
        }

        @Override
        public void appendAlarms(List<AlarmHistoryEntry> entries) {
            target.appendAlarms(entries);
            if (broken) {
                throw new IllegalStateException("failing after the history was written");
            }
        }

        @Override
        public void appendDeliveries(List<DeliveryRecord> records) {
            target.appendDeliveries(records);
        }

        @Override
        public HistoryPage<AlarmHistoryEntry> alarms(HistoryQuery query) {
            return target.alarms(query);
        }

        @Override
        public HistoryPage<DeliveryRecord> deliveries(HistoryQuery query) {
            return target.deliveries(query);
        }

        @Override
        public long purgeBefore(Instant instant) {
            return target.purgeBefore(instant);
        }
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "postgres"})
    @DisplayName("an alarm's change and its history commit together: a change that fails leaves neither")
    void sameTransaction(String which) {
        JdbcStore store = TestDatabases.migrated(database(which));
        Cluster.seed(store.configuration());
        FailingAfterAppend history = new FailingAfterAppend(store.history());
        ManualClock clock = new ManualClock(T0);
        try (AlarmEngine engine = AlarmEngine.builder().configuration(store.configuration()).alarmStore(store.alarms())
                .outbox(store.outbox()).silences(store.silences()).history(history).node(store.nodeId())
                .manualTime(clock).settings(Cluster.settings(Duration.ofMinutes(1)))
                .channel(new RecordingChannel(Channel.EMAIL, clock)).channel(new RecordingChannel(Channel.SMS, clock))
                .build()) {
            history.broken = true;
            assertThatThrownBy(() -> engine.report(new AlarmEvent.ClientDisconnected("i-00", T0)))
                    .hasMessageContaining("failing after the history was written");
            assertThat(store.alarms().find(I00)).isEmpty();
            assertThat(store.history().alarms(HistoryQuery.builder().build()).items()).isEmpty();

            history.broken = false;
            engine.report(new AlarmEvent.ClientDisconnected("i-00", T0));
            history.broken = true; // firing fails: undone to its savepoint, tried again a minute later
            ManualTime.of(engine).advanceTo(T0.plusSeconds(60));
            assertThat(store.outbox().nextAttempt()).isEmpty();
            assertThat(events(store)).containsExactly("OPENED");

            history.broken = false;
            ManualTime.of(engine).advanceTo(T0.plusSeconds(120));
            assertThat(events(store)).containsExactly("OPENED", "FIRED");
            ManualTime.of(engine).advanceTo(T0.plusSeconds(120).plus(Cluster.GROUP_WAIT)); // the groups go out
            List<DeliveryRecord> sent = store.history().deliveries(HistoryQuery.builder().instance("i-00").build())
                    .items();
            assertThat(sent).hasSize(Cluster.RECIPIENTS).allSatisfy(r -> {
                assertThat(r.outcome()).isEqualTo(DeliveryRecord.Outcome.DELIVERED);
                assertThat(r.node()).isEqualTo(store.nodeId());
            });
        }
    }

    private static List<String> events(JdbcStore store) {
        List<String> newestFirst = store.history().alarms(HistoryQuery.builder().alarm(I00).build()).items().stream()
                .map(e -> e.event().name()).collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "postgres"})
    @DisplayName("two nodes on one database write one history, each entry under the node that made it")
    void twoNodes(String which) {
        DataSource database = database(which);
        try (Cluster cluster = new Cluster(database)) {
            Cluster.Node a = cluster.start("node-a", T0, Duration.ofMinutes(1), Duration.ofMinutes(2));
            Cluster.Node b = cluster.start("node-b", T0, Duration.ofMinutes(1), Duration.ofMinutes(2));
            a.engine().report(new AlarmEvent.ClientDisconnected("i-00", T0));
            b.engine().report(new AlarmEvent.ClientDisconnected("i-00", T0.plusSeconds(10)));
            HistoryStore history = a.store().history();
            List<String> byNode = history.alarms(HistoryQuery.builder().instance("i-00").build()).items().stream()
                    .map(e -> e.event() + " " + e.node()).toList();
            assertThat(byNode).containsExactly("COUNTED node-b", "OPENED node-a");
            assertThat(history.alarms(HistoryQuery.builder().account("acct-1").vault("v-1").build()).items())
                    .as("a pending alarm's account and vault, read from the configuration").hasSize(2);
            assertThat(b.store().history().alarms(HistoryQuery.builder().build()).items()).hasSize(2);
        }
    }
}
