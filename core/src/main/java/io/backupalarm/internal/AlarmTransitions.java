package io.backupalarm.internal;

import io.backupalarm.AlarmException;
import io.backupalarm.config.Account;
import io.backupalarm.config.Instance;
import io.backupalarm.config.Vault;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.lifecycle.AlarmState;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.policy.Recipient;
import io.backupalarm.policy.RecipientResolver;
import io.backupalarm.spi.AlarmStore;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.OutboxStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alarm lifecycle: opening, counting, cancelling, firing, repeating and resolving, written to
 * the alarm store and the outbox. Notifications are written to the outbox before the alarm's new
 * state: a transactional store commits both together, and any other store that crashes between
 * the two re-decides the same notifications, which the outbox's idempotent add drops.
 *
 * <p>Not thread-safe: the {@link Runner} calls it under its lock. What a change tells listeners
 * and counters is collected in {@link Kept} once the stores kept the change (a transactional
 * store may roll it back, or run it again), and run by the caller.
 */
final class AlarmTransitions {

    private static final Logger LOG = LoggerFactory.getLogger(AlarmTransitions.class);
    private static final int BATCH = 1000;

    private final ConfigurationStore configuration;
    private final AlarmSettings settings;
    private final AlarmStore alarms;
    private final OutboxStore outbox;
    private final NotificationFactory notifications;
    private final Counters counters;
    private final Listeners listeners;
    private final List<Runnable> effects = new ArrayList<>();
    private Instant earliestDue;

    AlarmTransitions(ConfigurationStore configuration, AlarmSettings settings, AlarmStore alarms, OutboxStore outbox,
                     NotificationFactory notifications, Counters counters, Listeners listeners) {
        this.configuration = configuration;
        this.settings = settings;
        this.alarms = alarms;
        this.outbox = outbox;
        this.notifications = notifications;
        this.counters = counters;
        this.listeners = listeners;
    }

    /**
     * What the stores kept, change by change: the counters and listener calls to run, in the
     * order of the changes, and the earliest instant at which something stored falls due. A change
     * whose transaction failed adds nothing; those kept before it stay, whatever fails after.
     */
    static final class Kept {
        final List<Runnable> effects = new ArrayList<>();
        Instant earliestDue;
    }

    /** Applies one event to the alarm of its key. */
    void apply(AlarmEvent event, Kept kept) {
        AlarmKey key = event.key();
        commit(() -> alarms.atomically(key, () -> {
            effects.clear(); // the store may run this again: only the last run counts
            earliestDue = null;
            if (event.opens()) {
                open(key, event);
            } else {
                close(key, event.at());
            }
            return 1;
        }), kept);
    }

    /** Fires and repeats every alarm due up to an instant, a batch per transaction. */
    void processDue(Instant upTo, Kept kept) {
        int handled;
        do {
            handled = commit(() -> alarms.forEachDue(upTo, BATCH, alarm -> {
                if (alarm.state() == AlarmState.PENDING) {
                    fire(alarm, upTo);
                } else {
                    repeat(alarm, upTo);
                }
            }), kept);
        } while (handled > 0);
    }

    /** Runs store work; once the stores kept it, adds what it recorded to {@code kept}. */
    private int commit(IntSupplier storeWork, Kept kept) {
        effects.clear();
        earliestDue = null;
        try {
            int result = storeWork.getAsInt();
            kept.effects.addAll(effects);
            kept.earliestDue = Times.earliest(kept.earliestDue, earliestDue);
            return result;
        } finally {
            effects.clear();
            earliestDue = null;
        }
    }

    private void open(AlarmKey key, AlarmEvent event) {
        String message = event instanceof AlarmEvent.BackupFailed failed ? failed.message() : null;
        OpenAlarm existing = alarms.find(key).orElse(null);
        if (existing != null) {
            OpenAlarm counted = existing.counted(message);
            alarms.save(counted);
            LOG.debug("Alarm {} counted again ({} occurrences)", key, counted.occurrences());
            effects.add(() -> listeners.onCounted(counted));
            return;
        }
        OpenAlarm pending = OpenAlarm.pending(key, event.at(), message,
                event.at().plus(settings.gracePeriod(key.type())));
        alarms.save(pending);
        dueAt(pending.nextDue());
        LOG.debug("Alarm {} pending, fires at {}", key, pending.nextDue());
        effects.add(() -> listeners.onOpened(pending));
    }

