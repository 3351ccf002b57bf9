package io.backupalarm.internal;

import io.backupalarm.AlarmException;
import io.backupalarm.NotFoundException;
import io.backupalarm.config.Account;
import io.backupalarm.config.Instance;
import io.backupalarm.config.MaintenanceWindow;
import io.backupalarm.config.Vault;
import io.backupalarm.delivery.Notification;
import io.backupalarm.delivery.NotificationItem;
import io.backupalarm.history.AlarmHistoryEntry;
import io.backupalarm.lifecycle.Acknowledgement;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.lifecycle.AlarmState;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.policy.Recipient;
import io.backupalarm.policy.RecipientResolver;
import io.backupalarm.quiet.AcknowledgeResult;
import io.backupalarm.quiet.Silence;
import io.backupalarm.quiet.TestNotification;
import io.backupalarm.spi.AlarmStore;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.HistoryStore;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.OutboxStore;
import io.backupalarm.spi.SilenceStore;
import io.backupalarm.text.LogContext;
import io.backupalarm.text.SafeText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
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
 * and counters is collected in {@link Kept} once the stores kept the change (a transactional
 * store may roll it back, or run it again), and run by the caller. What a change records in the
 * history is appended at the end of the change, inside it (so in its transaction).
 */
final class AlarmTransitions {

    private static final Logger LOG = LoggerFactory.getLogger(AlarmTransitions.class);
    private static final int BATCH = 1000;
    /** No vault, no account: what the history records for an instance that is gone. */
    private static final ConfigurationStore.InstanceScope UNKNOWN_SCOPE = new ConfigurationStore.InstanceScope("", null, null);

    private final ConfigurationStore configuration;
    private final AlarmSettings settings;
    private final AlarmStore alarms;
    private final OutboxStore outbox;
    private final SilenceStore silences;
    private final NotificationFactory notifications;
    private final Counters counters;
    private final Listeners listeners;
    private final HistoryStore history;
    private final String node;
    /** Whether the history keeps anything: with {@link HistoryStore#none()} nothing is recorded. */
    private final boolean recording;
    /** The change under way: its listener calls, its counts and its earliest due instant. */
    private final List<Runnable> effects = new ArrayList<>();
    private int firings;
    private int cancellations;
    private int resolutions;
    private Instant earliestDue;
    /** The history of the change under way, appended at its end. */
    private final List<AlarmHistoryEntry> recorded = new ArrayList<>();
    /** What {@link #processDue} hands the store, made once: a sweep runs on every event. */
    private final Consumer<OpenAlarm> handleDue = this::handleDue;
    /** The instant the sweep under way handles alarms up to. */
    private Instant sweepUpTo;

    AlarmTransitions(ConfigurationStore configuration, AlarmSettings settings, AlarmStore alarms, OutboxStore outbox,
                     SilenceStore silences, NotificationFactory notifications, Counters counters, Listeners listeners,
                     HistoryStore history, String node) {
        this.configuration = configuration;
        this.settings = settings;
        this.alarms = alarms;
        this.outbox = outbox;
        this.silences = silences;
        this.notifications = notifications;
        this.counters = counters;
        this.listeners = listeners;
        this.history = history;
        this.recording = history != HistoryStore.none();
        this.node = node;
    }

    /**
     * What the stores kept, change by change: what to count, the listener calls in the order of
     * the changes, and the earliest instant at which something stored falls due. A change whose
     * transaction failed adds nothing; those kept before it stay, whatever fails after. Counts
     * rather than calls, and no list until a call is kept: an event with nobody listening keeps
     * nothing but its due instant.
     */
    static final class Kept {
        private List<Runnable> calls;
        private int firings;
        private int cancellations;
        private int resolutions;
        Instant earliestDue;

        /**
         * Empties this: counts what it holds in {@code counters}, and hands over the listener calls.
         * Counting here, under the engine's lock, costs three additions; a copy of this for later
         * would cost an object per event.
         *
         * @return the listener calls in the order of the changes, or {@code null} when there are none
         */
        List<Runnable> empty(Counters counters) {
            add(counters.fired, firings);
            add(counters.cancelled, cancellations);
            add(counters.resolved, resolutions);
            List<Runnable> told = calls;
            calls = null;
            firings = 0;
            cancellations = 0;
            resolutions = 0;
            earliestDue = null;
            return told;
        }
    }

