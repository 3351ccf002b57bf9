package io.backupalarm;

/**
 * The root of every exception the library throws on purpose. Catch this to handle all of them;
 * catch a subclass to handle one case precisely.
 *
 * <p>Misuse of an API (a {@code null} argument, a value out of range) is reported with the JDK's
 * {@link NullPointerException} / {@link IllegalArgumentException} / {@link IllegalStateException}
 * instead, like any Java library.
 *
 * <p>Immutable once created, so safe to share between threads.
 */
public class AlarmException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong, naming the ids and values involved
     */
    public AlarmException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what went wrong, naming the ids and values involved
     * @param cause the underlying failure
     */
    public AlarmException(String message, Throwable cause) {
        super(message, cause);
    }
}
