package io.backupalarm.store.jdbc;

import java.sql.SQLException;

/**
 * A database operation of a JDBC store failed. Unchecked, because the store interfaces it
 * implements do not declare {@link SQLException}; the cause is the driver's exception, with its
 * SQL state. Deliberately not an {@link io.backupalarm.AlarmException}: that one says a request
 * was wrong, this one that the database failed, and the engine must not take one for the other
 * (a failed read while an alarm fires rolls the firing back, to be retried, rather than firing
 * it to nobody).
 *
 * <p>Immutable once thrown.
 */
public final class JdbcStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was being done
     * @param cause the driver's exception
     */
    public JdbcStoreException(String message, SQLException cause) {
        super(message + ": " + cause.getMessage(), cause);
    }

    /**
     * The SQL state of the cause, such as {@code 23505} for a unique violation.
     *
     * @return the state, or {@code null} if the driver gave none
     */
    public String sqlState() {
        return ((SQLException) getCause()).getSQLState();
    }
}