    /** Counts what {@code kept} holds and empties it; see {@link Kept#empty}. */
    List<Runnable> empty(Kept kept) {
        return kept.empty(counters);
    }

    private static void add(LongAdder counter, int count) {
        if (count > 0) {
            counter.add(count);
        }
    }

    /**
     * Applies one event to the alarm of its key; an event that opens an alarm, or closes none, for
     * an instance that does not exist fails with a {@link NotFoundException} and changes nothing.
     * A disconnect alarm it resolves makes the backup failures of its instance that were never
     * announced due at the event's instant, in the same transaction: the caller's run of what is
     * due right after the event releases them, and a release that fails stays due until a later
     * run succeeds.
     */
    void apply(AlarmEvent event, Kept kept) {
        AlarmKey key = event.key();
        try (Mdc mdc = Mdc.alarm(key, null)) {
            atomically(key, () -> {
                startChange(); // the store may run this again: only the last run counts
                if (listeners.any()) { // no call kept for nobody
                    effects.add(() -> listeners.onEvent(event));
                }
                if (event.opens()) {
                    // Checked in the change itself: a database store reads it with the key's lock; the
                    // history records the pending alarm with the same scope.
                    open(key, event, configuration.scopeOf(key.instance())
                            .orElseThrow(() -> new NotFoundException("instance", key.instance())));
                } else {
                    close(key, event);
                }
                appendHistory();
                return 1;
            }, kept);
        }
    }

    /** After a silence was expired at {@code at}: announces the alarms it alone held back. */
    void expired(Silence silence, Instant at, Kept kept) {
        for (OpenAlarm held : alarms.awaitingAnnouncement(silence.account())) {
            if (silence.matcher().matches(held.vault(), held.key().instance(), held.key().type())) {
                releaseIfDue(held.key(), at, "silence " + silence.id() + " expired", kept);
            }
        }
    }

    /** Acknowledges the firing alarm of a key. */
    AcknowledgeResult acknowledge(AlarmKey key, Acknowledgement ack, Kept kept) {
        return atomically(key, () -> {
            startChange();
            OpenAlarm alarm = alarms.find(key).orElse(null);
            if (alarm == null || alarm.state() != AlarmState.FIRING) {
                return AcknowledgeResult.NOT_FIRING;
            }
            if (alarm.acknowledged()) {
                return AcknowledgeResult.ALREADY_ACKNOWLEDGED;
            }
            OpenAlarm acknowledged = alarm.acknowledged(ack);
            alarms.save(acknowledged);
            record(acknowledged, ack.at(), AlarmHistoryEntry.Event.ACKNOWLEDGED,
                    "operator " + ack.by() + (ack.comment() == null ? "" : ": " + ack.comment()));
            appendHistory();
            LOG.info("Alarm {} acknowledged by {}", key, SafeText.escape(ack.by()));
            return AcknowledgeResult.ACKNOWLEDGED;
        }, kept);
    }

    /**
     * Sends a test to its recipients now: one message each, never grouped or held back.
     *
     * @param testId what makes this test's keys unique
     */
    List<TestNotification.Message> test(String testId, String account, String instance, String vault, String contact,
                                        Set<Recipient> recipients, Instant at, Kept kept) {
        Account owner = configuration.read(repos -> repos.accounts().find(account)).orElse(null);
        List<TestNotification.Message> sent = new ArrayList<>();
        for (Recipient recipient : new TreeSet<>(recipients)) {
            NotificationItem item = notifications.testItem(testId, instance, vault, contact, recipient, at);
            List<NotificationItem> items = List.of(item);
            outbox.add(Notification.of(notifications.render(item.key(), recipient, owner, account, items), account,
                    items, at, at));
            sent.add(new TestNotification.Message(recipient, item.key()));
        }
        kept.earliestDue = Times.earliest(kept.earliestDue, at);
        return sent;
    }

    /**
     * Fires, repeats and releases every alarm due up to an instant, a batch per transaction, each
     * at its own due instant (ties: disconnect alarms first, so that they inhibit the backup
     * failures of their instance that fall due with them).
     */
    void processDue(Instant upTo, Kept kept) {
        sweepUpTo = upTo;
        int handled;
        do {
            startChange();
            try {
                handled = alarms.forEachDue(upTo, BATCH, handleDue);
                keep(kept);
            } finally {
                startChange();
            }
        } while (handled > 0);
    }

