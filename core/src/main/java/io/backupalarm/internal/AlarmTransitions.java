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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alarm lifecycle: opening, counting, cancelling, firing, repeating and resolving, written to
 * the alarm store and the outbox. Notifications are written to the outbox before the alarm's new
 * state: a transactional store commits both together, and any other store that crashes between
 * the two re-decides the same notifications, which the outbox's idempotent add drops.
 *
 * <p>Not thread-safe: the {@link Runner} calls it under its lock. What a change tells listeners
 * and counters is collected as {@link Changes} and run by the caller once the stores kept the
 * change (a transactional store may roll it back, or run it again).
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
     * What a run of transitions left to do once the stores kept it.
     *
     * @param effects counters and listener calls, in the order of the changes
     * @param earliestDue the earliest instant at which something it stored falls due, or {@code null}
     */
    record Changes(List<Runnable> effects, Instant earliestDue) {
        static final Changes NONE = new Changes(List.of(), null);

        Changes and(Changes later) {
            if (later.effects.isEmpty() && later.earliestDue == null) {
                return this;
            }
            if (effects.isEmpty() && earliestDue == null) {
                return later;
            }
            List<Runnable> all = new ArrayList<>(effects);
            all.addAll(later.effects);
            return new Changes(all, Times.earliest(earliestDue, later.earliestDue));
        }
    }

    /** Applies one event to the alarm of its key. */
    Changes apply(AlarmEvent event) {
        AlarmKey key = event.key();
        return commit(() -> alarms.atomically(key, () -> {
            effects.clear(); // the store may run this again: only the last run counts
            earliestDue = null;
            if (event.opens()) {
                open(key, event);
            } else {
                close(key, event.at());
            }
            return null;
        }));
    }

    /** Fires and repeats every alarm due up to an instant. */
    Changes processDue(Instant upTo) {
        Changes all = Changes.NONE;
        while (true) {
            int[] handled = new int[1];
            Changes batch = commit(() -> {
                handled[0] = alarms.forEachDue(upTo, BATCH, alarm -> {
                    if (alarm.state() == AlarmState.PENDING) {
                        fire(alarm, upTo);
                    } else {
                        repeat(alarm, upTo);
                    }
                });
                return null;
            });
            all = all.and(batch);
            if (handled[0] == 0) {
                return all;
            }
        }
    }

    /** Runs store work; returns the effects it recorded if the stores kept it, and none if it failed. */
    private Changes commit(Supplier<Void> storeWork) {
        effects.clear();
        earliestDue = null;
        try {
            storeWork.get();
        } catch (RuntimeException e) {
            effects.clear();
            earliestDue = null;
            throw e;
        }
        Changes changes = effects.isEmpty() && earliestDue == null ? Changes.NONE
                : new Changes(List.copyOf(effects), earliestDue);
        effects.clear();
        earliestDue = null;
        return changes;
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
        // Whole seconds: a repeat interval is at least a minute, and nanoseconds would overflow
        // after 292 years of catching up.
        long passed = Duration.between(slot, upTo).getSeconds() / interval.getSeconds();
        Instant candidate = slot.plus(interval.multipliedBy(passed));
        while (!candidate.isAfter(upTo)) {
            candidate = candidate.plus(interval);
        }
        return candidate;
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
