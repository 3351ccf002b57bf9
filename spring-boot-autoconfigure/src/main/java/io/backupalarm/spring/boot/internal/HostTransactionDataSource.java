package io.backupalarm.spring.boot.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The application's {@link DataSource} as the JDBC store sees it when it joins the host's
 * transactions. On a thread that runs an actual, read-write Spring transaction holding a
 * connection of the same data source (a {@code DataSourceTransactionManager}, a
 * {@code JdbcTransactionManager} or a {@code JpaTransactionManager} on it), a connection asked for
 * is that transaction's connection, wrapped so that the store's own transaction handling leaves
 * the host's transaction alone: {@code commit}, {@code rollback}, {@code close} and changes of
 * auto-commit, read-only and isolation do nothing, and the store's
 * {@code SET TRANSACTION ISOLATION LEVEL} statement is skipped. The work then commits or rolls back
 * with the host's transaction. On any other thread the data source's own connections are given out
 * unchanged.
 *
 * <p><b>Thread safety.</b> Thread-safe.
 */
public final class HostTransactionDataSource extends DelegatingDataSource {

    /**
     * Wraps a data source.
     *
     * @param target the application's data source
     */
    public HostTransactionDataSource(DataSource target) {
        super(Objects.requireNonNull(target, "target"));
    }

    /**
     * Whether the calling thread has a read-write Spring transaction on the target data source.
     *
     * @return {@code true} when a connection asked for now joins that transaction
     */
    public boolean joinsHostTransaction() {
        return hostConnection() != null;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection host = hostConnection();
        return host != null ? joined(host) : obtainTargetDataSource().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return obtainTargetDataSource().getConnection(username, password);
    }

    private Connection hostConnection() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                || TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
            return null;
        }
        Object resource = TransactionSynchronizationManager.getResource(obtainTargetDataSource());
        if (resource instanceof ConnectionHolder holder && holder.isSynchronizedWithTransaction()
                && holder.getConnectionHandle() != null) {
            return holder.getConnection();
        }
        return null;
    }

    private static Connection joined(Connection host) {
        return (Connection) Proxy.newProxyInstance(HostTransactionDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new JoinedConnection(host));
    }

    /** The host's connection, its transaction left to the host. */
    private record JoinedConnection(Connection host) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "commit", "rollback", "close", "setAutoCommit", "setReadOnly", "setTransactionIsolation" -> {
                    // The host's transaction manager ends the transaction and gives the connection back.
                    if (method.getName().equals("rollback") && args != null && args.length == 1) {
                        break; // rollback to a savepoint stays the store's: it undoes only its own work
                    }
                    return null;
                }
                case "getAutoCommit" -> {
                    return false;
                }
                case "isClosed" -> {
                    return host.isClosed();
                }
                case "unwrap" -> {
                    return ((Class<?>) args[0]).isInstance(proxy) ? proxy : host.unwrap((Class<?>) args[0]);
                }
                case "isWrapperFor" -> {
                    return ((Class<?>) args[0]).isInstance(proxy) || host.isWrapperFor((Class<?>) args[0]);
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "toString" -> {
                    return "joined " + host;
                }
                default -> {
                }
            }
            Object result = call(method, host, args);
            if (result instanceof Statement statement && method.getName().equals("createStatement")) {
                return Proxy.newProxyInstance(HostTransactionDataSource.class.getClassLoader(),
                        new Class<?>[] {Statement.class}, new JoinedStatement(statement));
            }
            return result;
        }
    }

    /** A statement on the host's connection that skips the store's choice of isolation level. */
    private record JoinedStatement(Statement statement) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("execute") && args != null && args.length == 1 && args[0] instanceof String sql
                    && sql.strip().toUpperCase(Locale.ROOT).startsWith("SET TRANSACTION")) {
                // PostgreSQL refuses it once the host's transaction ran a statement; the level is the host's.
                return false;
            }
            return call(method, statement, args);
        }
    }

    private static Object call(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