    /** One due alarm of the sweep under way. */
    private void handleDue(OpenAlarm alarm) {
        Instant upTo = sweepUpTo;
        recorded.clear(); // what an alarm that failed before it recorded left behind
        try (Mdc mdc = Mdc.alarm(alarm.key(), alarm.account())) {
            if (alarm.state() == AlarmState.PENDING) {
                fire(alarm, upTo, mdc);
            } else if (!alarm.announced()) {
                recheck(alarm, upTo);
            } else {
                repeat(alarm, upTo);
            }
        }
        appendHistory();
    }

    /** Runs a change of one key's alarm in the store; once the store kept it, adds it to {@code kept}. */
    private <T> T atomically(AlarmKey key, Supplier<T> change, Kept kept) {
        startChange();
        try {
            T result = alarms.atomically(key, change);
            keep(kept);
            return result;
        } finally {
            startChange();
        }
    }

    /** Forgets what a change (or an earlier run of it) recorded so far. */
    private void startChange() {
        effects.clear();
        recorded.clear();
        firings = 0;
        cancellations = 0;
        resolutions = 0;
        earliestDue = null;
    }

    /** Adds the change the store just kept to {@code kept}. */
    private void keep(Kept kept) {
        if (!effects.isEmpty()) {
            if (kept.calls == null) {
                kept.calls = new ArrayList<>(effects);
            } else {
                kept.calls.addAll(effects);
            }
        }
        kept.firings += firings;
        kept.cancellations += cancellations;
        kept.resolutions += resolutions;
        kept.earliestDue = Times.earliest(kept.earliestDue, earliestDue);
    }

    private void open(AlarmKey key, AlarmEvent event, ConfigurationStore.InstanceScope scope) {
        String message = event instanceof AlarmEvent.BackupFailed failed ? failed.message() : null;
        OpenAlarm existing = alarms.find(key).orElse(null);
        if (existing != null) {
            OpenAlarm counted = existing.counted(message);
            alarms.save(counted);
            record(counted, event.at(), AlarmHistoryEntry.Event.COUNTED,
                    cause(event) + " (occurrence " + counted.occurrences() + ")", scope);
            LOG.debug("Alarm {} counted again ({} occurrences)", key, counted.occurrences());
            if (listeners.any()) { // no call kept for nobody
                effects.add(() -> listeners.onCounted(counted));
            }
            return;
        }
        OpenAlarm pending = OpenAlarm.pending(key, event.at(), message,
                event.at().plus(settings.gracePeriod(key.type())));
        alarms.save(pending);
        record(pending, event.at(), AlarmHistoryEntry.Event.OPENED, cause(event), scope);
        dueAt(pending.nextDue());
        LOG.debug("Alarm {} pending, fires at {}", key, pending.nextDue());
        if (listeners.any()) { // no call kept for nobody
            effects.add(() -> listeners.onOpened(pending));
        }
    }

    /** Closes the alarm of a key. */
    private void close(AlarmKey key, AlarmEvent event) {
        Instant at = event.at();
        OpenAlarm alarm = alarms.find(key).orElse(null);
        if (alarm == null) {
            // A closing event may still close the open alarm of an instance deleted meanwhile; with
            // no alarm, it must name an instance that exists.
            if (configuration.scopeOf(key.instance()).isEmpty()) {
                throw new NotFoundException("instance", key.instance());
            }
            return;
        }
        if (at.isBefore(alarm.openedAt())) {
            LOG.info("Closing event for {} at {} is older than the alarm's opening at {}; ignored",
                    key, at, alarm.openedAt());
            return;
        }
        if (alarm.state() == AlarmState.PENDING) {
            alarms.remove(key);
            record(alarm, at, AlarmHistoryEntry.Event.CANCELLED, cause(event));
            LOG.debug("Alarm {} cancelled", key);
            cancellations++;
            if (listeners.any()) { // no call kept for nobody
                effects.add(() -> listeners.onCancelled(alarm, at));
            }
            return;
        }
        if (settings.notifyOnResolved() && alarm.announced() && alarm.account() != null
                && !hold(alarm, alarm.vault(), alarm.account(), at).held()) {
            notify(alarm, OutboundMessage.Kind.RESOLVED, "RESOLVED", at, recipients(alarm));
        }
        alarms.remove(key);
        record(alarm, at, AlarmHistoryEntry.Event.RESOLVED, cause(event));
        LOG.info("Alarm {} resolved", key);
        resolutions++;
        if (listeners.any()) { // no call kept for nobody
            effects.add(() -> listeners.onResolved(alarm, at));
        }
        if (key.type() == AlarmType.CLIENT_DISCONNECTED) {
            for (OpenAlarm held : alarms.ofInstance(key.instance())) {
                if (held.key().type() == AlarmType.BACKUP_FAILED && held.state() == AlarmState.FIRING
                        && !held.announced() && !held.acknowledged()) {
                    alarms.save(held.dueAt(at)); // looked at again right after this event
                    dueAt(at);
                }
            }
        }
    }

