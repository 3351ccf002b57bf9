package io.backupalarm.internal;

import io.backupalarm.delivery.Notification;
import io.backupalarm.delivery.NotificationItem;
import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.text.LogContext;
import io.backupalarm.text.SafeText;
import java.util.Arrays;
import org.slf4j.MDC;
import org.slf4j.helpers.NOPMDCAdapter;

/**
 * The MDC keys of {@link LogContext} around a piece of the engine's work. A scope remembers the
 * value each key had before it set it and puts those back when it closes, so nested scopes and a
 * host's own MDC survive, also when the work throws. Not thread-safe: a scope belongs to the
 * thread that opened it (as the MDC does).
 */
final class Mdc implements AutoCloseable {

    /** Each key this scope set, then what it held before: pairs in the order they were set. */
    private String[] previous = new String[8];
    private int size;

    private Mdc() {
    }

    /**
     * Whether the logging backend keeps MDC values: with one that drops them (slf4j-simple, or no
     * backend) a scope computes and sets nothing, which matters on a path run for every event.
     */
    private static final boolean KEPT = !(MDC.getMDCAdapter() instanceof NOPMDCAdapter);

    /** The scope that sets nothing, where the backend keeps no MDC. */
    private static final Mdc NONE = new Mdc();

    /** A scope that has set nothing yet. */
    static Mdc open() {
        return KEPT ? new Mdc() : NONE;
    }

    /** A scope around the work on an alarm: its key, instance and (when known) account. */
    static Mdc alarm(AlarmKey key, String account) {
        if (!KEPT) {
            return NONE;
        }
        return open().put(LogContext.ALARM, SafeText.escape(key.toString())).put(LogContext.INSTANCE, key.instance())
                .put(LogContext.ACCOUNT, account);
    }

    /** Adds what a notification tells: its account, instance and alarm (its first item's). */
    Mdc notification(Notification notification) {
        if (this == NONE) {
            return this;
        }
        put(LogContext.ACCOUNT, notification.account());
        put(LogContext.INSTANCE, notification.instance());
        return put(LogContext.ALARM, alarmOf(notification));
    }

    /** Sets a key for the rest of the scope; a {@code null} value leaves the key as it was. */
    Mdc put(String key, String value) {
        if (value == null || this == NONE) {
            return this;
        }
        if (size == previous.length) {
            previous = Arrays.copyOf(previous, 2 * size);
        }
        previous[size++] = key;
        previous[size++] = MDC.get(key);
        MDC.put(key, value);
        return this;
    }

    /** Puts back, in reverse order, what each key held before this scope set it. */
    @Override
    public void close() {
        for (int i = size - 2; i >= 0; i -= 2) {
            if (previous[i + 1] == null) {
                MDC.remove(previous[i]);
            } else {
                MDC.put(previous[i], previous[i + 1]);
            }
        }
        size = 0;
    }

    /**
     * The alarm a notification is about, as {@link AlarmKey} prints it (its first item's, for a
     * group), or {@code null} for a test message.
     */
    static String alarmOf(Notification notification) {
        NotificationItem first = notification.items().get(0);
        if (first.alarm() == null || first.instance() == null) {
            return null;
        }
        return SafeText.escape(first.alarm() + "/" + first.instance() + (first.job() == null ? "" : "/" + first.job()));
    }
}
