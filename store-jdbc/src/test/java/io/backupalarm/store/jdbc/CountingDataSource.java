package io.backupalarm.store.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * A data source that counts the statements its connections make the server run, as PostgreSQL's
 * {@code log_statement = all} lists them for the PostgreSQL JDBC driver: every executed statement
 * (each row of a batch), the {@code BEGIN} the driver sends before the first statement of a
 * transaction, {@code COMMIT} and {@code ROLLBACK} of a transaction that ran a statement,
 * savepoints, the isolation {@code SET} and {@code SHOW} of the JDBC setters and getters. Counted
 * in all and by kind (the first 60 characters of the SQL). Public for the benchmarks module (this
 * module's test-jar). Thread-safe.
 */
public final class CountingDataSource {

    private final AtomicLong total = new AtomicLong();
    private final Map<String, AtomicLong> byKind = new ConcurrentHashMap<>();
    private final DataSource dataSource;

    /**
     * Counts the statements of connections from a data source.
     *
     * @param target where connections come from
     */
    public CountingDataSource(DataSource target) {
        ClassLoader loader = CountingDataSource.class.getClassLoader();
        this.dataSource = (DataSource) Proxy.newProxyInstance(loader, new Class<?>[] {DataSource.class},
                (p, method, args) -> {
                    Object result = invoke(target, method, args);
                    return result instanceof Connection connection ? connection(loader, connection) : result;
                });
    }

    /** @return the counting data source */
    public DataSource dataSource() {
        return dataSource;
    }

    /** @return the statements counted so far */
    public long total() {
        return total.get();
    }

    /** @return the statements counted so far by kind, sorted by kind */
    public Map<String, Long> byKind() {
        Map<String, Long> out = new TreeMap<>();
        byKind.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Forgets what was counted. */
    public void reset() {
        total.set(0);
        byKind.clear();
    }

    private void count(String kind, long n) {
        total.addAndGet(n);
        byKind.computeIfAbsent(kind, k -> new AtomicLong()).addAndGet(n);
    }

    /** A connection's transaction as the driver sees it: auto-commit, and whether a statement ran in it. */
    private static final class State {
        boolean autoCommit = true;
        boolean open;
    }

    private Connection connection(ClassLoader loader, Connection connection) throws Exception {
        State state = new State();
        state.autoCommit = connection.getAutoCommit();
        return (Connection) Proxy.newProxyInstance(loader, new Class<?>[] {Connection.class}, (pc, m, a) -> {
            switch (m.getName()) {
                case "setAutoCommit" -> {
                    boolean on = (Boolean) a[0];
                    if (on && !state.autoCommit && state.open) {
                        count("COMMIT", 1);
                        state.open = false;
                    }
                    state.autoCommit = on;
                }
                case "commit" -> end(state, "COMMIT");
                case "rollback" -> {
                    if (a == null || a.length == 0) {
                        end(state, "ROLLBACK");
                    } else {
                        count("ROLLBACK TO SAVEPOINT", 1);
                    }
                }
                case "setSavepoint" -> {
                    begin(state);
                    count("SAVEPOINT", 1);
                }
                case "releaseSavepoint" -> count("RELEASE SAVEPOINT", 1);
                case "setTransactionIsolation" -> count("SET SESSION CHARACTERISTICS", 1);
                case "getTransactionIsolation" -> count("SHOW TRANSACTION ISOLATION LEVEL", 1);
                case "close" -> state.open = false; // the pool rolls back whatever is left; not counted
                default -> { }
            }
            Object made = invoke(connection, m, a);
            if (!(made instanceof Statement statement)) {
                return made;
            }
            String prepared = m.getName().equals("prepareStatement") && a != null && a[0] instanceof String text
                    ? kind(text) : null;
            Class<?> type = made instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
            int[] batched = new int[1];
            return Proxy.newProxyInstance(loader, new Class<?>[] {type}, (ps, sm, sa) -> {
                String name = sm.getName();
                if (name.equals("addBatch")) {
                    batched[0]++;
                } else if (name.equals("executeBatch")) {
                    begin(state);
                    count(prepared == null ? "(batch)" : prepared, batched[0]);
                    batched[0] = 0;
                } else if (name.startsWith("execute")) {
                    begin(state);
                    String kind = sa != null && sa.length > 0 && sa[0] instanceof String text ? kind(text) : prepared;
                    count(kind == null ? "(statement)" : kind, 1);
                }
                return invoke(statement, sm, sa);
            });
        });
    }

    /** The driver sends {@code BEGIN} with the first statement of a transaction. */
    private void begin(State state) {
        if (!state.autoCommit && !state.open) {
            count("BEGIN", 1);
            state.open = true;
        }
    }

    /** The driver sends nothing to end a transaction that ran no statement. */
    private void end(State state, String kind) {
        if (state.open) {
            count(kind, 1);
            state.open = false;
        }
    }

    private static String kind(String sql) {
        String flat = sql.replaceAll("\\s+", " ").trim();
        return flat.substring(0, Math.min(60, flat.length()));
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