    private void fire(OpenAlarm alarm, Instant upTo, Mdc mdc) {
        Instant at = alarm.nextDue();
        Target target;
        try {
            target = target(alarm);
        } catch (AlarmException e) {
            LOG.warn("Alarm {} fired, but its recipients could not be resolved; nobody is told", alarm.key(), e);
            target = new Target(null, null, Set.of());
        }
        if (target != null) {
            mdc.put(LogContext.ACCOUNT, target.account); // a pending alarm learns its account as it fires
        }
        if (target == null) {
            // Nobody can be told and nothing would ever close it: drop it, as if cancelled.
            alarms.remove(alarm.key());
            record(alarm, at, AlarmHistoryEntry.Event.CANCELLED, "dropped: the instance no longer exists");
            LOG.warn("Alarm {} fell due, but its instance no longer exists; dropped, nobody is told", alarm.key());
            cancellations++;
            if (listeners.any()) { // no call kept for nobody
                effects.add(() -> listeners.onCancelled(alarm, at));
            }
            return;
        }
        Hold hold = target.account == null ? Hold.NONE : hold(alarm, target.vault, target.account, at);
        OpenAlarm fired;
        if (hold.held()) {
            fired = alarm.firedHeld(at, target.vault, target.account, hold.until());
            LOG.info("Alarm {} fired, held back{}", alarm.key(), hold.until() == null ? "" : " until " + hold.until());
        } else {
            fired = alarm.fired(at, target.recipients, target.vault, target.account, nextRepeat(at, upTo));
            notify(fired, OutboundMessage.Kind.FIRING, "FIRING", at, target.recipients);
            LOG.info("Alarm {} fired: {} recipient(s)", alarm.key(), target.recipients.size());
        }
        alarms.save(fired);
        record(fired, at, AlarmHistoryEntry.Event.FIRED, hold.held() ? "grace period ended"
                : "grace period ended; " + target.recipients.size() + " recipient(s)");
        if (hold.held()) {
            record(fired, at, AlarmHistoryEntry.Event.HELD, hold.why());
        }
        dueAt(fired.nextDue());
        firings++;
        if (listeners.any()) { // no call kept for nobody
            OpenAlarm told = fired;
            boolean held = hold.held();
            effects.add(() -> {
                listeners.onFired(told);
                if (held) {
                    listeners.onHeld(told);
                }
            });
        }
    }

    /** A firing alarm never announced, at the instant its hold may have ended. */
    private void recheck(OpenAlarm alarm, Instant upTo) {
        Instant at = alarm.nextDue();
        if (alarm.acknowledged() || alarm.account() == null) {
            alarms.save(alarm.dueAt(null));
            return;
        }
        Hold hold = hold(alarm, alarm.vault(), alarm.account(), at);
        if (hold.held()) {
            alarms.save(alarm.dueAt(hold.until()));
            dueAt(hold.until());
        } else {
            announce(alarm, at, upTo, "hold ended");
        }
    }

    /** Announces the alarm of a key at {@code at} if it fires, was never announced, and nothing holds it back. */
    private void releaseIfDue(AlarmKey key, Instant at, String why, Kept kept) {
        atomically(key, () -> {
            startChange();
            OpenAlarm alarm = alarms.find(key).orElse(null);
            if (alarm == null || alarm.state() != AlarmState.FIRING || alarm.announced() || alarm.acknowledged()
                    || alarm.account() == null) {
                return 0;
            }
            Hold hold = hold(alarm, alarm.vault(), alarm.account(), at);
            if (hold.held()) {
                alarms.save(alarm.dueAt(hold.until()));
                dueAt(hold.until());
                return 0;
            }
            announce(alarm, at, at, why);
            appendHistory();
            return 1;
        }, kept);
    }

