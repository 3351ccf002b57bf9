package io.backupalarm.internal;

import io.backupalarm.NotFoundException;
import io.backupalarm.ValidationException;
import io.backupalarm.ValidationException.Problem;
import io.backupalarm.config.Contact;
import io.backupalarm.config.Instance;
import io.backupalarm.config.Vault;
import io.backupalarm.delivery.DeliverySettings;
import io.backupalarm.delivery.MessageTemplates;
import io.backupalarm.delivery.Notification;
import io.backupalarm.history.AlarmHistoryEntry;
import io.backupalarm.history.DeliveryRecord;
import io.backupalarm.history.HistoryPage;
import io.backupalarm.history.HistoryQuery;
import io.backupalarm.lifecycle.Acknowledgement;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmListener;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.lifecycle.AlarmState;
import io.backupalarm.lifecycle.EngineHealth;
import io.backupalarm.lifecycle.EngineMetrics;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.policy.Recipient;
import io.backupalarm.policy.RecipientResolver;
import io.backupalarm.quiet.AcknowledgeResult;
import io.backupalarm.quiet.Silence;
import io.backupalarm.quiet.TestNotification;
import io.backupalarm.quiet.TestTarget;
import io.backupalarm.spi.AlarmStore;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.HistoryStore;
import io.backupalarm.spi.OutboxStore;
import io.backupalarm.spi.SilenceStore;
import io.backupalarm.text.SafeText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine as a host sees it: checks what comes in, answers queries from the stores, and owns
 * the threads. The work itself is split by job: {@link AlarmTransitions} (the lifecycle),
 * {@link Runner} (what runs under the engine's lock, then after it), {@link WakeUpScheduler}
 * (when to run, in real time) and {@link Dispatcher} (sending). With manual time there are no
 * threads: {@link io.backupalarm.lifecycle.ManualTime} drives the engine through
 * {@link #runDueNow()} and {@link #nextWork()}.
 */
public final class DefaultAlarmEngine implements AlarmEngine {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultAlarmEngine.class);

    private final ConfigurationStore configuration;
    private final Clock clock;
    /** How long close() waits in all for work under way: the delivery settings' closeWait. */
    private final long closeWaitMillis;
    private final ManualClock manualClock;
    private final AlarmStore alarms;
    private final OutboxStore outbox;
    private final SilenceStore silences;
    private final HistoryStore history;
    private final AlarmTransitions transitions;
    private final AtomicLong tests = new AtomicLong();
    private final Listeners listeners;
    private final Counters counters = new Counters();
    private final Dispatcher dispatcher;
    private final Runner runner;
    private final WakeUpScheduler scheduler;
    private final List<Channel> ownedChannels;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Creates the engine; use {@link AlarmEngine#builder()}.
     *
     * @param configuration the configuration store
     * @param settings alarm settings
     * @param delivery delivery settings
     * @param clock the clock of real time, or {@code null} with a manual clock
     * @param manualClock the manual clock, or {@code null} in real time
     * @param channels channels by name
     * @param ownedChannels the channels the engine created, which it closes when it is closed
     * @param templates message templates
     * @param alarms the alarm store
     * @param outbox the outbox
     * @param silences the silence store
     * @param listeners listeners
     * @param history the history store
     * @param historyRetention how long history is kept
     * @param node the node recorded in the history
     */
    public DefaultAlarmEngine(ConfigurationStore configuration, AlarmSettings settings, DeliverySettings delivery,
                              Clock clock, ManualClock manualClock, Map<String, Channel> channels,
                              List<Channel> ownedChannels, MessageTemplates templates, AlarmStore alarms,
                              OutboxStore outbox, SilenceStore silences, List<AlarmListener> listeners,
                              HistoryStore history, Duration historyRetention, String node) {
        if ((clock == null) == (manualClock == null)) {
            throw new IllegalArgumentException("exactly one of clock and manualClock must be given");
        }
        this.configuration = Objects.requireNonNull(configuration, "configuration");
        this.manualClock = manualClock;
        this.clock = manualClock != null ? manualClock : clock;
        this.alarms = Objects.requireNonNull(alarms, "alarms");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.silences = Objects.requireNonNull(silences, "silences");
        this.history = Objects.requireNonNull(history, "history");
        Objects.requireNonNull(historyRetention, "historyRetention");
        Objects.requireNonNull(node, "node");
        this.ownedChannels = List.copyOf(ownedChannels);
        this.closeWaitMillis = delivery.closeWait().toMillis();
        boolean realTime = manualClock == null;
        this.listeners = realTime ? Listeners.onOwnThread(listeners) : Listeners.onCallingThread(listeners);
        NotificationFactory notifications = new NotificationFactory(templates);
        this.dispatcher = new Dispatcher(outbox, channels, delivery, this.clock, this.listeners, counters, realTime,
                this::wakeAt, n -> notifications.finish(n,
                        id -> configuration.read(repos -> repos.accounts().find(id)).orElse(null)), history, node);
        this.transitions = new AlarmTransitions(configuration, settings, alarms, outbox, silences, notifications,
                counters, this.listeners, history, node);
        this.runner = new Runner(transitions, dispatcher, alarms, outbox, delivery, this.clock, realTime, history,
                historyRetention);
        this.scheduler = realTime
                ? new WakeUpScheduler(this.clock, delivery.sweepInterval(), runner::runDue, this::nextWork)
                : null;
        LOG.info("Alarm engine started: {}, channels {}, {}", settings, new TreeSet<>(channels.keySet()),
                realTime ? "real time" : "manual time");
        if (scheduler != null) {
            scheduler.start();
        }
    }

    @Override
    public void report(AlarmEvent event) {
        Objects.requireNonNull(event, "event");
        requireOpen();
        // Whether the instance exists is checked in the event's own change (AlarmTransitions.apply):
        // a database store reads it with the alarm's lock, not in a transaction of its own.
        Instant due = runner.report(event);
        if (scheduler == null) {
            runner.dispatchDue();
        } else if (due != null) {
            scheduler.wakeAt(due);
        }
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
        Notification redriven = found.get().redriven(clock.instant());
        outbox.update(redriven);
        LOG.info("Dead letter {} re-driven", idempotencyKey);
        if (scheduler == null) {
            runner.dispatchDue();
        } else {
            scheduler.wakeAt(redriven.nextAttemptAt());
        }
        return true;
    }

    @Override
    public Optional<Notification> notification(String idempotencyKey) {
        return outbox.find(idempotencyKey);
    }

    @Override
    public Silence createSilence(Silence silence) {
        Objects.requireNonNull(silence, "silence");
        requireOpen();
        if (silence.expiredAt() != null) {
            throw new ValidationException("silences[" + silence.id() + "].expiredAt", "a new silence is not expired");
        }
        String path = "silences[" + silence.id() + "]";
        configuration.read(repos -> {
            List<Problem> problems = new ArrayList<>();
            if (repos.accounts().find(silence.account()).isEmpty()) {
                problems.add(new Problem(path + ".account", "account " + silence.account() + " does not exist"));
            } else {
                DefaultConfigurationAdmin.checkMatcher(repos, problems, path, silence.matcher(), silence.account());
            }
            if (!problems.isEmpty()) {
                throw new ValidationException(problems);
            }
            return null;
        });
        Runner.Done<Boolean> done = runner.change((now, kept) -> {
            if (!silence.ends().isAfter(now)) {
                throw new ValidationException(path + ".ends", "the silence ends at " + silence.ends()
                        + ", not after now (" + now + ")");
            }
            return silences.create(silence);
        });
        afterChange(done.due());
        if (!done.value()) {
            throw new ValidationException(path, "silence " + silence.id() + " already exists");
        }
        LOG.info("Silence {} created for account {}: {} to {}", silence.id(), silence.account(), silence.starts(),
                silence.ends());
        return silence;
    }

    @Override
    public Silence expireSilence(String silenceId) {
        Objects.requireNonNull(silenceId, "silenceId");
        requireOpen();
        Runner.Done<Silence> done = runner.change((now, kept) -> {
            Silence stored = silences.find(silenceId).orElseThrow(() -> new NotFoundException("silence", silenceId));
            Silence expired = stored.expired(now);
            if (expired != stored) {
                silences.replace(expired);
                transitions.expired(expired, now, kept);
                LOG.info("Silence {} expired", silenceId);
            }
            return expired;
        });
        afterChange(done.due());
        return done.value();
    }

    @Override
    public List<Silence> silences() {
        return silences.notEnded(clock.instant());
    }

    @Override
    public AcknowledgeResult acknowledge(AlarmKey key, String by, String comment) {
        Objects.requireNonNull(key, "key");
        requireOpen();
        Runner.Done<AcknowledgeResult> done = runner.change((now, kept) ->
                transitions.acknowledge(key, new Acknowledgement(by, comment, now), kept));
        afterChange(done.due());
        if (done.value() == AcknowledgeResult.NOT_FIRING) {
            LOG.info("Acknowledgement of {} changed nothing: it is not firing", key);
        }
        return done.value();
    }

    @Override
    public List<OpenAlarm> acknowledgedAlarms() {
        return openAlarms().stream().filter(OpenAlarm::acknowledged).toList();
    }

    @Override
    public TestNotification sendTest(TestTarget target) {
        Objects.requireNonNull(target, "target");
        requireOpen();
        TestScope scope = configuration.read(repos -> {
            if (target instanceof TestTarget.Instance wanted) {
                Instance instance = repos.instances().find(wanted.id())
                        .orElseThrow(() -> new NotFoundException("instance", wanted.id()));
                Vault vault = repos.vaults().find(instance.vault())
                        .orElseThrow(() -> new NotFoundException("vault", instance.vault()));
                return new TestScope(vault.account(), instance.id(), vault.id(), null,
                        RecipientResolver.recipients(new RepositoriesView(repos), instance.id()));
            }
            TestTarget.Contact wanted = (TestTarget.Contact) target;
            Contact contact = repos.contacts().find(wanted.id())
                    .orElseThrow(() -> new NotFoundException("contact", wanted.id()));
            Set<Recipient> addresses = new HashSet<>();
            contact.verifiedEmail().ifPresent(e -> addresses.add(new Recipient(Channel.EMAIL, e.value())));
            contact.verifiedMobile().ifPresent(m -> addresses.add(new Recipient(Channel.SMS, m.value())));
            contact.verifiedAddresses().forEach(a -> addresses.add(new Recipient(a.channel(), a.address(), a.secret())));
            return new TestScope(contact.account(), null, null, contact.id(), addresses);
        });
        long sequence = tests.incrementAndGet();
        Runner.Done<TestNotification> done = runner.change((now, kept) -> {
            String testId = String.join("\u0000", target.toString(), now.toString(), Long.toString(sequence));
            return new TestNotification(target, scope.account(), now, transitions.test(testId, scope.account(),
                    scope.instance(), scope.vault(), scope.contact(), scope.recipients(), now, kept));
        });
        LOG.info("Test notification for {}: {} recipient(s)", target, done.value().messages().size());
        afterChange(done.due());
        return done.value();
    }

    private record TestScope(String account, String instance, String vault, String contact, Set<Recipient> recipients) {
    }

    /** Sends at once on manual time; wakes the scheduler in real time. */
    private void afterChange(Instant due) {
        if (scheduler == null) {
            runner.dispatchDue();
        } else if (due != null) {
            scheduler.wakeAt(due);
        }
    }

    @Override
    public HistoryPage<AlarmHistoryEntry> alarmHistory(HistoryQuery query) {
        Objects.requireNonNull(query, "query");
        return history.alarms(query);
    }

    @Override
    public HistoryPage<DeliveryRecord> deliveryHistory(HistoryQuery query) {
        Objects.requireNonNull(query, "query");
        return history.deliveries(query);
    }

    @Override
    public long purgeHistory() {
        requireOpen();
        return runner.purgeHistory(clock.instant());
    }

    /**
     * The node name an engine records when the host names none: process id and host name.
     *
     * @return the name
     */
    public static String defaultNode() {
        return DefaultNode.NAME;
    }

    /** Looked up once: the host name may take a name service call. At most 128 characters, as a node id. */
    private static final class DefaultNode {
        static final String NAME = cut(ProcessHandle.current().pid() + "@" + host());

        private static String cut(String name) {
            return name.length() <= 128 ? name : name.substring(0, 128);
        }

        private static String host() {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException | SecurityException e) {
                return "localhost";
            }
        }
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
    public EngineHealth health() {
        String storeError = null;
        OutboxStore.Backlog backlog = null;
        try {
            configuration.read(repos -> repos.accounts().find("health-check"));
            alarms.nextDue();
            backlog = outbox.backlog();
        } catch (RuntimeException e) {
            storeError = SafeText.describe(e);
        }
        boolean realTime = scheduler != null;
        return new EngineHealth(!realTime, realTime && scheduler.running(),
                realTime ? scheduler.lastSuccess() : Optional.empty(),
                realTime ? scheduler.lastError() : Optional.empty(),
                realTime ? scheduler.lastErrorAt() : Optional.empty(),
                realTime && scheduler.failing(),
                storeError == null, Optional.ofNullable(storeError),
                backlog == null ? -1 : backlog.pending(),
                backlog == null ? Optional.empty() : backlog.oldestCreatedAt(),
                listeners.dropped());
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.currentTimeMillis() + closeWaitMillis;
        if (scheduler != null) {
            scheduler.close(remaining(deadline));
        }
        dispatcher.close(remaining(deadline));
        listeners.close(remaining(deadline));
        for (Channel channel : ownedChannels) {
            try {
                channel.close();
            } catch (Exception e) {
                LOG.warn("Channel {} failed to close", channel.name(), e);
            }
        }
        LOG.info("Alarm engine closed");
    }

    // ---- manual time: used by io.backupalarm.lifecycle.ManualTime ----

    /**
     * The manual clock, when the engine runs on manual time.
     *
     * @return the clock, or empty in real time
     */
    public Optional<ManualClock> manualClock() {
        return Optional.ofNullable(manualClock);
    }

    /**
     * Handles everything due at the clock's instant, on the calling thread (manual time).
     *
     * @throws IllegalStateException if the engine is closed
     */
    public void runDueNow() {
        requireOpen();
        runner.runDue();
    }

    /**
     * The next instant at which an alarm or a delivery falls due.
     *
     * @return the instant, or empty when nothing is due
     */
    public Optional<Instant> nextWork() {
        Optional<Instant> alarm = runner.nextAlarmDue();
        Optional<Instant> send = outbox.nextAttempt();
        return Optional.ofNullable(Times.earliest(alarm.orElse(null), send.orElse(null)));
    }

    /**
     * The next instant at which an alarm falls due.
     *
     * @return the instant, or empty
     */
    public Optional<Instant> nextAlarmDue() {
        return alarms.nextDue();
    }

    /** Asks the scheduler for a run at an instant; nothing to do on manual time (or while building). */
    private void wakeAt(Instant at) {
        WakeUpScheduler wakeUps = scheduler;
        if (wakeUps != null) {
            wakeUps.wakeAt(at);
        }
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the alarm engine is closed");
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.currentTimeMillis());
    }
}
