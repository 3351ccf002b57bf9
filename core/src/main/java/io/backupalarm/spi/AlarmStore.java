package io.backupalarm.spi;

import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmState;
import io.backupalarm.lifecycle.OpenAlarm;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where the engine keeps its open alarms, so that a restarted engine on the same store fires
 * pending alarms on time. A durable implementation replaces the in-memory one.
 *
 * <p><b>Contract.</b> {@link #save} replaces the alarm of the same key; {@link #dueUpTo} and
 * {@link #nextDue} only see alarms whose {@link OpenAlarm#nextDue()} is not {@code null}.
 *
 * <p><b>Several engines on one store.</b> A store shared by engines on several nodes (a database)
 * overrides {@link #atomically} and {@link #forEachDue} so that one alarm is changed by one engine
 * at a time, and a due alarm is handled by one engine only; the defaults suit a store that one
 * engine uses alone.
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
     * How many alarms are open in each state: what a metrics gauge reads, once per scrape. Every
     * state is in the map, with 0 when no alarm is in it. The default counts {@link #all}; a
     * database store answers with one aggregate query.
     *
     * @return the count per state; never {@code null}
     */
    default Map<AlarmState, Long> countByState() {
        Map<AlarmState, Long> counts = new EnumMap<>(AlarmState.class);
        for (AlarmState state : AlarmState.values()) {
            counts.put(state, 0L);
        }
        for (OpenAlarm alarm : all()) {
            counts.merge(alarm.state(), 1L, Long::sum);
        }
        return counts;
    }

    /**
     * The open alarms of an instance (what closing its disconnect alarm may release). The default
     * filters {@link #all}; a database store answers with an indexed query.
     *
     * @param instance the instance id
     * @return the alarms, in any order; never {@code null}
     */
    default List<OpenAlarm> ofInstance(String instance) {
        return all().stream().filter(a -> a.key().instance().equals(instance)).toList();
    }

    /**
     * The firing alarms of an account that were never announced nor acknowledged: those an
     * expired silence may release. The default filters {@link #all}; a database store answers
     * with an indexed query.
     *
     * @param account the account id
     * @return the alarms, in any order; never {@code null}
     */
    default List<OpenAlarm> awaitingAnnouncement(String account) {
        return all().stream().filter(a -> a.state() == io.backupalarm.lifecycle.AlarmState.FIRING && !a.announced()
                && !a.acknowledged() && account.equals(a.account())).toList();
    }

    /**
     * Runs one change of a key's alarm (its {@link #find}, then {@link #save} or {@link #remove},
     * and the notifications it adds to the outbox) as one unit that no other engine on this store
     * interleaves with. A transactional store runs {@code work} in a transaction that holds the
     * key's row, and the outbox of the same store joins it, so that the new state and its
     * notifications are kept together or not at all.
     *
     * <p>{@code work} may run more than once (two engines creating the same key at once: the
     * loser runs again and sees the winner's alarm), so it must have no effect outside the stores
     * until this returns. The default runs it once: enough for a store one engine uses alone,
     * since the engine serialises its own changes.
     *
     * @param key the key whose alarm {@code work} changes
     * @param work the change
     * @param <T> the result type
     * @return what {@code work} returned
     */
    default <T> T atomically(AlarmKey key, Supplier<T> work) {
        return work.get();
    }

    /**
     * Hands alarms due at or before an instant, earliest first, to {@code work}, each as in
     * {@link #atomically}: {@code work} changes the alarm it is given so that it is no longer due
     * at {@code instant}. A store shared by several engines skips alarms another engine is
     * handling at that moment (for example with {@code FOR UPDATE SKIP LOCKED}), so each due alarm
     * is handled once. The default hands over {@link #dueUpTo}.
     *
     * @param instant the instant
     * @param limit the most to hand over, at least 1
     * @param work what to do with each due alarm
     * @return how many alarms were handed over; 0 when none is due (or all are held elsewhere)
     */
    default int forEachDue(Instant instant, int limit, Consumer<OpenAlarm> work) {
        List<OpenAlarm> due = dueUpTo(instant, limit);
        due.forEach(work);
        return due.size();
    }

    /**
     * A thread-safe store in memory.
     *
     * @return a new, empty store
     */
    static AlarmStore inMemory() {
        return new io.backupalarm.internal.InMemoryAlarmStore();
    }
}