    private void announce(OpenAlarm alarm, Instant at, Instant upTo, String why) {
        Set<Recipient> recipients = recipients(alarm);
        OpenAlarm announced = alarm.announced(at, recipients, nextRepeat(at, upTo));
        notify(announced, OutboundMessage.Kind.FIRING, "FIRING", at, recipients);
        alarms.save(announced);
        record(announced, at, AlarmHistoryEntry.Event.RELEASED, why + "; " + recipients.size() + " recipient(s)");
        dueAt(announced.nextDue());
        LOG.info("Alarm {} released: {} recipient(s)", alarm.key(), recipients.size());
    }

    private void repeat(OpenAlarm alarm, Instant upTo) {
        Instant at = alarm.nextDue();
        Instant next = alarm.acknowledged() ? null : nextRepeat(at, upTo);
        if (alarm.acknowledged() || alarm.account() == null || hold(alarm, alarm.vault(), alarm.account(), at).held()) {
            alarms.save(alarm.dueAt(next)); // skipped, not made up
            dueAt(next);
            return;
        }
        Set<Recipient> recipients = recipients(alarm);
        OpenAlarm repeated = alarm.repeated(recipients, next);
        notify(repeated, OutboundMessage.Kind.REPEAT, "REPEAT-" + repeated.repeats(), at, recipients);
        alarms.save(repeated);
        record(repeated, at, AlarmHistoryEntry.Event.REPEATED,
                "repeat " + repeated.repeats() + "; " + recipients.size() + " recipient(s)");
        dueAt(repeated.nextDue());
        if (listeners.any()) { // no call kept for nobody
            effects.add(() -> listeners.onRepeated(repeated));
        }
    }

