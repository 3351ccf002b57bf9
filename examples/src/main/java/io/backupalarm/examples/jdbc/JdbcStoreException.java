package io.backupalarm.examples.jdbc;

/**
 * A database error inside {@link JdbcConfigurationStore}, unchecked because the store's
 * functional interfaces cannot throw {@link java.sql.SQLException}. The transaction it happened
 * in has been rolled back.
 *
 * <p>Deliberately not an {@link io.backupalarm.AlarmException}: callers treat those as the
 * integrity rules at work, while this is the database failing.
 */
public final class JdbcStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what the store was doing
     * @param cause the database's error
     */
    public JdbcStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