    private void close(AlarmKey key, Instant at) {
        OpenAlarm alarm = alarms.find(key).orElse(null);
        if (alarm == null) {
            return;
        }
        if (at.isBefore(alarm.openedAt())) {
            LOG.info("Closing event for {} at {} is older than the alarm's opening at {}; ignored",
                    key, at, alarm.openedAt());
            return;
        }
        if (alarm.state() == AlarmState.PENDING) {
            alarms.remove(key);
            LOG.debug("Alarm {} cancelled", key);
            effects.add(() -> {
                counters.cancelled.increment();
                listeners.onCancelled(alarm, at);
            });
            return;
        }
        if (settings.notifyOnResolved()) {
            enqueue(alarm, OutboundMessage.Kind.RESOLVED, "RESOLVED", at);
        }
        alarms.remove(key);
        LOG.info("Alarm {} resolved", key);
        effects.add(() -> {
            counters.resolved.increment();
            listeners.onResolved(alarm, at);
        });
    }

    private void fire(OpenAlarm alarm, Instant upTo) {
        Instant at = alarm.nextDue();
        Set<Recipient> recipients = Set.of();
        String vault = null;
        String account = null;
        try {
            Target target = configuration.read(repos -> {
                Instance instance = repos.instances().find(alarm.key().instance()).orElse(null);
                Vault v = instance == null ? null : repos.vaults().find(instance.vault()).orElse(null);
                if (v == null) {
                    return null;
                }
                return new Target(v.id(), v.account(),
                        RecipientResolver.recipients(new RepositoriesView(repos), alarm.key().instance()));
            });
            if (target == null) {
                // Nobody can be told and nothing would ever close it: drop it, as if cancelled.
                alarms.remove(alarm.key());
                LOG.warn("Alarm {} fell due, but its instance no longer exists; dropped, nobody is told", alarm.key());
                effects.add(() -> {
                    counters.cancelled.increment();
                    listeners.onCancelled(alarm, at);
                });
                return;
            }
            recipients = target.recipients;
            vault = target.vault;
            account = target.account;
        } catch (AlarmException e) {
            LOG.warn("Alarm {} fired, but its recipients could not be resolved; nobody is told", alarm.key(), e);
        }
        Instant nextRepeat = settings.repeatInterval().map(interval -> nextSlot(at, interval, upTo)).orElse(null);
        OpenAlarm fired = alarm.fired(at, recipients, vault, account, nextRepeat);
        enqueue(fired, OutboundMessage.Kind.FIRING, "FIRING", at);
        alarms.save(fired);
        dueAt(fired.nextDue());
        LOG.info("Alarm {} fired: {} recipient(s)", alarm.key(), recipients.size());
        effects.add(() -> {
            counters.fired.increment();
            listeners.onFired(fired);
        });
    }

    private record Target(String vault, String account, Set<Recipient> recipients) {
    }

    private void repeat(OpenAlarm alarm, Instant upTo) {
        Instant at = alarm.nextDue();
        Duration interval = settings.repeatInterval().orElse(null);
        OpenAlarm repeated = alarm.repeated(interval == null ? null : nextSlot(at, interval, upTo));
        enqueue(repeated, OutboundMessage.Kind.REPEAT, "REPEAT-" + repeated.repeats(), at);
        alarms.save(repeated);
        dueAt(repeated.nextDue());
        effects.add(() -> listeners.onRepeated(repeated));
    }

    /**
     * The repeat slot after {@code slot}; when catching up (the engine was not running, or a late
     * event moved time on), slots already passed are skipped, so an outage ends in one REPEAT per
     * recipient rather than one per missed interval.
     */
    private static Instant nextSlot(Instant slot, Duration interval, Instant upTo) {
        Instant next = slot.plus(interval);
        if (next.isAfter(upTo)) {
            return next;
        }
        long passed = Duration.between(slot, upTo).dividedBy(interval); // exact, and no overflow
        return slot.plus(interval.multipliedBy(passed + 1));
    }

    private void enqueue(OpenAlarm alarm, OutboundMessage.Kind kind, String occurrence, Instant at) {
        if (alarm.recipients().isEmpty()) {
            return;
        }
        Account account = alarm.account() == null ? null
                : configuration.read(repos -> repos.accounts().find(alarm.account())).orElse(null);
        for (Recipient recipient : new TreeSet<>(alarm.recipients())) {
            if (!outbox.add(notifications.create(alarm, kind, occurrence, recipient, account, at))) {
                LOG.debug("{} of {} to {} is already in the outbox", occurrence, alarm.key(), recipient);
            }
        }
        dueAt(at);
    }

    private void dueAt(Instant at) {
        if (at != null) {
            earliestDue = Times.earliest(earliestDue, at);
        }
    }
}
