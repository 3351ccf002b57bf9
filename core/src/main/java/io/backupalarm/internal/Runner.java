package io.backupalarm.internal;

import io.backupalarm.delivery.DeliverySettings;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.spi.OutboxStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the engine's work: events and due alarms under the engine's one lock (so a key's alarm
 * never sees two changes at once in this engine), then, with the lock released, what the changes
 * tell counters and listeners, then the deliveries. Thread-safe.
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
    private volatile Instant lastPurge = Instant.MIN;

    Runner(AlarmTransitions transitions, Dispatcher dispatcher, OutboxStore outbox, DeliverySettings delivery,
           Clock clock) {
        this.transitions = transitions;
        this.dispatcher = dispatcher;
        this.outbox = outbox;
        this.delivery = delivery;
        this.clock = clock;
    }

    /**
     * Applies an event after whatever fell due up to its instant (due work of an instant happens
     * before that instant's events), then catches up to now.
     *
     * @return the earliest instant at which something this stored falls due, or {@code null}
     */
    Instant report(AlarmEvent event) {
        AlarmTransitions.Changes changes;
        lock.lock();
        try {
            Instant now = clock.instant();
            changes = transitions.processDue(event.at().isBefore(now) ? event.at() : now)
                    .and(transitions.apply(event))
                    .and(transitions.processDue(now));
        } finally {
            lock.unlock();
        }
        changes.effects().forEach(Runnable::run);
        return changes.earliestDue();
    }

    /** Fires and repeats what is due now. */
    void processDue() {
        AlarmTransitions.Changes changes;
        lock.lock();
        try {
            changes = transitions.processDue(clock.instant());
        } finally {
            lock.unlock();
        }
        changes.effects().forEach(Runnable::run);
    }

    /**
     * Everything due now: alarms, then deliveries, then (every ten minutes) forgetting old sent
     * notifications.
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
        }
    }
}
