package io.backupalarm.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/** The few places where PostgreSQL and H2 need different SQL or settings. */
enum Dialect {
    POSTGRESQL,
    H2;

    /** Reads the database product from the connection's metadata. */
    static Dialect of(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            if (product.contains("postgres")) {
                return POSTGRESQL;
            }
            if (product.contains("h2")) {
                return H2;
            }
            throw new IllegalArgumentException("unsupported database '" + product + "': use PostgreSQL or H2");
        } catch (SQLException e) {
            throw new JdbcStoreException("cannot connect to the database", e);
        }
    }

    /**
     * The isolation level of a read that must see one snapshot across statements: PostgreSQL's
     * {@code REPEATABLE READ} is snapshot isolation; H2 needs {@code SERIALIZABLE} for the same.
     */
    int snapshotIsolation() {
        return this == POSTGRESQL ? Connection.TRANSACTION_REPEATABLE_READ : Connection.TRANSACTION_SERIALIZABLE;
    }
}
