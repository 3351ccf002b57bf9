package io.backupalarm.internal;

import io.backupalarm.delivery.DeliverySettings;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.spi.AlarmStore;
import io.backupalarm.spi.HistoryStore;
import io.backupalarm.spi.OutboxStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the engine's work: events and due alarms under the engine's one lock (so a key's alarm
 * never sees two changes at once in this engine), what the changes tell counters and listeners,
 * then the deliveries. Thread-safe.
 */
final class Runner {

    private static final Logger LOG = LoggerFactory.getLogger(Runner.class);
    private static final Duration PURGE_EVERY = Duration.ofMinutes(10);

    private final ReentrantLock lock = new ReentrantLock();
    private final AlarmTransitions transitions;
    private final Dispatcher dispatcher;
    private final OutboxStore outbox;
    private final DeliverySettings delivery;
    private final Clock clock;
    private final boolean listenersQueued;
    private final HistoryStore history;
    private final Duration historyRetention;
    private volatile Instant lastPurge = Instant.MIN;
    private final AlarmStore alarms;
    /**
     * Real time: the earliest instant at which an alarm this node knows of may fall due, or
     * {@code null} when it knows of none. {@link Instant#MIN} until the scheduler first read the
     * store ({@link #nextAlarmDue}): then nothing is known, and a report looks. Set from the store
     * by {@link #nextAlarmDue} (after each of the scheduler's sweeps), and moved earlier by every
     * change this node keeps. A failed alarm the store postpones by itself is found by the
     * scheduler's next sweep. Guarded by {@link #lock}.
     */
    private Instant horizon = Instant.MIN;
    /**
     * What the changes under way kept, emptied as the lock is released. One for the engine rather
     * than one per call: most events keep nothing to tell. Guarded by {@link #lock}.
     */
    private final AlarmTransitions.Kept kept = new AlarmTransitions.Kept();

    /**
     * @param listenersQueued whether listener calls only queue work for a listener thread (real
     *        time), rather than run the listeners on the calling thread (manual time)
     * @param history the history, purged with the sent notifications
     * @param historyRetention how long history is kept
     */
    Runner(AlarmTransitions transitions, Dispatcher dispatcher, AlarmStore alarms, OutboxStore outbox,
           DeliverySettings delivery, Clock clock, boolean listenersQueued, HistoryStore history,
           Duration historyRetention) {
        this.transitions = transitions;
        this.alarms = alarms;
        this.dispatcher = dispatcher;
        this.outbox = outbox;
        this.delivery = delivery;
        this.clock = clock;
        this.listenersQueued = listenersQueued;
        this.history = history;
        this.historyRetention = historyRetention;
    }

    /**
     * Applies an event after whatever fell due up to its instant (due work of an instant happens
     * before that instant's events), then catches up to now.
     *
     * @return the earliest instant at which something this stored falls due, or {@code null}
     */
    Instant report(AlarmEvent event) {
        // Written out rather than through underLock: an event is the engine's most frequent call,
        // and a lambda capturing it would be allocated for each.
        Instant due;
        lock.lock();
        try {
            Instant now = clock.instant();
            Instant before = event.at().isBefore(now) ? event.at() : now;
            if (mayBeDue(before)) {
                transitions.processDue(before, kept);
            }
            transitions.apply(event, kept);
            if (mayBeDue(now)) {
                transitions.processDue(now, kept);
            }
        } finally {
            due = unlock();
        }
        return due;
    }

    /**
     * Whether anything this node knows of may be due at {@code upTo}: always on manual time (where
     * engines sharing a store rely on each report handling what is due before it); in real time,
     * only when the earliest due instant known (see {@link #horizon}) has come. What another node
     * stored meanwhile is its own to fire, and this node's scheduler finds it too at its next
     * sweep, at most one sweep interval later.
     */
    private boolean mayBeDue(Instant upTo) {
        if (!listenersQueued) {
            return true;
        }
        Instant known = Times.earliest(horizon, kept.earliestDue);
        return known != null && !known.isAfter(upTo);
    }

