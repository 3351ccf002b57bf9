package io.backupalarm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Transactions at the snapshot level, on PostgreSQL and H2: a row that another transaction changed
 * after the snapshot was taken cannot be locked, and such a transaction runs again only while its
 * work allows it; a lock not granted is a conflict; what a transaction remembers is its own.
 */
final class DatabaseTest {

    private static DataSource database(String kind) throws SQLException {
        DataSource dataSource = kind.equals("h2") ? TestDatabases.h2() : TestDatabases.postgres();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, version INTEGER NOT NULL)");
            statement.execute("INSERT INTO item (id, version) VALUES (1, 0)");
        }
        return dataSource;
    }

    /**
     * Work that, on its first run only, takes its snapshot, lets another connection change the row,
     * then locks the row: a serialization failure.
     */
    private static Database.Work<Integer> lockingAfterAChange(DataSource dataSource, AtomicInteger runs) {
        return sql -> {
            if (runs.incrementAndGet() == 1) {
                sql.list("SELECT version FROM item WHERE id = 1", row -> row.getInt(1));
                try (Connection other = dataSource.getConnection(); Statement statement = other.createStatement()) {
                    statement.executeUpdate("UPDATE item SET version = version + 1 WHERE id = 1");
                }
            }
            return sql.one("SELECT version FROM item WHERE id = 1 FOR UPDATE", row -> row.getInt(1)).orElseThrow();
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "h2"})
    @DisplayName("a snapshot transaction that cannot lock a row changed after its snapshot runs again, and then sees the change")
    void aSerializationFailureRunsTheTransactionAgain(String kind) throws SQLException {
        DataSource dataSource = database(kind);
        Database database = new Database(dataSource, Dialect.of(dataSource));
        AtomicInteger runs = new AtomicInteger();

        int version = database.transaction("lock the item", Database.Isolation.SNAPSHOT, () -> true,
                lockingAfterAChange(dataSource, runs));

        assertThat(runs).hasValue(2);
        assertThat(version).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "h2"})
    @DisplayName("a snapshot transaction whose work forbids running it again fails with the serialization failure")
    void aSerializationFailureIsThrownWhenTheWorkForbidsRunningAgain(String kind) throws SQLException {
        DataSource dataSource = database(kind);
        Database database = new Database(dataSource, Dialect.of(dataSource));
        AtomicInteger runs = new AtomicInteger();

        JdbcStoreException failure = catchThrowableOfType(() -> database.transaction("lock the item",
                Database.Isolation.SNAPSHOT, () -> false, lockingAfterAChange(dataSource, runs)), JdbcStoreException.class);

        assertThat(failure).isNotNull();
        assertThat(failure.sqlState()).isEqualTo("40001");
        assertThat(runs).hasValue(1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "h2"})
    @DisplayName("a lock asked for without waiting, and held by another transaction, is a conflict; the transaction goes on")
    void aLockNotGrantedIsAConflict(String kind) throws SQLException {
        DataSource dataSource = database(kind);
        Database database = new Database(dataSource, Dialect.of(dataSource));
        try (Connection other = dataSource.getConnection(); Statement statement = other.createStatement()) {
            other.setAutoCommit(false);
            statement.executeQuery("SELECT version FROM item WHERE id = 1 FOR UPDATE").close();
            int version = database.transaction("lock without waiting", Database.Isolation.SNAPSHOT, () -> false, sql -> {
                Savepoint before = sql.savepoint();
                JdbcStoreException failure = catchThrowableOfType(() -> sql.list(
                        "SELECT version FROM item WHERE id = 1 FOR UPDATE NOWAIT", row -> row.getInt(1)),
                        JdbcStoreException.class);
                assertThat(failure).isNotNull();
                assertThat(Database.conflict(failure)).as("conflict: %s", failure.sqlState()).isTrue();
                sql.rollbackTo(before);
                return sql.one("SELECT version FROM item WHERE id = 1", row -> row.getInt(1)).orElseThrow();
            });
            assertThat(version).isZero();
            other.rollback();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "h2"})
    @DisplayName("a transaction told to wait for its first shared lock only may wait once; others always; each remembers for itself")
    void waitingForTheFirstSharedLockOnly(String kind) throws SQLException {
        DataSource dataSource = database(kind);
        Database database = new Database(dataSource, Dialect.of(dataSource));
        assertThat(database.remembered()).as("outside a transaction").isNull();
        database.transaction("a sweep", false, sql -> {
            database.remembered().put("key", "value");
            database.waitForFirstSharedLockOnly();
            assertThat(database.mayWaitForSharedLock()).isTrue();
            assertThat(database.mayWaitForSharedLock()).isFalse();
            assertThat(database.mayWaitForSharedLock()).isFalse();
            return null;
        });
        database.transaction("a change", false, sql -> {
            assertThat(database.remembered()).isEmpty();
            assertThat(database.mayWaitForSharedLock()).isTrue();
            assertThat(database.mayWaitForSharedLock()).isTrue();
            return null;
        });
    }
}
