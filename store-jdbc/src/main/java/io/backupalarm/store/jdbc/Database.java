package io.backupalarm.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections and transactions of the stores of one {@link JdbcStore}. A transaction is bound to
 * its thread while it runs, so that the stores called inside it (the alarm store, the outbox, a
 * read of the configuration) use its connection too: an alarm's new state and the notifications
 * it decided commit together or not at all, and firing an alarm takes one connection, not two.
 *
 * <p>Every transaction of its own gives its connection back with auto-commit, read-only and
 * isolation as it found them, and is rolled back, before that, when its work throws anything.
 * Thread-safe.
 */
final class Database {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /**
     * Unique violation, serialization failure (H2 reports a concurrent update at its snapshot level
     * with the same code), deadlock: running the transaction again can succeed.
     */
    private static final Set<String> RETRYABLE = Set.of("23505", "40001", "40P01");
    /**
     * What another transaction's work can cause, and running the work again in a new transaction
     * (a new snapshot) resolves: {@link #RETRYABLE}, and a lock that was asked for without waiting
     * and was held ({@code 55P03} on PostgreSQL, {@code HYT00} on H2).
     */
    private static final Set<String> CONFLICTS = Set.of("23505", "40001", "40P01", "55P03", "HYT00");
    private static final int ATTEMPTS = 5;
    /** The connection's isolation level was not changed, so there is nothing to restore. */
    private static final int KEPT = -1;

    /** Work on a connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Sql sql) throws SQLException;
    }

    /** How much of other transactions' commits the statements of a transaction see. */
    enum Isolation {
        /** As the connection is set (the databases' default is {@code READ COMMITTED}). */
        AS_CONNECTION,
        /** Each statement sees what was committed before it started. */
        READ_COMMITTED,
        /**
         * All statements see what was committed before the first one started:
         * {@code REPEATABLE READ} on PostgreSQL, {@code SERIALIZABLE} on H2 (see
         * {@link Dialect#snapshotIsolation()}).
         */
        SNAPSHOT
    }

    private final DataSource dataSource;
    private final Dialect dialect;
    private final ThreadLocal<Connection> current = new ThreadLocal<>();
    /** Set while the calling thread's transaction waits only for its first shared lock; see {@link #mayWaitForSharedLock}. */
    private final ThreadLocal<SharedLocks> sharedLocks = new ThreadLocal<>();
    /** What the stores remember for the calling thread's transaction; see {@link #remembered}. */
    private final ThreadLocal<Map<Object, Object>> remembered = new ThreadLocal<>();
    /** Set while the calling thread's bound transaction runs at the snapshot level; see {@link #inSnapshot}. */
    private final ThreadLocal<Boolean> snapshot = new ThreadLocal<>();

    /** The shared locks a transaction took, while it waits only for its first one. */
    private static final class SharedLocks {
        boolean taken;
    }

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

    /**
     * Whether an exception is a conflict with another transaction that running the work again, in
     * a new transaction, resolves: a unique violation, a serialization failure, a deadlock, or a
     * lock that was not granted.
     */
    static boolean conflict(JdbcStoreException e) {
        return CONFLICTS.contains(e.sqlState());
    }

    /**
     * From now until it ends, the calling thread's transaction waits only for the first shared
     * lock it takes (see {@link #mayWaitForSharedLock}). A transaction that takes many of the
     * locks that other nodes take too, in an order nobody can fix beforehand (the recipients' group
     * locks, in the order its alarms need them), could otherwise wait for a transaction that waits
     * for it. Holding one, it asks for the next without waiting; if that is held, the conflict
     * ends the transaction's work early, and the rest runs in a new transaction.
     *
     * @throws IllegalStateException outside a transaction
     */
    void waitForFirstSharedLockOnly() {
        if (current.get() == null) {
            throw new IllegalStateException("not inside a transaction");
        }
        sharedLocks.set(new SharedLocks());
    }

    /**
     * Whether the calling thread may wait for a shared lock it is about to take; records that it
     * takes one. Always {@code true}, except inside a transaction marked by
     * {@link #waitForFirstSharedLockOnly} that took one already.
     */
    boolean mayWaitForSharedLock() {
        SharedLocks locks = sharedLocks.get();
        if (locks == null) {
            return true;
        }
        boolean first = !locks.taken;
        locks.taken = true;
        return first;
    }

    /**
     * What the stores remember for the calling thread's transaction while it runs (the items of
     * the groups it holds locked), or {@code null} outside a transaction. Forgotten when the
     * transaction ends; whoever rolls the transaction back to a savepoint clears it, since what was
     * remembered since may be undone.
     */
    Map<Object, Object> remembered() {
        return remembered.get();
    }

    /**
     * Whether the calling thread is inside a {@link #transaction} of its own at the
     * {@linkplain Isolation#SNAPSHOT snapshot level} (a sweep of due alarms): every statement of it
     * sees the same state of what other transactions committed.
     */
    boolean inSnapshot() {
        return current.get() != null && snapshot.get() != null;
    }

    /** Whether the calling thread is inside a {@link #transaction}. */
    boolean inTransaction() {
        return current.get() != null;
    }

    /**
     * Runs work in a transaction at the connection's isolation level, or inside the calling
     * thread's transaction if it has one; see {@link #transaction(String, Isolation, BooleanSupplier, Work)}.
     */
    <T> T transaction(String what, boolean retry, Work<T> work) {
        return transaction(what, Isolation.AS_CONNECTION, () -> retry, work);
    }

