package io.backupalarm.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Prepared statements on one connection, with {@link SQLException} turned into
 * {@link JdbcStoreException}. An {@link Instant} parameter is bound as a
 * {@code TIMESTAMP WITH TIME ZONE}. Those of a read refuse to write, before the statement reaches
 * the database. Used on one thread only.
 */
final class Sql {

    /** Reads one row into a value. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final Connection connection;
    private final boolean readOnly;

    Sql(Connection connection) {
        this(connection, false);
    }

    /**
     * Statements on a connection.
     *
     * @param readOnly whether {@link #update} and {@link #batch} are refused with an
     *     {@link IllegalStateException}
     */
    Sql(Connection connection, boolean readOnly) {
        this.connection = connection;
        this.readOnly = readOnly;
    }

    <T> List<T> list(String query, RowMapper<T> mapper, Object... parameters) {
        try (PreparedStatement statement = prepare(query, parameters); ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        } catch (SQLException e) {
            throw new JdbcStoreException("query failed: " + query, e);
        }
    }

    <T> Optional<T> one(String query, RowMapper<T> mapper, Object... parameters) {
        List<T> rows = list(query, mapper, parameters);
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
    }

    int update(String statementSql, Object... parameters) {
        requireWritable(statementSql);
        try (PreparedStatement statement = prepare(statementSql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new JdbcStoreException("update failed: " + statementSql, e);
        }
    }

    /** Runs one statement once per parameter row, as a JDBC batch. */
    void batch(String statementSql, List<Object[]> rows) {
        requireWritable(statementSql);
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(statementSql)) {
            for (Object[] row : rows) {
                bind(statement, row);
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw new JdbcStoreException("batch failed: " + statementSql, e);
        }
    }

    /** Marks a point the transaction can be rolled back to. */
    Savepoint savepoint() {
        try {
            return connection.setSavepoint();
        } catch (SQLException e) {
            throw new JdbcStoreException("savepoint failed", e);
        }
    }

    /** Forgets a savepoint, keeping what was done since. */
    void release(Savepoint savepoint) {
        try {
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            throw new JdbcStoreException("release of a savepoint failed", e);
        }
    }

    /** Undoes what was done since a savepoint. */
    void rollbackTo(Savepoint savepoint) {
        try {
            connection.rollback(savepoint);
        } catch (SQLException e) {
            throw new JdbcStoreException("rollback to a savepoint failed", e);
        }
    }

    private void requireWritable(String statementSql) {
        if (readOnly) {
            throw new IllegalStateException("a read cannot write (use ConfigurationStore.write): " + statementSql);
        }
    }

    /** An instant from a {@code TIMESTAMP WITH TIME ZONE} column, or {@code null}. */
    static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** Keeps a bound such as {@link Instant#MAX} within what the databases' timestamps hold. */
    private static Instant clamp(Instant instant) {
        return instant.isAfter(LATEST) ? LATEST : instant.isBefore(EARLIEST) ? EARLIEST : instant;
    }

    private PreparedStatement prepare(String query, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(query);
        try {
            bind(statement, parameters);
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }

    private static void bind(PreparedStatement statement, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object parameter = parameters[i];
            if (parameter instanceof Instant instant) {
                statement.setObject(i + 1, clamp(instant).atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
            } else if (parameter == null) {
                statement.setNull(i + 1, Types.NULL);
            } else {
                statement.setObject(i + 1, parameter);
            }
        }
    }
}
