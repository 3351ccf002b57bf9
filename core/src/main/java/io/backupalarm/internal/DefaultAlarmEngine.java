package io.backupalarm.internal;

import io.backupalarm.AlarmException;
import io.backupalarm.NotFoundException;
import io.backupalarm.config.Account;
import io.backupalarm.config.Instance;
import io.backupalarm.config.Vault;
import io.backupalarm.delivery.DeliverySettings;
import io.backupalarm.delivery.MessageTemplates;
import io.backupalarm.delivery.Notification;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmListener;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.lifecycle.AlarmState;
import io.backupalarm.lifecycle.EngineMetrics;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.policy.Recipient;
import io.backupalarm.policy.RecipientResolver;
import io.backupalarm.spi.AlarmStore;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.OutboxStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine. Alarm transitions are serialised by one lock, so a key's alarm never sees two
 * changes at once in this engine; each transition runs inside {@link AlarmStore#atomically} or
 * {@link AlarmStore#forEachDue}, which keep engines on a shared store apart. Notifications are
 * written to the outbox before the alarm's new state: a transactional store commits both
 * together, and any other store that crashes between the two re-decides the same notifications,
 * which the outbox's idempotent add drops. Listeners and counters hear of a transition only
 * after the stores kept it.
 */
public final class DefaultAlarmEngine implements AlarmEngine {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultAlarmEngine.class);
    private static final int BATCH = 1000;
    private static final Duration BACK_OFF_WHEN_FULL = Duration.ofSeconds(1);
    /** Notifications being sent stay due until they finish; this keeps the scheduler from spinning on them. */
    private static final Duration MIN_TICK_GAP = Duration.ofMillis(50);

    private final ConfigurationStore configuration;
    private final AlarmSettings settings;
    private final DeliverySettings delivery;
    private final Clock clock;
    private final AlarmStore alarms;
    private final OutboxStore outbox;
    private final Listeners listeners;
    private final NotificationFactory notifications;
    private final Counters counters = new Counters();
    private final Dispatcher dispatcher;
    private final ReentrantLock lock = new ReentrantLock();
    private final ScheduledExecutorService scheduler;
    private final ExecutorService senders;
    private ScheduledFuture<?> wakeUp;
    private Instant wakeUpAt;
    /** Identifies the one wake-up that counts; a tick of an older one (replaced, or raced) does nothing. */
    private long wakeUpSeq;
    private Instant lastPurge = Instant.MIN;
    private volatile boolean closed;
    /**
     * What a change tells listeners and counters, held back until the stores have kept the change
     * (a transactional store may roll it back, or run it again). Used under the lock.
     */
    private final List<Runnable> effects = new ArrayList<>();

    /**
     * Creates the engine; use {@link AlarmEngine#builder()}.
     *
     * @param configuration the configuration store
     * @param settings alarm settings
     * @param delivery delivery settings
     * @param clock the clock; a {@link ManualClock} means no threads
     * @param channels channels by name
     * @param templates message templates
     * @param alarms the alarm store
     * @param outbox the outbox
     * @param listeners listeners
     */
    public DefaultAlarmEngine(ConfigurationStore configuration, AlarmSettings settings, DeliverySettings delivery,
                              Clock clock, Map<String, Channel> channels, MessageTemplates templates,
                              AlarmStore alarms, OutboxStore outbox, List<AlarmListener> listeners) {
        this.configuration = Objects.requireNonNull(configuration, "configuration");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.alarms = Objects.requireNonNull(alarms, "alarms");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.listeners = new Listeners(listeners);
        this.notifications = new NotificationFactory(templates);
        if (clock instanceof ManualClock) {
            this.scheduler = null;
            this.senders = null;
            this.dispatcher = new Dispatcher(outbox, channels, delivery, clock, this.listeners, counters,
                    Runnable::run, () -> { });
        } else {
            this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("backup-alarm-scheduler"));
            this.senders = new ThreadPoolExecutor(delivery.senderThreads(), delivery.senderThreads(), 0L,
                    TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(delivery.queueCapacity()),
                    daemon("backup-alarm-sender"), new ThreadPoolExecutor.AbortPolicy());
            this.dispatcher = new Dispatcher(outbox, channels, delivery, clock, this.listeners, counters, senders,
                    this::reschedule);
            scheduler.execute(() -> tick(0));
        }
        LOG.info("Alarm engine started: {}, channels {}, {}", settings, new TreeSet<>(channels.keySet()),
                clock instanceof ManualClock ? "manual clock" : "real time");
    }

    @Override
    public void report(AlarmEvent event) {
        Objects.requireNonNull(event, "event");
        requireOpen();
        boolean opening = event instanceof AlarmEvent.ClientDisconnected || event instanceof AlarmEvent.BackupFailed;
        boolean known = configuration.read(repos -> repos.instances().find(event.instance())).isPresent();
        // A closing event may still close the open alarm of an instance deleted meanwhile.
        if (!known && (opening || alarms.find(AlarmKey.of(event)).isEmpty())) {
            throw new NotFoundException("instance", event.instance());
        }
        lock.lock();
        try {
            Instant now = clock.instant();
            processDue(min(event.at(), now));
            AlarmKey key = AlarmKey.of(event);
            commit(() -> alarms.atomically(key, () -> {
                effects.clear(); // the store may run this again: only the last run counts
                if (opening) {
                    open(key, event);
                } else {
                    close(key, event.at());
                }
                return null;
            }));
            processDue(now);
        } finally {
            lock.unlock();
        }
        afterChange();
    }

    @Override
    public void runDue() {
        requireOpen();
        lock.lock();
        try {
            processDue(clock.instant());
        } finally {
            lock.unlock();
        }
        if (scheduler == null) {
            dispatcher.dispatchDue();
            purgeSent();
        } else {
            afterChange();
        }
    }

    @Override
    public void advanceTo(Instant until) {
        Objects.requireNonNull(until, "until");
        if (!(clock instanceof ManualClock manual)) {
            throw new IllegalStateException("advanceTo needs an engine built on a ManualClock");
        }
        if (until.isBefore(manual.instant())) {
            throw new IllegalArgumentException("cannot go back in time: " + until + " is before " + manual.instant());
        }
        Instant ranAt = null;
        while (true) {
            Instant next = nextWork().orElse(null);
            if (next != null && ranAt != null && !next.isAfter(ranAt)) {
                // Still due after a run at this instant: it could not be handled (a store failing). It
                // stays due for a later run; carry on with the alarms rather than spin here.
                Instant after = ranAt;
                next = alarms.nextDue().filter(t -> t.isAfter(after)).orElse(null);
            }
            if (next == null || next.isAfter(until)) {
                break;
            }
            if (next.isAfter(manual.instant())) {
                manual.set(next);
            }
            runDue();
            ranAt = manual.instant();
        }
        manual.set(until);
        runDue();
    }

    @Override
    public List<OpenAlarm> openAlarms() {
        List<OpenAlarm> all = new ArrayList<>(alarms.all());
        all.sort(Comparator.comparing(OpenAlarm::key));
        return all;
    }

    @Override
    public List<Notification> deadLetters() {
        return outbox.withStatus(Notification.Status.DEAD);
    }

    @Override
    public boolean redrive(String idempotencyKey) {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        requireOpen();
        Optional<Notification> found = outbox.find(idempotencyKey);
        if (found.isEmpty() || found.get().status() != Notification.Status.DEAD) {
            return false;
        }
        outbox.update(found.get().redriven(clock.instant()));
        LOG.info("Dead letter {} re-driven", idempotencyKey);
        afterChange();
        return true;
    }

    @Override
    public Optional<Notification> notification(String idempotencyKey) {
        return outbox.find(idempotencyKey);
    }

    @Override
    public EngineMetrics metrics() {
        List<OpenAlarm> open = alarms.all();
        int pending = (int) open.stream().filter(a -> a.state() == AlarmState.PENDING).count();
        return new EngineMetrics(open.size(), pending, counters.fired.sum(), counters.cancelled.sum(),
                counters.resolved.sum(), counters.sent.sum(), counters.failedAttempts.sum(),
                counters.deadLettered.sum());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (scheduler != null) {
            scheduler.shutdownNow();
            senders.shutdown();
            try {
                if (!senders.awaitTermination(5, TimeUnit.SECONDS)) {
                    senders.shutdownNow();
                }
            } catch (InterruptedException e) {
                senders.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        LOG.info("Alarm engine closed");
    }

    // ---- the lifecycle, always under the lock ----

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
        OpenAlarm pending = OpenAlarm.pending(key, event.at(), message, event.at().plus(settings.gracePeriod(key.type())));
        alarms.save(pending);
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

    private void processDue(Instant upTo) {
        int handled;
        do {
            handled = commit(() -> alarms.forEachDue(upTo, BATCH, alarm -> {
                if (alarm.state() == AlarmState.PENDING) {
                    fire(alarm, upTo);
                } else {
                    repeat(alarm, upTo);
                }
            }));
        } while (handled > 0);
    }

    /** Runs store work, then (once the stores kept it) the effects it recorded; on failure, none of them. */
    private <T> T commit(Supplier<T> storeWork) {
        effects.clear();
        T result;
        try {
            result = storeWork.get();
        } catch (RuntimeException | Error e) {
            effects.clear();
            throw e;
        }
        List<Runnable> kept = new ArrayList<>(effects);
        effects.clear();
        kept.forEach(Runnable::run);
        return result;
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
            } else {
                recipients = target.recipients;
                vault = target.vault;
                account = target.account;
            }
        } catch (AlarmException e) {
            LOG.warn("Alarm {} fired, but its recipients could not be resolved; nobody is told", alarm.key(), e);
        }
        Instant nextRepeat = settings.repeatInterval().map(interval -> nextSlot(at, interval, upTo)).orElse(null);
        OpenAlarm fired = alarm.fired(at, recipients, vault, account, nextRepeat);
        enqueue(fired, OutboundMessage.Kind.FIRING, "FIRING", at);
        alarms.save(fired);
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
        long passed = Duration.between(slot, upTo).toNanos() / interval.toNanos();
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
    }

    // ---- scheduling ----

    private Optional<Instant> nextWork() {
        Optional<Instant> alarm = alarms.nextDue();
        Optional<Instant> send = outbox.nextAttempt();
        if (alarm.isEmpty()) {
            return send;
        }
        if (send.isEmpty()) {
            return alarm;
        }
        return Optional.of(min(alarm.get(), send.get()));
    }

    private void afterChange() {
        if (scheduler == null) {
            dispatcher.dispatchDue();
        } else {
            reschedule();
        }
    }

    private void tick(long seq) {
        synchronized (this) {
            if (seq != wakeUpSeq) {
                return; // replaced by another wake-up, which runs (or ran) instead
            }
        }
        if (closed) {
            return;
        }
        boolean full = false;
        boolean failed = false;
        try {
            lock.lock();
            try {
                processDue(clock.instant());
            } finally {
                lock.unlock();
            }
            full = dispatcher.dispatchDue();
            purgeSent();
        } catch (RuntimeException e) {
            failed = true;
            LOG.error("Alarm engine tick failed; retrying at the next sweep", e);
        } finally {
            synchronized (this) {
                if (seq == wakeUpSeq) {
                    wakeUp = null; // this one; a wake-up asked for meanwhile stays, and is moved only if earlier
                    wakeUpAt = null;
                }
                schedule(clock.instant().plus(failed ? delivery.sweepInterval() : full ? BACK_OFF_WHEN_FULL : MIN_TICK_GAP));
            }
        }
    }

    private void reschedule() {
        schedule(null);
    }

    /** Wakes the scheduler at the next due work (or {@code notBefore}), at the latest after one sweep period. */
    private synchronized void schedule(Instant notBefore) {
        if (closed || scheduler == null) {
            return;
        }
        Instant now = clock.instant();
        Instant at = nextWork().map(next -> min(next, now.plus(delivery.sweepInterval())))
                .orElse(now.plus(delivery.sweepInterval()));
        if (notBefore != null && at.isBefore(notBefore)) {
            at = notBefore;
        }
        if (wakeUp != null && !at.isBefore(wakeUpAt)) {
            return;
        }
        if (wakeUp != null) {
            wakeUp.cancel(false);
        }
        long delay = Math.max(0, Duration.between(now, at).toMillis());
        long seq = ++wakeUpSeq;
        try {
            wakeUp = scheduler.schedule(() -> tick(seq), delay, TimeUnit.MILLISECONDS);
            wakeUpAt = at;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            wakeUp = null;
            wakeUpAt = null;
            LOG.debug("Scheduler stopped; not rescheduling");
        }
    }

    private void purgeSent() {
        Instant now = clock.instant();
        if (Duration.between(lastPurge, now).compareTo(Duration.ofMinutes(10)) >= 0) {
            lastPurge = now;
            int purged = outbox.purgeSentBefore(now.minus(delivery.sentRetention()));
            if (purged > 0) {
                LOG.debug("Forgot {} sent notifications older than {}", purged, delivery.sentRetention());
            }
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the alarm engine is closed");
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