    private Instant nextRepeat(Instant at, Instant upTo) {
        return settings.repeatInterval().map(interval -> nextSlot(at, interval, upTo)).orElse(null);
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

    // ---- who is told, and whether anything is sent ----

    private record Target(String vault, String account, Set<Recipient> recipients) {
    }

    /** The instance's vault, account and recipients now, or {@code null} if the instance is gone. */
    private Target target(OpenAlarm alarm) {
        return configuration.read(repos -> {
            Instance instance = repos.instances().find(alarm.key().instance()).orElse(null);
            Vault v = instance == null ? null : repos.vaults().find(instance.vault()).orElse(null);
            if (v == null) {
                return null;
            }
            return new Target(v.id(), v.account(),
                    RecipientResolver.recipients(new RepositoriesView(repos), alarm.key().instance()));
        });
    }

    /** Recipients are resolved for each notification when it falls due, from the configuration of then. */
    private Set<Recipient> recipients(OpenAlarm alarm) {
        try {
            Target target = target(alarm);
            return target == null ? Set.of() : target.recipients;
        } catch (AlarmException e) {
            LOG.warn("Recipients of alarm {} could not be resolved; nobody is told", alarm.key(), e);
            return Set.of();
        }
    }

    /**
     * Whether an alarm is held back at an instant, and until when its silences and maintenance
     * windows hold it (the latest end of those active then: the engine looks again at that
     * instant); {@code until} is {@code null} when only inhibition holds it (an event ends that).
     */
    private record Hold(boolean held, Instant until, String why) {
        static final Hold NONE = new Hold(false, null, "");
    }

    private Hold hold(OpenAlarm alarm, String vault, String account, Instant at) {
        AlarmKey key = alarm.key();
        Instant until = null;
        List<String> why = new ArrayList<>();
        for (Silence silence : silences.notEndedOf(account, at)) {
            if (silence.activeAt(at) && silence.matcher().matches(vault, key.instance(), key.type())) {
                until = Times.latest(until, silence.end());
                why.add("silence " + silence.id());
            }
        }
        List<MaintenanceWindow> windows = configuration.read(repos -> repos.maintenanceWindows().findByAccount(account));
        for (MaintenanceWindow window : windows) {
            if (window.matcher().matches(vault, key.instance(), key.type())) {
                Instant end = window.activeUntil(at).orElse(null);
                if (end != null) {
                    why.add("maintenance window " + window.id());
                }
                until = Times.latest(until, end);
            }
        }
        boolean inhibited = settings.inhibitBackupFailuresWhileDisconnected() && key.type() == AlarmType.BACKUP_FAILED
                && alarms.find(new AlarmKey(AlarmType.CLIENT_DISCONNECTED, key.instance(), null))
                        .filter(disconnect -> disconnect.state() == AlarmState.FIRING).isPresent();
        if (inhibited) {
            why.add("inhibited: client disconnected");
        }
        return until == null && !inhibited ? Hold.NONE : new Hold(true, until, String.join(", ", why));
    }

    // ---- into the outbox: alone, or in the recipient's group ----

    private void notify(OpenAlarm alarm, OutboundMessage.Kind kind, String occurrence, Instant at,
                        Set<Recipient> recipients) {
        if (recipients.isEmpty()) {
            return;
        }
        Account account = alarm.account() == null ? null
                : configuration.read(repos -> repos.accounts().find(alarm.account())).orElse(null);
        NotificationFactory.Occurrence told = notifications.occurrence(alarm, kind, occurrence, account, at);
        // In recipient order, so that the outbox gets them in the same order every time: a sorted
        // array of the few there are, not a tree set per alarm.
        Recipient[] inOrder = recipients.toArray(new Recipient[0]);
        Arrays.sort(inOrder);
        for (Recipient recipient : inOrder) {
            deliver(told, told.item(recipient), recipient, alarm.account(), at);
        }
    }

    private void deliver(NotificationFactory.Occurrence told, NotificationItem item, Recipient recipient,
                         String accountId, Instant at) {
        Duration wait = settings.groupWait();
        if (!wait.isZero()) {
            Optional<String> open = outbox.openGroup(accountId, recipient.channel(), recipient.address(), at);
            if (open.isPresent() && outbox.addToGroup(open.get(), item)) {
                return;
            }
        }
        String key = wait.isZero() ? item.key() : NotificationFactory.groupKey(accountId, recipient, at, item);
        List<NotificationItem> items = List.of(item);
        Notification message = Notification.of(told.message(key, recipient, item), accountId, items, at,
                at.plus(wait));
        if (!outbox.add(message)) {
            LOG.debug("{} of {} to {} is already in the outbox", item.kind(), item.instance(), recipient);
        }
        dueAt(message.nextAttemptAt());
    }

    // ---- history ----

    /**
     * Records a transition of the change under way. A pending alarm does not know its vault and
     * account yet: they are read from the configuration (null if the instance is gone).
     */
    private void record(OpenAlarm alarm, Instant at, AlarmHistoryEntry.Event event, String detail) {
        record(alarm, at, event, detail, null);
    }

    /** @param known the instance's scope when the change has read it already, or {@code null} */
    private void record(OpenAlarm alarm, Instant at, AlarmHistoryEntry.Event event, String detail,
                        ConfigurationStore.InstanceScope known) {
        if (!recording) {
            return;
        }
        String account = alarm.account();
        String vault = alarm.vault();
        if (account == null && alarm.state() == AlarmState.PENDING) {
            ConfigurationStore.InstanceScope scope = known != null ? known : scope(alarm.key().instance());
            vault = scope.vault();
            account = scope.account();
        }
        AlarmKey key = alarm.key();
        recorded.add(new AlarmHistoryEntry(0, at, node, account, vault, key.type(), key.instance(), key.job(),
                alarm.openedAt(), event, detail));
    }

    /** The vault and account of an instance now; nulls if it is gone or cannot be read. */
    private ConfigurationStore.InstanceScope scope(String instance) {
        try {
            return configuration.scopeOf(instance).orElse(UNKNOWN_SCOPE);
        } catch (AlarmException e) {
            LOG.warn("The vault of instance {} could not be read for the history", instance, e);
            return UNKNOWN_SCOPE;
        }
    }

    /** Appends what the change under way recorded, inside it. */
    private void appendHistory() {
        if (!recorded.isEmpty()) {
            // Most changes record one transition: a list of one, not a copy of the array list.
            history.appendAlarms(recorded.size() == 1 ? List.of(recorded.get(0)) : List.copyOf(recorded));
            recorded.clear();
        }
    }

    private static String cause(AlarmEvent event) {
        if (event instanceof AlarmEvent.BackupFailed failed) {
            return "event BACKUP_FAILED" + (failed.message() == null ? "" : ": " + failed.message());
        }
        return event instanceof AlarmEvent.ClientDisconnected ? "event CLIENT_DISCONNECTED"
                : event instanceof AlarmEvent.ClientConnected ? "event CLIENT_CONNECTED" : "event BACKUP_SUCCEEDED";
    }

    private void dueAt(Instant at) {
        if (at != null) {
            earliestDue = Times.earliest(earliestDue, at);
        }
    }
}
