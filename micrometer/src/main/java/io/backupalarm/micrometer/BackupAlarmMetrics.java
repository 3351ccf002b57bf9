package io.backupalarm.micrometer;

import io.backupalarm.delivery.Notification;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmListener;
import io.backupalarm.lifecycle.AlarmState;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.lifecycle.EngineHealth;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.spi.AlarmStore;
import io.backupalarm.spi.OutboxStore;
import io.backupalarm.text.SafeText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's meters in a Micrometer {@link MeterRegistry}.
 *
 * <ul>
 *   <li><b>Counters and a timer</b>, from the engine's listener calls: give this object to the
 *       engine's builder as a listener ({@code AlarmEngine.builder().listener(metrics)}). They
 *       count what this engine did, so each node counts its own share.</li>
 *   <li><b>Gauges</b> of open alarms by state, the outbox backlog, the age of the oldest waiting
 *       notification and the dead letters, read from the stores: the same on every node sharing
 *       them. They are read at most once per refresh interval, however many gauges are scraped and
 *       however often, each with one aggregate query ({@link AlarmStore#countByState()},
 *       {@link OutboxStore#backlog()}).</li>
 *   <li><b>Health gauges</b>, from {@link AlarmEngine#health()} once {@link #watch(AlarmEngine)}
 *       names the engine (it is built after this listener), read within the same refresh.</li>
 * </ul>
 *
 * <p>Every meter name and tag is in the project's docs/operations.md, "Metrics". Names follow
 * Micrometer's conventions: dot-separated, lower case, times in seconds; counts carry no unit, so
 * that a registry renders them plainly (Prometheus: {@code backupalarm_notifications_total},
 * {@code backupalarm_outbox_pending}).
 *
 * <p>A store that fails while the gauges are read makes them {@code NaN} until a later read
 * succeeds (logged at WARN, once per failed read).
 *
 * <p>Thread-safe: the engine's listener thread counts while the registry's threads read gauges.
 */
public final class BackupAlarmMetrics implements AlarmListener {

    /** How often the gauges read the stores when {@link Builder#refresh(Duration)} is not set. */
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(15);

    private static final Logger LOG = LoggerFactory.getLogger(BackupAlarmMetrics.class);
    private static final String PREFIX = "backupalarm.";

    private final MeterRegistry registry;
    private final AlarmStore alarms;
    private final OutboxStore outbox;
    private final Duration refresh;
    private final Clock clock;
    private final Tags tags;
    private final AtomicBoolean watching = new AtomicBoolean();
    private volatile AlarmEngine engine;

    // Guarded by "this": the last reading of the stores and when it was taken.
    private Reading reading;
    private Instant readAt;

    private BackupAlarmMetrics(Builder builder) {
        this.registry = builder.registry;
        this.alarms = builder.alarms;
        this.outbox = builder.outbox;
        this.refresh = builder.refresh;
        this.clock = builder.clock;
        this.tags = builder.tags;
        registerStoreGauges();
        // Counters of alarms exist from the start, at 0, so that "an increase" can be asked of them at once.
        for (AlarmType type : AlarmType.values()) {
            for (String transition : new String[] {"opened", "fired", "held", "repeated", "resolved", "cancelled"}) {
                alarmCounter(transition, type);
            }
        }
    }

    /**
     * Starts building the meters of an engine whose alarms and outbox are the given stores.
     *
     * @param registry where the meters go
     * @param alarms the engine's alarm store (the one given to its builder)
     * @param outbox the engine's outbox (the one given to its builder)
     * @return a builder
     */
    public static Builder builder(MeterRegistry registry, AlarmStore alarms, OutboxStore outbox) {
        return new Builder(registry, alarms, outbox);
    }

    /**
     * Adds the gauges of an engine's health ({@link AlarmEngine#health()}), read with the other
     * gauges once per refresh interval. Call once, after the engine is built.
     *
     * @param alarmEngine the engine this object listens to
     * @return this
     * @throws IllegalStateException if an engine is already watched
     */
    public BackupAlarmMetrics watch(AlarmEngine alarmEngine) {
        Objects.requireNonNull(alarmEngine, "alarmEngine");
        if (!watching.compareAndSet(false, true)) {
            throw new IllegalStateException("an engine is already watched; use one BackupAlarmMetrics per engine");
        }
        synchronized (this) {
            this.engine = alarmEngine;
            this.reading = null; // read the health at the next scrape, not after a refresh interval
        }
        registerHealthGauges();
        return this;
    }

    // ---- gauges ----

    /** What one read of the stores (and the engine's health) found. */
    private record Reading(Map<AlarmState, Long> alarmsByState, OutboxStore.Backlog backlog, Instant at,
                           EngineHealth health) {
    }

    private void registerStoreGauges() {
        for (AlarmState state : AlarmState.values()) {
            gauge("alarms.open", "Alarms open now, by state (from the alarm store)",
                    Tags.of("state", lower(state)), r -> r.alarmsByState == null ? Double.NaN
                            : r.alarmsByState.getOrDefault(state, 0L));
        }
        gauge("outbox.pending", "Notifications waiting for their first or a further attempt",
                Tags.empty(), r -> r.backlog == null ? Double.NaN : r.backlog.pending());
        gauge("outbox.dead", "Dead letters: notifications given up, waiting for a re-drive",
                Tags.empty(), r -> r.backlog == null ? Double.NaN : r.backlog.dead());
        TimeGauge.builder(PREFIX + "outbox.oldest.age", this, TimeUnit.SECONDS, m -> m.value(r -> {
                    if (r.backlog == null) {
                        return Double.NaN;
                    }
                    return r.backlog.oldestCreatedAt().map(oldest -> seconds(Duration.between(oldest, r.at)))
                            .orElse(0.0);
                }))
                .description("How long the oldest waiting notification has waited since it was created; 0 when none waits")
                .tags(tags).strongReference(true).register(registry);
    }

    private void registerHealthGauges() {
        gauge("engine.healthy", "1 when the engine is healthy (stores answer; in real time the scheduler runs and its last run succeeded)",
                Tags.empty(), r -> r.health == null ? Double.NaN : flag(r.health.healthy()));
        gauge("engine.scheduler.running", "1 while the engine's real-time scheduler thread is alive",
                Tags.empty(), r -> r.health == null ? Double.NaN : flag(r.health.schedulerRunning()));
        gauge("engine.scheduler.failing", "1 when the scheduler's latest run failed (it is retrying)",
                Tags.empty(), r -> r.health == null ? Double.NaN : flag(r.health.schedulerFailing()));
        gauge("engine.stores.reachable", "1 when the configuration store, the alarm store and the outbox answered",
                Tags.empty(), r -> r.health == null ? Double.NaN : flag(r.health.storesReachable()));
        TimeGauge.builder(PREFIX + "engine.scheduler.last.success.age", this, TimeUnit.SECONDS,
                        m -> m.value(r -> r.health == null ? Double.NaN : r.health.lastSuccessfulRun()
                                .map(last -> seconds(Duration.between(last, r.at))).orElse(Double.NaN)))
                .description("Time since the scheduler last ran its due work without an error; NaN before its first run and on manual time")
                .tags(tags).strongReference(true).register(registry);
        FunctionCounter.builder(PREFIX + "engine.listener.calls.dropped", this,
                        m -> m.value(r -> r.health == null ? Double.NaN : r.health.listenerCallsDropped()))
                .description("Listener calls dropped because listeners fell too far behind")
                .tags(tags).register(registry);
    }

    private void gauge(String name, String description, Tags extra, ToDoubleFunction<Reading> value) {
        Gauge.builder(PREFIX + name, this, m -> m.value(value)).description(description)
                .tags(tags.and(extra)).strongReference(true).register(registry);
    }

    private double value(ToDoubleFunction<Reading> value) {
        return value.applyAsDouble(current());
    }

    /** The last reading while it is younger than the refresh interval, else a new one. */
    private synchronized Reading current() {
        Instant now = clock.instant();
        if (reading == null || now.isBefore(readAt) || !now.isBefore(readAt.plus(refresh))) {
            reading = read(now);
            readAt = now;
        }
        return reading;
    }

    private Reading read(Instant now) {
        Map<AlarmState, Long> byState = null;
        OutboxStore.Backlog backlog = null;
        try {
            byState = alarms.countByState();
        } catch (Exception e) {
            LOG.warn("The alarm gauges could not read the alarm store: {}", SafeText.describe(e), SafeText.loggable(e));
        }
        try {
            backlog = outbox.backlog();
        } catch (Exception e) {
            LOG.warn("The outbox gauges could not read the outbox: {}", SafeText.describe(e), SafeText.loggable(e));
        }
        AlarmEngine watched = engine;
        EngineHealth health = null;
        if (watched != null) {
            try {
                health = watched.health();
            } catch (Exception e) {
                LOG.warn("The health gauges could not read the engine's health: {}", SafeText.describe(e),
                        SafeText.loggable(e));
            }
        }
        return new Reading(byState, backlog, now, health);
    }

    // ---- counters and the send timer: listener calls ----

    @Override
    public void onEvent(AlarmEvent event) {
        String name;
        if (event instanceof AlarmEvent.ClientDisconnected) {
            name = "client_disconnected";
        } else if (event instanceof AlarmEvent.ClientConnected) {
            name = "client_connected";
        } else if (event instanceof AlarmEvent.BackupFailed) {
            name = "backup_failed";
        } else {
            name = "backup_succeeded";
        }
        Counter.builder(PREFIX + "events").description("Events the engine took in, by event")
                .tags(tags).tag("event", name).register(registry).increment();
    }

    @Override
    public void onOpened(OpenAlarm alarm) {
        alarmCounter("opened", alarm.key().type()).increment();
    }

    @Override
    public void onFired(OpenAlarm alarm) {
        alarmCounter("fired", alarm.key().type()).increment();
    }

    @Override
    public void onHeld(OpenAlarm alarm) {
        alarmCounter("held", alarm.key().type()).increment();
    }

    @Override
    public void onRepeated(OpenAlarm alarm) {
        alarmCounter("repeated", alarm.key().type()).increment();
    }

    @Override
    public void onCancelled(OpenAlarm alarm, Instant at) {
        alarmCounter("cancelled", alarm.key().type()).increment();
    }

    @Override
    public void onResolved(OpenAlarm alarm, Instant at) {
        alarmCounter("resolved", alarm.key().type()).increment();
    }

    @Override
    public void onDelivered(Notification notification) {
        notificationCounter(notification, "sent").increment();
    }

    @Override
    public void onDeliveryFailed(Notification notification) {
        notificationCounter(notification, "retry").increment();
    }

    @Override
    public void onDeadLettered(Notification notification) {
        notificationCounter(notification, "dead").increment();
    }

    @Override
    public void onAttempt(Notification notification, Duration took) {
        Timer.builder(PREFIX + "notifications.send")
                .description("How long a channel took to send, per attempt, by channel and outcome")
                .tags(tags).tag("channel", notification.message().channel()).tag("outcome", outcome(notification))
                .register(registry).record(took);
    }

    private Counter alarmCounter(String transition, AlarmType type) {
        return Counter.builder(PREFIX + "alarms." + transition).description("Alarms " + transition + ", by alarm type")
                .tags(tags).tag("type", lower(type)).register(registry);
    }

    private Counter notificationCounter(Notification notification, String outcome) {
        return Counter.builder(PREFIX + "notifications")
                .description("Delivery outcomes: sent, retry (a temporary failure, retried) or dead (given up)")
                .tags(tags)
                .tags(Tags.of(Tag.of("channel", notification.message().channel()),
                        Tag.of("kind", lower(notification.message().kind())), Tag.of("outcome", outcome)))
                .register(registry);
    }

    private static String outcome(Notification notification) {
        return switch (notification.status()) {
            case SENT -> "sent";
            case PENDING -> "retry";
            case DEAD -> "dead";
        };
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static double flag(boolean value) {
        return value ? 1 : 0;
    }

    private static double seconds(Duration duration) {
        return duration.isNegative() ? 0 : duration.toNanos() / 1e9;
    }

    /**
     * Builds {@link BackupAlarmMetrics}. Not thread-safe; the object built is.
     */
    public static final class Builder {

        private final MeterRegistry registry;
        private final AlarmStore alarms;
        private final OutboxStore outbox;
        private Duration refresh = DEFAULT_REFRESH;
        private Clock clock = Clock.systemUTC();
        private Tags tags = Tags.empty();

        private Builder(MeterRegistry registry, AlarmStore alarms, OutboxStore outbox) {
            this.registry = Objects.requireNonNull(registry, "registry");
            this.alarms = Objects.requireNonNull(alarms, "alarms");
            this.outbox = Objects.requireNonNull(outbox, "outbox");
        }

        /**
         * How long a reading of the stores serves the gauges: set it to the scrape interval, so
         * that each scrape reads the stores once. Default {@link BackupAlarmMetrics#DEFAULT_REFRESH}.
         *
         * @param interval positive
         * @return this
         * @throws IllegalArgumentException if not positive
         */
        public Builder refresh(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("refresh must be positive: " + interval);
            }
            this.refresh = interval;
            return this;
        }

        /**
         * The clock the refresh interval and the ages are measured on: the engine's clock.
         * Default {@link Clock#systemUTC()}.
         *
         * @param engineClock the clock
         * @return this
         */
        public Builder clock(Clock engineClock) {
            this.clock = Objects.requireNonNull(engineClock, "engineClock");
            return this;
        }

        /**
         * Tags added to every meter (for example the node's name, if the registry does not add one).
         *
         * @param common the tags
         * @return this
         */
        public Builder tags(Iterable<Tag> common) {
            this.tags = Tags.of(Objects.requireNonNull(common, "common"));
            return this;
        }

        /**
         * Registers the gauges and the alarm counters, and returns the listener to give the engine.
         *
         * @return the meters
         */
        public BackupAlarmMetrics build() {
            return new BackupAlarmMetrics(this);
        }
    }
}
