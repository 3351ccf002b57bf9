package io.backupalarm.store.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that hands out one connection at a time: asked for a second one while the first
 * is still open, it refuses at once (rather than waiting, as an exhausted pool would, so that a
 * test fails instead of hanging) and counts the refusal. Thread-safe.
 */
final class OneConnectionAtATime implements DataSource {

    private final DataSource database;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    OneConnectionAtATime(DataSource database) {
        this.database = database;
    }

    /** How many times a second connection was asked for while one was open. */
    int refused() {
        return refused.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (!open.compareAndSet(0, 1)) {
            refused.incrementAndGet();
            throw new SQLException("a second connection was asked for while one is open", "08004");
        }
        try {
            return closingOnce(database.getConnection());
        } catch (SQLException | RuntimeException e) {
            open.set(0);
            throw e;
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("only getConnection()");
    }

    /** The connection, whose first {@code close()} gives the one place back. */
    private Connection closingOnce(Connection connection) {
        AtomicInteger closes = new AtomicInteger();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && closes.getAndIncrement() == 0) {
                        open.set(0);
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return database.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        database.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        database.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return database.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return database.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
