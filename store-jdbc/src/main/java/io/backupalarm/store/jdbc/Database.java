package io.backupalarm.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections and transactions of the stores of one {@link JdbcStore}. A transaction is bound to
 * its thread while it runs, so that the alarm store and the outbox, called inside it, write in it
 * too: an alarm's new state and the notifications it decided commit together or not at all.
 */
final class Database {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /** Unique violation, serialization failure, deadlock: running the transaction again can succeed. */
    private static final Set<String> RETRYABLE = Set.of("23505", "40001", "40P01");
    private static final int ATTEMPTS = 5;

    /** Work on a connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Sql sql) throws SQLException;
    }

    private final DataSource dataSource;
    private final Dialect dialect;
    private final ThreadLocal<Connection> current = new ThreadLocal<>();

    Database(DataSource dataSource, Dialect dialect) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    Dialect dialect() {
        return dialect;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** Whether the calling thread is inside a {@link #transaction}. */
    boolean inTransaction() {
        return current.get() != null;
    }

    /**
     * Runs work in a transaction at the connection's isolation level (the databases' default,
     * {@code READ COMMITTED}; {@code REPEATABLE READ} works too, its serialization failures being
     * retried), or inside the calling thread's transaction if it has one. A transaction of its own
     * that fails with a unique violation or a serialization failure (two nodes creating the same
     * row at once) is rolled back and run again, a few times if {@code retry}; work must then have
     * no effect outside the database until this returns.
     */
    <T> T transaction(String what, boolean retry, Work<T> work) {
        Connection joined = current.get();
        if (joined != null) {
            return run(what, work, joined);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return runAlone(what, work);
            } catch (JdbcStoreException e) {
                if (!retry || attempt >= ATTEMPTS || !RETRYABLE.contains(e.sqlState())) {
                    throw e;
                }
                LOG.debug("{}: {} (attempt {}); running it again", what, e.getMessage(), attempt);
            }
        }
    }

    /** Runs statements in the calling thread's transaction, or on a connection in auto-commit mode. */
    <T> T statements(String what, Work<T> work) {
        Connection joined = current.get();
        if (joined != null) {
            return run(what, work, joined);
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            return run(what, work, connection);
        } catch (SQLException e) {
            throw new JdbcStoreException(what, e);
        }
    }

    private <T> T runAlone(String what, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            current.set(connection);
            try {
                T result = run(what, work, connection);
                connection.commit();
                return result;
            } catch (RuntimeException | Error e) {
                rollback(connection, e);
                throw e;
            } finally {
                current.remove();
            }
        } catch (SQLException e) {
            throw new JdbcStoreException(what, e);
        }
    }

    private static <T> T run(String what, Work<T> work, Connection connection) {
        try {
            return work.run(new Sql(connection));
        } catch (SQLException e) {
            throw new JdbcStoreException(what, e);
        }
    }

    static void rollback(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