    /**
     * Runs work in a transaction bound to the calling thread, or inside the calling thread's
     * transaction if it has one (then {@code isolation} is that transaction's). A transaction of
     * its own that fails with a unique violation, a serialization failure or a deadlock is rolled
     * back and run again, a few times, as long as {@code mayRunAgain} says so at the failure; the
     * work must then have had no effect outside the database.
     */
    <T> T transaction(String what, Isolation isolation, BooleanSupplier mayRunAgain, Work<T> work) {
        Connection joined = current.get();
        if (joined != null) {
            return run(what, work, new Sql(joined));
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return alone(what, isolation, false, true, work);
            } catch (JdbcStoreException e) {
                if (attempt >= ATTEMPTS || !RETRYABLE.contains(e.sqlState()) || !mayRunAgain.getAsBoolean()) {
                    throw e;
                }
                LOG.debug("{}: {} (attempt {}); running it again", what, e.getMessage(), attempt);
            }
        }
    }

    /**
     * Runs reads inside the calling thread's transaction if it has one, seeing what that
     * transaction sees; otherwise in a read-only transaction of its own at the
     * {@linkplain Isolation#SNAPSHOT snapshot level}, ended by a rollback. Either way the work's
     * {@link Sql} refuses to write. Never run again; whatever the work throws reaches the caller
     * unchanged.
     */
    <T> T read(String what, Work<T> work) {
        Connection joined = current.get();
        if (joined != null) {
            return run(what, work, new Sql(joined, true));
        }
        return alone(what, Isolation.SNAPSHOT, true, false, work);
    }

    /**
     * Runs work in a transaction of its own at {@code READ COMMITTED}, never joining the calling
     * thread's transaction nor binding itself to the thread, and never run again: whatever the
     * work throws reaches the caller unchanged, after the rollback.
     */
    <T> T write(String what, Work<T> work) {
        return alone(what, Isolation.READ_COMMITTED, false, false, work);
    }

    /** Runs statements in the calling thread's transaction, or on a connection in auto-commit mode. */
    <T> T statements(String what, Work<T> work) {
        Connection joined = current.get();
        if (joined != null) {
            return run(what, work, new Sql(joined));
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            return run(what, work, new Sql(connection));
        } catch (SQLException e) {
            throw new JdbcStoreException(what, e);
        }
    }

    /**
     * A transaction on a connection of its own: committed if the work returns (rolled back if
     * {@code readOnly}), rolled back if it throws anything, which then reaches the caller as it is.
     */
    private <T> T alone(String what, Isolation isolation, boolean readOnly, boolean bind, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            boolean wasReadOnly = connection.isReadOnly();
            // On PostgreSQL the level is set for this transaction only, with one statement: the
            // JDBC way costs a SHOW and two SETs per transaction, a third of a short read's round trips.
            boolean byStatement = isolation != Isolation.AS_CONNECTION && dialect == Dialect.POSTGRESQL;
            boolean bySetter = isolation != Isolation.AS_CONNECTION && !byStatement;
            int wasIsolation = bySetter ? connection.getTransactionIsolation() : KEPT;
            connection.setAutoCommit(false);
            if (readOnly != wasReadOnly) {
                connection.setReadOnly(readOnly);
            }
            if (bySetter) {
                connection.setTransactionIsolation(level(isolation));
            }
            boolean ended = false;
            try {
                if (byStatement) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("SET TRANSACTION ISOLATION LEVEL "
                                + (isolation == Isolation.SNAPSHOT ? "REPEATABLE READ" : "READ COMMITTED"));
                    }
                }
                if (bind) {
                    current.set(connection);
                    remembered.set(new HashMap<>());
                    if (isolation == Isolation.SNAPSHOT) {
                        snapshot.set(Boolean.TRUE);
                    }
                }
                T result;
                try {
                    result = run(what, work, new Sql(connection, readOnly));
                } finally {
                    if (bind) {
                        current.remove();
                        sharedLocks.remove();
                        remembered.remove();
                        snapshot.remove();
                    }
                }
                if (readOnly) {
                    connection.rollback();
                } else {
                    connection.commit();
                }
                ended = true;
                return result;
            } finally {
                if (!ended) {
                    rollback(what, connection);
                }
                restore(connection, autoCommit, wasReadOnly, readOnly != wasReadOnly, wasIsolation);
            }
        } catch (SQLException e) {
            throw new JdbcStoreException(what, e);
        }
    }

    private int level(Isolation isolation) {
        return isolation == Isolation.SNAPSHOT ? dialect.snapshotIsolation() : Connection.TRANSACTION_READ_COMMITTED;
    }

    private static <T> T run(String what, Work<T> work, Sql sql) {
        try {
            return work.run(sql);
        } catch (SQLException e) {
            throw new JdbcStoreException(what, e);
        }
    }

    /** Rolls back after a failure; a failure of the rollback itself must not hide the first one. */
    private static void rollback(String what, Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.warn("{}: the rollback after a failure failed too", what, e);
        }
    }

    /** Gives the connection back as it came, for the pool's next user; a failure here is not the caller's. */
    private static void restore(Connection connection, boolean autoCommit, boolean readOnly, boolean readOnlyChanged,
                                int isolation) {
        try {
            connection.setAutoCommit(autoCommit);
            if (readOnlyChanged) {
                connection.setReadOnly(readOnly);
            }
            if (isolation != KEPT) {
                connection.setTransactionIsolation(isolation);
            }
        } catch (SQLException e) {
            LOG.debug("Cannot reset a connection after a transaction", e);
        }
    }
}
