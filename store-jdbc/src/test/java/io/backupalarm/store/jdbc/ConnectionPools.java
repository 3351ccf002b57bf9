package io.backupalarm.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Connection pools over test databases, as a host runs the store. A database of
 * {@link TestPostgres#newDatabase()} opens a new connection (a new server process) for every
 * {@code getConnection()}: a test that reads and writes a lot spends most of its time connecting.
 * A test keeps this in a field marked {@code @AutoClose}, which closes its pools after each test.
 *
 * <p>Thread-safe.
 */
public final class ConnectionPools implements AutoCloseable {

    /** More than any test uses at once: a test waits for a connection only when it holds this many. */
    private static final int MAX_CONNECTIONS = 16;

    private final List<HikariDataSource> pools = new ArrayList<>();

    /** Creates an empty set of pools. */
    public ConnectionPools() {
    }

    /**
     * A pool of connections to the database; it keeps no idle connection beyond what was used.
     *
     * @param database where the connections go
     * @return the pool, open until {@link #close()}
     */
    public synchronized DataSource over(DataSource database) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(database);
        config.setMinimumIdle(0);
        config.setMaximumPoolSize(MAX_CONNECTIONS);
        config.setPoolName("test-pool-" + (pools.size() + 1));
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    /** Closes every pool, and with them their connections. */
    @Override
    public synchronized void close() {
        pools.forEach(HikariDataSource::close);
        pools.clear();
    }
}
