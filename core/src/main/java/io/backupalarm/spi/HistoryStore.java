package io.backupalarm.spi;

import io.backupalarm.history.AlarmHistoryEntry;
import io.backupalarm.history.DeliveryRecord;
import io.backupalarm.history.HistoryPage;
import io.backupalarm.history.HistoryQuery;
import java.time.Instant;
import java.util.List;

/**
 * Where the engine keeps its history: the transitions of alarms and the delivery attempts, after
 * the alarms closed and the notifications were forgotten, until they are purged.
 *
 * <p><b>Contract.</b> {@link #appendAlarms} and {@link #appendDeliveries} give each entry a
 * sequence of its own (the entries' own sequence, normally 0, is ignored), growing in the order
 * they were appended. The queries answer newest first by {@code (at, sequence)}: at most
 * {@link HistoryQuery#limit()} entries older than the query's cursor, and a next cursor when more
 * may follow. Entries appended while a client pages are newer than its cursor, so they never move
 * an entry to another page. A query with a filter of the other history is refused with an
 * {@link IllegalArgumentException} ({@link HistoryQuery#requireForAlarms()},
 * {@link HistoryQuery#requireForDeliveries()}).
 *
 * <p><b>Transactions.</b> The engine appends alarm transitions inside the change of the alarm
 * ({@link AlarmStore#atomically}, {@link AlarmStore#forEachDue}): a history store of the same
 * database as the alarm store joins that transaction, so that a change and its history are kept
 * together or not at all. Use the history store that goes with the alarm store.
 *
 * <p><b>Thread safety.</b> Implementations must be thread-safe.
 */
public interface HistoryStore {

    /**
     * Appends alarm transitions, in order.
     *
     * @param entries the entries; may be empty
     */
    void appendAlarms(List<AlarmHistoryEntry> entries);

    /**
     * Appends delivery attempts, in order.
     *
     * @param records the records; may be empty
     */
    void appendDeliveries(List<DeliveryRecord> records);

    /**
     * A page of alarm history, newest first.
     *
     * @param query the query
     * @return the page
     * @throws IllegalArgumentException if the query filters what only delivery history has
     */
    HistoryPage<AlarmHistoryEntry> alarms(HistoryQuery query);

    /**
     * A page of delivery history, newest first.
     *
     * @param query the query
     * @return the page
     * @throws IllegalArgumentException if the query filters what only alarm history has
     */
    HistoryPage<DeliveryRecord> deliveries(HistoryQuery query);

    /**
     * Forgets every entry of both histories at an instant before {@code instant}.
     *
     * @param instant the instant
     * @return how many entries were forgotten
     */
    long purgeBefore(Instant instant);

    /**
     * A thread-safe history in memory.
     *
     * @return a new, empty store
     */
    static HistoryStore inMemory() {
        return new io.backupalarm.internal.InMemoryHistoryStore();
    }

    /**
     * A store that keeps nothing: every query answers an empty page. Turns history off.
     *
     * @return the store
     */
    static HistoryStore none() {
        return io.backupalarm.internal.InMemoryHistoryStore.NONE;
    }
}
