package io.backupalarm.spi;

import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.OpenAlarm;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the engine keeps its open alarms, so that a restarted engine on the same store fires
 * pending alarms on time. A durable implementation replaces the in-memory one.
 *
 * <p><b>Contract.</b> {@link #save} replaces the alarm of the same key; {@link #dueUpTo} and
 * {@link #nextDue} only see alarms whose {@link OpenAlarm#nextDue()} is not {@code null}.
 *
 * <p><b>Thread safety.</b> Implementations must be thread-safe. The engine serialises its own
 * changes, so a single engine never writes the same key from two threads at once.
 */
public interface AlarmStore {

    /**
     * The open alarm of a key.
     *
     * @param key the key
     * @return the alarm, or empty
     */
    Optional<OpenAlarm> find(AlarmKey key);

    /**
     * Inserts or replaces the alarm of its key.
     *
     * @param alarm the alarm
     */
    void save(OpenAlarm alarm);

    /**
     * Removes the alarm of a key.
     *
     * @param key the key
     * @return {@code true} if there was one
     */
    boolean remove(AlarmKey key);

    /**
     * Alarms due at or before an instant, earliest first (ties by key).
     *
     * @param instant the instant
     * @param limit the most to return, at least 1
     * @return the alarms; never {@code null}
     */
    List<OpenAlarm> dueUpTo(Instant instant, int limit);

    /**
     * The earliest due time of any alarm.
     *
     * @return the instant, or empty when nothing is due
     */
    Optional<Instant> nextDue();

    /**
     * Every open alarm.
     *
     * @return the alarms, in any order; never {@code null}
     */
    List<OpenAlarm> all();

    /**
     * How many alarms are open.
     *
     * @return the count
     */
    int size();

    /**
     * A thread-safe store in memory.
     *
     * @return a new, empty store
     */
    static AlarmStore inMemory() {
        return new io.backupalarm.internal.InMemoryAlarmStore();
    }
}
