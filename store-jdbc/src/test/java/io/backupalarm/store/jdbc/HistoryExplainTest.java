package io.backupalarm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.history.HistoryCursor;
import io.backupalarm.history.HistoryQuery;
import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * On PostgreSQL, with 1,000,000 rows in each history table, the queries the store runs answer
 * from an index: the plans name the index of the filter and scan no table. The rows are made by
 * the database ({@code generate_series}): 10,000 instances in 1,000 vaults of 100 accounts, one
 * row a minute, then {@code ANALYZE}. The plans are printed, for docs/storage.md.
 *
 * <p>Loading the rows takes one to three minutes on a small machine, so this test is tagged
 * {@code large} and left out of the build; run it with
 * {@code mvn -B -pl store-jdbc -am test -Dgroups=large -DexcludedGroups= -Dtest=HistoryExplainTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("large")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class HistoryExplainTest {

    private static final int ROWS = 1_000_000;
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    private DataSource database;

    @BeforeAll
    void load() throws SQLException {
        database = TestPostgres.newDatabase();
        TestDatabases.migrated(database);
        try (Connection c = database.getConnection(); Statement st = c.createStatement()) {
            // Loaded as a restore would: the migration's indexes are dropped, the rows inserted, and
            // the same indexes (their definitions as the database printed them) built again.
            List<String> indexes = new ArrayList<>();
            try (ResultSet r = st.executeQuery("SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN "
                    + "('ba_alarm_history', 'ba_delivery_history') AND indexname NOT LIKE '%_pk'")) {
                while (r.next()) {
                    indexes.add(r.getString(2));
                }
            }
            assertThat(indexes).hasSize(15);
            for (String definition : indexes) {
                st.execute("DROP INDEX " + definition.replaceFirst("^CREATE INDEX (\\S+) ON .*$", "$1"));
            }
            String common = " FROM generate_series(1, " + ROWS + ") AS g";
            st.execute("INSERT INTO ba_alarm_history (happened_at, node, account_id, vault_id, alarm_type, instance_id, "
                    + "job, opened_at, event, detail) SELECT TIMESTAMPTZ '2025-01-01 00:00:00+00' + g * INTERVAL '1 minute', "
                    + "'node-1', 'a-' || (g % 100), 'v-' || (g % 1000), CASE WHEN g % 2 = 0 THEN 'BACKUP_FAILED' "
                    + "ELSE 'CLIENT_DISCONNECTED' END, 'i-' || (g % 10000), CASE WHEN g % 2 = 0 THEN 'daily' ELSE '' END, "
                    + "TIMESTAMPTZ '2025-01-01 00:00:00+00', (ARRAY['OPENED','FIRED','RESOLVED'])[1 + g % 3], 'generated'"
                    + common);
            st.execute("INSERT INTO ba_delivery_history (happened_at, node, notification_key, kind, channel, address, "
                    + "account_id, vault_id, instance_id, alarm_type, job, items, attempt, outcome, receipt, error, "
                    + "duration_micros) SELECT TIMESTAMPTZ '2025-01-01 00:00:00+00' + g * INTERVAL '1 minute', 'node-1', "
                    + "'n-' || g, 'FIRING', 'email', 'c' || (g % 5000) || '@example.com', 'a-' || (g % 100), "
                    + "'v-' || (g % 1000), 'i-' || (g % 10000), 'CLIENT_DISCONNECTED', '', 1, 1, "
                    + "CASE WHEN g % 50 = 0 THEN 'DEAD' ELSE 'DELIVERED' END, 'r-' || g, NULL, 1500" + common);
            for (String definition : indexes) {
                st.execute(definition);
            }
            st.execute("ANALYZE ba_alarm_history");
            st.execute("ANALYZE ba_delivery_history");
        }
    }

    /** The plan of a query as the store runs it, with its parameters bound. */
    private String explain(String columns, JdbcHistoryStore.Where where, int limit) throws SQLException {
        try (Connection c = database.getConnection();
             PreparedStatement st = c.prepareStatement("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) "
                     + JdbcHistoryStore.statement(columns, where))) {
            List<Object> parameters = new ArrayList<>(where.parameters());
            parameters.add(limit + 1);
            for (int i = 0; i < parameters.size(); i++) {
                Object p = parameters.get(i);
                st.setObject(i + 1, p instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : p);
            }
            List<String> lines = new ArrayList<>();
            try (ResultSet rows = st.executeQuery()) {
                while (rows.next()) {
                    lines.add(rows.getString(1));
                }
            }
            String plan = String.join("\n", lines);
            System.out.println("EXPLAIN " + where.sql() + "\n" + plan);
            return plan;
        }
    }

    private long rows(String table) throws SQLException {
        try (Connection c = database.getConnection(); Statement st = c.createStatement();
             ResultSet r = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    @DisplayName("one instance's alarm history, first page and a later one, answers from the instance index")
    void oneInstance() throws SQLException {
        assertThat(rows("ba_alarm_history")).isEqualTo(ROWS);
        HistoryQuery first = HistoryQuery.builder().instance("i-42").limit(50).build();
        String plan = explain(JdbcHistoryStore.ALARM_COLUMNS, JdbcHistoryStore.alarmWhere(first), 50);
        assertThat(plan).contains("Index Scan Backward using ba_alarm_history_instance").doesNotContain("Seq Scan");
        HistoryQuery later = first.toBuilder()
                .after(new HistoryCursor(START.plusSeconds(60L * 500_042), 500_042).encode()).build();
        assertThat(explain(JdbcHistoryStore.ALARM_COLUMNS, JdbcHistoryStore.alarmWhere(later), 50))
                .contains("on ba_alarm_history_instance").doesNotContain("Seq Scan");
    }

    @Test
    @DisplayName("the other filters of both histories answer from their indexes too")
    void otherFilters() throws SQLException {
        assertThat(explain(JdbcHistoryStore.ALARM_COLUMNS, JdbcHistoryStore.alarmWhere(HistoryQuery.builder()
                .alarm(new AlarmKey(AlarmType.BACKUP_FAILED, "i-42", "daily")).build()), 100))
                .containsPattern("(using|on) ba_alarm_history_key ").doesNotContain("Seq Scan");
        assertThat(explain(JdbcHistoryStore.ALARM_COLUMNS, JdbcHistoryStore.alarmWhere(HistoryQuery.builder()
                .account("a-7").from(START.plusSeconds(3600L * 24 * 300)).build()), 100))
                .containsPattern("(using|on) ba_alarm_history_account ").doesNotContain("Seq Scan");
        assertThat(explain(JdbcHistoryStore.DELIVERY_COLUMNS, JdbcHistoryStore.deliveryWhere(HistoryQuery.builder()
                .instance("i-42").build()), 100))
                .containsPattern("(using|on) ba_delivery_history_(instance|key) ").doesNotContain("Seq Scan");
        assertThat(explain(JdbcHistoryStore.DELIVERY_COLUMNS, JdbcHistoryStore.deliveryWhere(HistoryQuery.builder()
                .address("c42@example.com").build()), 100))
                .containsPattern("(using|on) ba_delivery_history_address ").doesNotContain("Seq Scan");
        assertThat(explain(JdbcHistoryStore.DELIVERY_COLUMNS, JdbcHistoryStore.deliveryWhere(HistoryQuery.builder()
                .vault("v-42").build()), 100))
                .containsPattern("(using|on) ba_delivery_history_vault ").doesNotContain("Seq Scan");
    }

    @Test
    @DisplayName("a purge of the oldest day deletes by the time index")
    void purge() throws SQLException {
        try (Connection c = database.getConnection(); PreparedStatement st = c.prepareStatement(
                "EXPLAIN (COSTS OFF) DELETE FROM ba_alarm_history WHERE id IN (SELECT id FROM ba_alarm_history "
                        + "WHERE happened_at < ? LIMIT ?)")) {
            st.setObject(1, START.plusSeconds(86_400).atOffset(ZoneOffset.UTC));
            st.setInt(2, JdbcHistoryStore.PURGE_CHUNK);
            List<String> lines = new ArrayList<>();
            try (ResultSet rows = st.executeQuery()) {
                while (rows.next()) {
                    lines.add(rows.getString(1));
                }
            }
            String plan = lines.stream().collect(Collectors.joining("\n"));
            System.out.println("EXPLAIN purge\n" + plan);
            assertThat(plan).contains("ba_alarm_history_at").doesNotContain("Seq Scan");
        }
    }
}
