package io.backupalarm.text;

/**
 * The SLF4J MDC keys the engine sets while it works on one alarm or one notification, so that a
 * host's log search finds every line about it (a host's log pattern prints them with, for example,
 * {@code %X{backupalarm.alarm}}). The engine puts them around its handling of an event, of a due
 * alarm and of each delivery attempt, and puts the previous values back afterwards, also when the
 * work fails; a key it does not know for that work is left as it was.
 *
 * <p>Constants only; thread-safe.
 */
public final class LogContext {

    /** The account id of the alarm or notification. */
    public static final String ACCOUNT = "backupalarm.account";
    /** The instance id of the alarm or notification. */
    public static final String INSTANCE = "backupalarm.instance";
    /** The alarm key ({@code TYPE/instance[/job]}), as {@code io.backupalarm.lifecycle.AlarmKey} prints it. */
    public static final String ALARM = "backupalarm.alarm";
    /** The idempotency key of the notification being sent. */
    public static final String NOTIFICATION = "backupalarm.notification";

    private LogContext() {
    }
}
