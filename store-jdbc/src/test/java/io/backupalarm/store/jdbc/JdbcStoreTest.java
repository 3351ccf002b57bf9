package io.backupalarm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Building a {@link JdbcStore}: its settings, and its migrations. */
final class JdbcStoreTest {

    @Test
    @DisplayName("migrating twice, or from a second node, changes nothing the second time")
    void migratingAgainChangesNothing() throws Exception {
        DataSource dataSource = TestDatabases.postgres();
        JdbcStore.builder(dataSource).build().migrate();
        JdbcStore.builder(dataSource).build().migrate();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM ba_schema_history WHERE success")) {
            rows.next();
            assertThat(rows.getInt(1)).as("each migration once").isEqualTo(migrations());
        }
    }

    /** How many migrations the store has: the files in its migration folder (the tests run in the module). */
    private static int migrations() throws java.io.IOException {
        try (java.util.stream.Stream<java.nio.file.Path> files =
                     java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/backup-alarm"))) {
            int count = (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.+\\.sql")).count();
            assertThat(count).as("V1 to V6 at least").isGreaterThanOrEqualTo(6);
            return count;
        }
    }

    @Test
    @DisplayName("bad settings are rejected with the setting's name")
    void badSettingsAreRejectedNamingTheSetting() {
        JdbcStore.Builder builder = JdbcStore.builder(TestDatabases.h2());
        assertThatThrownBy(() -> builder.nodeId(" ")).hasMessageContaining("nodeId");
        assertThatThrownBy(() -> builder.nodeId("n".repeat(129))).hasMessageContaining("nodeId");
        assertThatThrownBy(() -> builder.claimLease(Duration.ZERO)).hasMessageContaining("claimLease");
        assertThatThrownBy(() -> JdbcStore.builder(null)).hasMessageContaining("dataSource");
    }

    @Test
    @DisplayName("a node id and a lease are kept as given; the default node ids differ")
    void aNodeIdAndALeaseAreKeptAndDefaultNodeIdsDiffer() {
        DataSource dataSource = TestDatabases.h2();
        JdbcStore store = JdbcStore.builder(dataSource).nodeId("node-1").claimLease(Duration.ofSeconds(90)).build();
        assertThat(store.nodeId()).isEqualTo("node-1");
        assertThat(store.claimLease()).isEqualTo(Duration.ofSeconds(90));
        assertThat(JdbcStore.builder(dataSource).build().nodeId())
                .isNotEqualTo(JdbcStore.builder(dataSource).build().nodeId());
    }

    @Test
    @DisplayName("an unreachable database is reported as a JdbcStoreException when the store is built")
    void anUnreachableDatabaseFailsTheBuildWithAJdbcStoreException() {
        org.h2.jdbcx.JdbcDataSource closed = new org.h2.jdbcx.JdbcDataSource();
        closed.setURL("jdbc:h2:mem:x;IFEXISTS=TRUE");
        assertThatThrownBy(() -> JdbcStore.builder(closed).build())
                .isInstanceOf(JdbcStoreException.class).hasMessageContaining("cannot connect");
    }
}
