package io.backupalarm.history;

import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmType;
import java.time.Instant;
import java.util.Objects;

/**
 * One transition of one alarm, as the engine recorded it. An alarm's occurrence is told apart
 * from a later one of the same key by {@link #openedAt()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sequence the store's number of the entry, unique and growing in the order entries were
 *        appended; 0 in an entry not yet appended (the store assigns it)
 * @param at when the transition happened (for {@link Event#OPENED}, {@link Event#COUNTED} and
 *        the closing events: the event's instant; otherwise the engine's clock)
 * @param node the engine (node) that recorded it: 1 to 128 characters
 * @param account the account of the alarm's instance, or {@code null} if it was not known (the
 *        instance was gone)
 * @param vault the vault of the alarm's instance, or {@code null} if it was not known
 * @param type the alarm type
 * @param instance the instance
 * @param job the job of a backup failure, or {@code null}
 * @param openedAt when the occurrence opened: with the key, what identifies it
 * @param event what happened
 * @param detail what caused it, for example {@code "event CLIENT_CONNECTED"},
 *        {@code "silence s-1"}, {@code "operator alice"}; never {@code null}, at most
 *        {@link #MAX_DETAIL} characters
 */
public record AlarmHistoryEntry(long sequence, Instant at, String node, String account, String vault, AlarmType type,
                                String instance, String job, Instant openedAt, Event event, String detail) {

    /** The longest detail kept; a longer one is cut to this length. */
    public static final int MAX_DETAIL = 1000;

    /** What happened to an alarm. */
    public enum Event {
        /** An opening event opened it (pending). */
        OPENED,
        /** A further opening event was counted. */
        COUNTED,
        /** Its grace period ended: it fires (announced at once unless {@link #HELD} follows). */
        FIRED,
        /** It fired but was held back; the detail says by what. */
        HELD,
        /** What held it back ended: its {@code FIRING} notification went out. */
        RELEASED,
        /** An operator acknowledged it: no more repeats. */
        ACKNOWLEDGED,
        /** Its {@code REPEAT} notification went out. */
        REPEATED,
        /** A closing event closed it while it fired. */
        RESOLVED,
        /** It closed before it fired, or was dropped (its instance was gone). */
        CANCELLED
    }

    /** Validates the fields and cuts a long detail. */
    public AlarmHistoryEntry {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative: " + sequence);
        }
        Objects.requireNonNull(at, "at");
        HistoryText.node(node);
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(openedAt, "openedAt");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(detail, "detail");
        detail = HistoryText.cut(detail, MAX_DETAIL);
    }

    /**
     * The key of the alarm.
     *
     * @return the key
     */
    public AlarmKey key() {
        return new AlarmKey(type, instance, job);
    }

    /**
     * This entry with the sequence a store assigned.
     *
     * @param assigned the sequence, at least 1
     * @return the entry
     */
    public AlarmHistoryEntry withSequence(long assigned) {
        return new AlarmHistoryEntry(assigned, at, node, account, vault, type, instance, job, openedAt, event, detail);
    }
}