    /**
     * The earliest due alarm of the store, read under the engine's lock, which also becomes the
     * {@link #horizon}: no change of this node can slip in between the query and the assignment.
     *
     * @return the instant, or empty when no alarm is due
     */
    Optional<Instant> nextAlarmDue() {
        lock.lock();
        try {
            Optional<Instant> next = alarms.nextDue();
            horizon = next.orElse(null);
            return next;
        } finally {
            lock.unlock();
        }
    }

    /**
     * What an operator's change returned, and the earliest instant at which something it stored
     * falls due ({@code null}: nothing).
     */
    record Done<T>(T value, Instant due) {
    }

    /**
     * Runs a change an operator asked for (a silence, an acknowledgement, a test) at the current
     * instant, after whatever fell due up to it: due work sees the state before the change.
     */
    <T> Done<T> change(BiFunction<Instant, AlarmTransitions.Kept, T> work) {
        Object[] value = new Object[1];
        Instant due = underLock(() -> {
            Instant now = clock.instant();
            if (mayBeDue(now)) {
                transitions.processDue(now, kept);
            }
            value[0] = work.apply(now, kept);
        });
        @SuppressWarnings("unchecked")
        T result = (T) value[0];
        return new Done<>(result, due);
    }

    /** Fires and repeats what is due now. */
    void processDue() {
        underLock(() -> transitions.processDue(clock.instant(), kept));
    }

    /**
     * Runs transitions under the engine's lock, then tells counters and listeners what the changes
     * the stores kept, also when a later change failed. Counters are told under the lock; listener
     * calls too in real time (they only queue work for the listener thread, in the order of the
     * changes), and on manual time after the lock is released, since listeners run on this thread.
     */
    private Instant underLock(Runnable work) {
        Instant due;
        lock.lock();
        try {
            work.run();
        } finally {
            due = unlock();
        }
        return due;
    }

    /**
     * Empties {@link #kept} (its counts are added to the counters under the lock) and releases the
     * lock; its listener calls run as {@link #underLock} says.
     *
     * @return the earliest instant at which something kept falls due, or {@code null}
     */
    private Instant unlock() {
        Instant due = kept.earliestDue;
        List<Runnable> calls = null;
        try {
            horizon = Times.earliest(horizon, due);
            calls = transitions.empty(kept);
            if (calls != null && listenersQueued) {
                calls.forEach(Runnable::run);
                calls = null;
            }
        } finally {
            lock.unlock();
        }
        if (calls != null) {
            calls.forEach(Runnable::run);
        }
        return due;
    }

    /**
     * Everything due now: alarms, then deliveries, then (every ten minutes) forgetting old sent
     * notifications and history older than its retention.
     *
     * @return whether a delivery queue was full
     */
    boolean runDue() {
        RuntimeException alarmsFailed = null;
        try {
            processDue();
        } catch (RuntimeException e) {
            alarmsFailed = e; // a failing alarm store must not hold back what the outbox can still send
        }
        boolean full = dispatcher.dispatchDue();
        purgeSent();
        if (alarmsFailed != null) {
            throw alarmsFailed;
        }
        return full;
    }

    /** Hands due deliveries to the channels. */
    boolean dispatchDue() {
        return dispatcher.dispatchDue();
    }

    private void purgeSent() {
        Instant now = clock.instant();
        if (Duration.between(lastPurge, now).compareTo(PURGE_EVERY) >= 0) {
            lastPurge = now;
            int purged = outbox.purgeSentBefore(now.minus(delivery.sentRetention()));
            if (purged > 0) {
                LOG.debug("Forgot {} sent notifications older than {}", purged, delivery.sentRetention());
            }
            purgeHistory(now);
        }
    }

    /**
     * Forgets the history older than its retention at {@code now}: a delete by time range, so the
     * few minutes of history since the last purge.
     *
     * @return how many entries were forgotten
     */
    long purgeHistory(Instant now) {
        long purged = history.purgeBefore(now.minus(historyRetention));
        if (purged > 0) {
            LOG.debug("Forgot {} history entries older than {}", purged, historyRetention);
        }
        return purged;
    }
}
