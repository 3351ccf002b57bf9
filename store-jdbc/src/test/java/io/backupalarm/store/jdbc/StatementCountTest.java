package io.backupalarm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.backupalarm.delivery.DeliverySettings;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.spi.Channel;
import io.backupalarm.testkit.RecordingChannel;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * How many statements the PostgreSQL server runs for the engine's hot paths, counted as
 * {@code log_statement = all} lists them ({@link CountingDataSource}): an open-then-close pair of
 * events that cannot fire yet, and a notification of a burst of due alarms, fired and sent. A
 * count, not a timing: a change that adds round trips to either path fails here.
 */
final class StatementCountTest {

    /** What docs/performance.md promises for a pair of events. */
    private static final long PER_PAIR = 8;
    /**
     * What docs/performance.md states for a notification of a burst (one alarm told to one
     * recipient, in a group or alone), everything included: firing, claims, sends, outcomes and the
     * history in the database.
     */
    private static final double PER_NOTIFICATION = 4;
    private static final int PAIRS = 10;
    private static final int ALARMS = 10;

    private DataSource database;
    private HikariDataSource pool;
    private CountingDataSource counting;
    private AlarmEngine engine;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
        Cluster.seed(TestDatabases.migrated(database).configuration());
        HikariConfig config = new HikariConfig();
        config.setDataSource(database);
        config.setMaximumPoolSize(4);
        pool = new HikariDataSource(config);
        counting = new CountingDataSource(pool);
    }

    /** Rows of the outbox, counted on a connection the count leaves out. */
    private long rows(String where) {
        return count("SELECT COUNT(*) FROM ba_outbox WHERE " + where);
    }

    private long count(String query) {
        try (Connection c = database.getConnection(); Statement st = c.createStatement();
             ResultSet rows = st.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void tearDown() {
        if (engine != null) {
            engine.close();
        }
        pool.close();
    }

    /** A real-time engine on the counting pool whose scheduler sweeps when asked, or once an hour. */
    private AlarmEngine engine(boolean jdbcHistory, Duration groupWait) {
        JdbcStore store = JdbcStore.builder(counting.dataSource()).nodeId("counted").build();
        AlarmEngine.Builder builder = AlarmEngine.builder()
                .configuration(store.configuration())
                .alarmStore(store.alarms())
                .outbox(store.outbox())
                .silences(store.silences())
                .settings(AlarmSettings.from(Cluster.settings(Duration.ofHours(1))).groupWait(groupWait).build())
                .delivery(DeliverySettings.custom().sweepInterval(Duration.ofHours(1)).build())
                .channel(new RecordingChannel(Channel.EMAIL, Clock.systemUTC()))
                .channel(new RecordingChannel(Channel.SMS, Clock.systemUTC()));
        if (jdbcHistory) {
            builder.history(store.history());
        }
        return builder.build();
    }

    @Test
    @DisplayName("an open-then-close pair of events runs at most 8 statements (history in memory)")
    void pair() {
        assertThat(pairs(false)).isLessThanOrEqualTo(PER_PAIR * PAIRS);
    }

    @Test
    @DisplayName("with the history in the database, a pair runs at most 2 more: an INSERT per event")
    void pairWithHistory() {
        assertThat(pairs(true)).isLessThanOrEqualTo((PER_PAIR + 2) * PAIRS);
    }

    /** The statements of {@value #PAIRS} pairs, once the engine's first sweep is done. */
    private long pairs(boolean jdbcHistory) {
        engine = engine(jdbcHistory, Cluster.GROUP_WAIT);
        AlarmEngine started = engine;
        Await.until("the scheduler's first run", () -> started.health().lastSuccessfulRun().isPresent());
        // One pair first: what a new engine reads once (prepared statements, a first sweep) is not a pair's.
        engine.report(new AlarmEvent.ClientDisconnected(Cluster.instance(0), Instant.now()));
        engine.report(new AlarmEvent.ClientConnected(Cluster.instance(0), Instant.now()));
        counting.reset();
        for (int i = 1; i <= PAIRS; i++) {
            engine.report(new AlarmEvent.ClientDisconnected(Cluster.instance(i), Instant.now()));
            engine.report(new AlarmEvent.ClientConnected(Cluster.instance(i), Instant.now()));
        }
        long total = counting.total();
        Map<String, Long> byKind = counting.byKind();
        System.out.println("Statements for " + PAIRS + " pairs" + (jdbcHistory ? " (history in the database): " : ": ")
                + total + " " + byKind);
        assertThat(engine.metrics().cancelled()).isEqualTo(PAIRS + 1);
        return total;
    }

    @Test
    @DisplayName("a notification of a burst of due alarms, fired and sent, runs at most 4 statements")
    void notification() {
        assertThat(burst(Cluster.GROUP_WAIT, true)).isLessThanOrEqualTo(PER_NOTIFICATION);
    }

    @Test
    @DisplayName("without groups (a message per notification, history in memory), at most 4 statements too")
    void notificationAlone() {
        assertThat(burst(Duration.ZERO, false)).isLessThanOrEqualTo(PER_NOTIFICATION);
    }

    /** Statements per notification of a burst of {@value #ALARMS} alarms due at once. */
    private double burst(Duration groupWait, boolean jdbcHistory) {
        Instant then = Instant.now().minus(Duration.ofHours(2));
        JdbcStore opening = JdbcStore.builder(database).build();
        try (AlarmEngine opener = AlarmEngine.builder()
                .configuration(opening.configuration())
                .alarmStore(opening.alarms())
                .outbox(opening.outbox())
                .settings(AlarmSettings.from(Cluster.settings(Duration.ofHours(1))).groupWait(groupWait).build())
                .manualTime(new ManualClock(then))
                .build()) {
            for (int i = 0; i < ALARMS; i++) {
                opener.report(new AlarmEvent.ClientDisconnected(Cluster.instance(i), then));
            }
        }
        engine = engine(jdbcHistory, groupWait);
        Await.until("every notification recorded SENT", () -> rows("status = 'PENDING'") == 0
                && rows("status = 'SENT'") > 0);
        engine.close();
        long total = counting.total();
        long messages = rows("status = 'SENT'");
        int notifications = ALARMS * Cluster.RECIPIENTS;
        System.out.println("Statements for " + ALARMS + " alarms, " + notifications + " notifications in " + messages
                + " messages (history " + (jdbcHistory ? "in the database" : "in memory") + "): " + total + " "
                + counting.byKind());
        assertThat(rows("status <> 'SENT'")).isZero();
        assertThat(count("SELECT COUNT(*) FROM ba_outbox_item")).isEqualTo(notifications);
        return (double) total / notifications;
    }
}
