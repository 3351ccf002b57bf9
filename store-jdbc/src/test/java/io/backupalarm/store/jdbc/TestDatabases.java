package io.backupalarm.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** Fresh, migrated databases for tests. */
final class TestDatabases {

    private TestDatabases() {
    }

    /**
     * A new in-memory H2 database, kept until the JVM ends. Its lock timeout, like PostgreSQL's
     * (none), is far longer than any test waits, so that a loaded machine cannot make a waiting
     * write fail.
     */
    static DataSource h2() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT="
                + Await.HANG.toMillis());
        return dataSource;
    }

    /** A new database on the test PostgreSQL server. */
    static DataSource postgres() {
        return TestPostgres.newDatabase();
    }

    /** A store on the database, with the schema migrated. */
    static JdbcStore migrated(DataSource dataSource) {
        return JdbcStore.builder(dataSource).build().migrate();
    }

    /**
     * Whether a session of the database is waiting for a lock that another one holds, as the
     * database itself reports it ({@code pg_stat_activity} on PostgreSQL,
     * {@code INFORMATION_SCHEMA.SESSIONS} on H2).
     */
    static boolean aSessionWaitsForALock(DataSource dataSource) {
        String query = Dialect.of(dataSource) == Dialect.POSTGRESQL
                ? "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                : "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL";
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getLong(1) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot ask the database for lock waits", e);
        }
    }
}
