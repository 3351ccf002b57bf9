package io.backupalarm.lifecycle;

import io.backupalarm.NotFoundException;
import io.backupalarm.ValidationException;
import io.backupalarm.delivery.DeliverySettings;
import io.backupalarm.delivery.MessageTemplates;
import io.backupalarm.delivery.Notification;
import io.backupalarm.history.AlarmHistoryEntry;
import io.backupalarm.history.DeliveryRecord;
import io.backupalarm.history.HistoryPage;
import io.backupalarm.history.HistoryQuery;
import io.backupalarm.internal.DefaultAlarmEngine;
import io.backupalarm.quiet.AcknowledgeResult;
import io.backupalarm.quiet.Silence;
import io.backupalarm.quiet.TestNotification;
import io.backupalarm.quiet.TestTarget;
import io.backupalarm.spi.AlarmStore;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ChannelProvider;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.HistoryStore;
import io.backupalarm.spi.OutboxStore;
import io.backupalarm.spi.SilenceStore;
import io.backupalarm.text.SafeText;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The alarm engine: a host reports events, and the right people are told once an alarm has
 * stayed open for its grace period (behaviour contract, sections 5 and 6).
 *
 * <pre>{@code
 * AlarmEngine engine = AlarmEngine.builder()
 *         .configuration(store)                  // the host's ConfigurationStore
 *         .channel(emailChannel)
 *         .channel(smsChannel)
 *         .build();
 * engine.report(new AlarmEvent.ClientDisconnected("i-web1", Instant.now()));
 * }</pre>
 *
 * <p><b>Time.</b> By default the engine runs in real time on its {@link Clock}: a scheduler
 * thread wakes when the next alarm or delivery is due (and at least every
 * {@link DeliverySettings#sweepInterval()}), each channel sends on sender threads of its own, and
 * listeners are called on a listener thread. A failure of a store never stops the scheduler: it
 * is logged and retried, and {@link #health()} reports it. Built with
 * {@link Builder#manualTime(ManualClock)}, nothing runs by itself: {@link ManualTime} moves time,
 * and notifications are sent and listeners called on the thread that drives it (how simulations
 * and tests run).
 *
 * <p><b>Listeners</b> hear of a change only after the stores kept it, never under the engine's
 * lock: a slow listener cannot stall {@link #report(AlarmEvent)}.
 *
 * <p><b>Events by their own instant.</b> Whatever falls due at or before an event's instant is
 * handled before the event. A closing event that happened before the open alarm's opening event
 * is stale and ignored. An opening event that arrives late starts its grace period at the
 * instant it happened, so an alarm whose grace period has already passed fires at once.
 *
 * <p><b>Thread safety.</b> Thread-safe: events may be reported from any number of threads.
 */
public interface AlarmEngine extends AutoCloseable {

    /**
     * A builder for an engine.
     *
     * @return a new builder
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Reports an event: opens, counts or closes the alarm of its key.
     *
     * @param event the event
     * @throws NotFoundException if the event's instance does not exist (a closing event for an
     *         instance deleted meanwhile still closes its open alarm)
     * @throws IllegalStateException if the engine is closed
     */
    void report(AlarmEvent event);

    /**
     * The open alarms now.
     *
     * @return a snapshot, sorted by key
     */
    List<OpenAlarm> openAlarms();

    /**
     * The notifications given up (permanent failure, retries ran out, channel missing).
     *
     * @return the dead letters, oldest first
     */
    List<Notification> deadLetters();

    /**
     * Sends a dead letter again, with a fresh count of attempts and the same idempotency key.
     *
     * @param idempotencyKey the dead letter's key
     * @return {@code true} if it was a dead letter and is pending again; {@code false} if no dead
     *         letter has that key
     * @throws IllegalStateException if the engine is closed
     */
    boolean redrive(String idempotencyKey);

    /**
     * Looks a notification up in the outbox.
     *
     * @param idempotencyKey its key
     * @return the notification, or empty
     */
    Optional<Notification> notification(String idempotencyKey);

    /**
     * Creates a silence: from its start until its end, nothing is sent for the alarms of its
     * account that its matcher covers (they still fire, count events and resolve). An alarm that
     * fired while held back is announced when the silence ends, if it still fires.
     *
     * @param silence the silence; its {@code expiredAt} must be {@code null}
     * @return the silence as stored
     * @throws ValidationException if its id is taken, its account does not exist, a matcher names
     *         a vault or instance that does not exist or belongs to another account, or it ends
     *         at or before the engine's current time; nothing is changed
     * @throws IllegalStateException if the engine is closed
     */
    Silence createSilence(Silence silence);

    /**
     * Ends a silence now. An alarm it held back that still fires and was never announced is
     * announced at once. Expiring a silence that already ended changes nothing; one that has not
     * started never becomes active.
     *
     * @param silenceId the silence id
     * @return the silence as stored now
     * @throws NotFoundException if there is no silence of that id
     * @throws IllegalStateException if the engine is closed
     */
    Silence expireSilence(String silenceId);

    /**
     * The silences that have not ended: active now or still to start.
     *
     * @return the silences, by start then id
     */
    List<Silence> silences();

    /**
     * Acknowledges a firing alarm: it sends no more {@code REPEAT} for this occurrence (and an
     * alarm never announced is never announced); {@code RESOLVED} still goes out.
     *
     * @param key the alarm's key
     * @param by who: a name, 1 to 64 characters
     * @param comment what they said, or {@code null}
     * @return what happened; {@link AcknowledgeResult#NOT_FIRING} changes nothing
     * @throws IllegalArgumentException if {@code by} or {@code comment} is invalid
     * @throws IllegalStateException if the engine is closed
     */
    AcknowledgeResult acknowledge(AlarmKey key, String by, String comment);

    /**
     * The firing alarms someone acknowledged.
     *
     * @return a snapshot, sorted by key
     */
    List<OpenAlarm> acknowledgedAlarms();

    /**
     * Sends a test notification now, through the outbox, to everyone an alarm of an instance
     * would reach, or to every verified address of a contact: one message per recipient, never
     * grouped or held back.
     *
     * @param target the instance or contact
     * @return the messages, whose delivery {@link #notification(String)} reads back; none when the
     *         target reaches nobody
     * @throws NotFoundException if the instance or contact does not exist
     * @throws IllegalStateException if the engine is closed
     */
    TestNotification sendTest(TestTarget target);

    /** How long history is kept unless the builder says otherwise: 90 days. */
    Duration DEFAULT_HISTORY_RETENTION = Duration.ofDays(90);
    /** The shortest history retention: one day. */
    Duration MIN_HISTORY_RETENTION = Duration.ofDays(1);
    /** The longest history retention: 3650 days. */
    Duration MAX_HISTORY_RETENTION = Duration.ofDays(3650);

    /**
     * A page of the alarm history: every transition of every alarm (opened, counted, fired, held
     * back and why, released, acknowledged, repeated, resolved, cancelled), newest first, kept
     * after the alarm closed until the retention ends.
     *
     * @param query the filters, range and page
     * @return the page
     * @throws IllegalArgumentException if the query filters what only delivery history has
     */
    HistoryPage<AlarmHistoryEntry> alarmHistory(HistoryQuery query);

    /**
     * A page of the delivery history: every attempt of every notification, grouped message and
     * test, newest first, until the retention ends.
     *
     * @param query the filters, range and page
     * @return the page
     * @throws IllegalArgumentException if the query filters what only alarm history has
     */
    HistoryPage<DeliveryRecord> deliveryHistory(HistoryQuery query);

    /**
     * Forgets the history older than the retention now. The engine does this by itself every ten
     * minutes (in real time, and on manual time when it runs what is due); this is for a host that
     * wants it at once.
     *
     * @return how many entries were forgotten
     * @throws IllegalStateException if the engine is closed
     */
    long purgeHistory();

    /**
     * The engine's counters now.
     *
     * @return a snapshot
     */
    EngineMetrics metrics();

    /**
     * How the engine is doing: scheduler, stores, outbox backlog. Reads the stores (one cheap
     * query each); never throws for a store that fails, it reports it.
     *
     * @return a snapshot
     */
    EngineHealth health();

    /**
     * Stops the scheduler, sender and listener threads, waiting up to
     * {@link io.backupalarm.delivery.DeliverySettings#closeWait()} (5 seconds by default) in all for
     * sends and listener calls under way, then closes the channels the engine created itself through
     * {@link Builder#discoverChannels(Map)}; channels given to {@link Builder#channel(Channel)}
     * stay the host's to close. Pending work stays in the stores for the next engine. Idempotent.
     */
    @Override
    void close();

    /**
     * Builds an {@link AlarmEngine}. Not thread-safe; {@link #build()} may be called once.
     */
    final class Builder {

        private ConfigurationStore configuration;
        private AlarmSettings settings = AlarmSettings.ofDefaults();
        private DeliverySettings delivery = DeliverySettings.ofDefaults();
        private Clock clock = Clock.systemUTC();
        private ManualClock manualClock;
        private final Map<String, Channel> channels = new LinkedHashMap<>();
        private final List<Channel> discovered = new ArrayList<>();
        private MessageTemplates templates = MessageTemplates.builtIn();
        private AlarmStore alarmStore;
        private OutboxStore outbox;
        private SilenceStore silences;
        private final List<AlarmListener> listeners = new ArrayList<>();
        private HistoryStore history;
        private Duration historyRetention = DEFAULT_HISTORY_RETENTION;
        private String node;

        private Builder() {
        }

        /**
         * Where the configuration lives (required).
         *
         * @param store the store
         * @return this builder
         */
        public Builder configuration(ConfigurationStore store) {
            this.configuration = Objects.requireNonNull(store, "configuration");
            return this;
        }

        /**
         * Grace periods, repeats and resolution notices (default {@link AlarmSettings#ofDefaults()}).
         *
         * @param alarmSettings the settings
         * @return this builder
         */
        public Builder settings(AlarmSettings alarmSettings) {
            this.settings = Objects.requireNonNull(alarmSettings, "settings");
            return this;
        }

        /**
         * Retries, sender threads and queue (default {@link DeliverySettings#ofDefaults()}).
         *
         * @param deliverySettings the settings
         * @return this builder
         */
        public Builder delivery(DeliverySettings deliverySettings) {
            this.delivery = Objects.requireNonNull(deliverySettings, "delivery");
            return this;
        }

        /**
         * Runs the engine in real time on a clock (the default: real time on
         * {@link Clock#systemUTC()}). Replaces an earlier {@link #manualTime(ManualClock)}.
         *
         * @param engineClock the clock
         * @return this builder
         */
        public Builder clock(Clock engineClock) {
            this.clock = Objects.requireNonNull(engineClock, "clock");
            this.manualClock = null;
            return this;
        }

        /**
         * Runs the engine on manual time: no threads, nothing happens by itself; drive it with
         * {@link ManualTime#of(AlarmEngine)}. Replaces an earlier {@link #clock(Clock)}.
         *
         * @param engineClock the manual clock the driver moves
         * @return this builder
         */
        public Builder manualTime(ManualClock engineClock) {
            this.manualClock = Objects.requireNonNull(engineClock, "manualTime");
            this.clock = null;
            return this;
        }

        /**
         * Installs a channel; a later channel of the same name replaces an earlier one.
         *
         * @param channel the channel
         * @return this builder
         */
        public Builder channel(Channel channel) {
            Objects.requireNonNull(channel, "channel");
            String name = Objects.requireNonNull(channel.name(), "channel name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("channel name must not be blank");
            }
            channels.put(name, channel);
            return this;
        }

        /**
         * Installs a channel from every {@link ChannelProvider} found by {@link ServiceLoader}
         * whose channel name has settings in the map. A provider that fails to load or to create
         * its channel fails the build with its name in the message. The engine closes the channels
         * it created this way when it is closed, one that a later channel of the same name replaced
         * included.
         *
         * @param settingsByChannel provider settings by channel name
         * @return this builder
         * @throws IllegalArgumentException if a provider rejects its settings (the message names the
         *         provider, its channel and the provider's reason), or if no provider offers a
         *         channel named in the map
         * @throws IllegalStateException if a provider cannot be loaded or fails otherwise
         */
        public Builder discoverChannels(Map<String, Map<String, String>> settingsByChannel) {
            Objects.requireNonNull(settingsByChannel, "settingsByChannel");
            Map<String, ServiceLoader.Provider<ChannelProvider>> handles = new LinkedHashMap<>();
            Map<String, ChannelProvider> providers = new LinkedHashMap<>();
            for (ServiceLoader.Provider<ChannelProvider> handle : ServiceLoader.load(ChannelProvider.class).stream().toList()) {
                ChannelProvider provider;
                try {
                    provider = handle.get();
                } catch (java.util.ServiceConfigurationError e) {
                    throw new IllegalStateException("channel provider " + handle.type().getName()
                            + " could not be loaded: " + e.getMessage(), e);
                }
                handles.put(provider.channelName(), handle);
                providers.put(provider.channelName(), provider);
            }
            // A misspelt channel name would otherwise be ignored, and its recipients dead-lettered later.
            for (String name : settingsByChannel.keySet()) {
                if (!providers.containsKey(name)) {
                    throw new IllegalArgumentException("no channel provider offers channel '" + SafeText.escape(name)
                            + "'; found: " + new java.util.TreeSet<>(providers.keySet()));
                }
            }
            for (Map.Entry<String, ChannelProvider> entry : providers.entrySet()) {
                Map<String, String> providerSettings = settingsByChannel.get(entry.getKey());
                if (providerSettings != null) {
                    Channel created;
                    try {
                        created = entry.getValue().create(providerSettings);
                    } catch (RuntimeException e) {
                        String message = "channel provider " + handles.get(entry.getKey()).type().getName()
                                + " could not create channel '" + SafeText.escape(entry.getKey()) + "': "
                                + SafeText.describe(e);
                        throw e instanceof IllegalArgumentException
                                ? new IllegalArgumentException(message, e) : new IllegalStateException(message, e);
                    }
                    channel(created);
                    discovered.add(created);
                }
            }
            return this;
        }

        /**
         * The message templates (default {@link MessageTemplates#builtIn()}).
         *
         * @param messageTemplates the templates
         * @return this builder
         */
        public Builder templates(MessageTemplates messageTemplates) {
            this.templates = Objects.requireNonNull(messageTemplates, "templates");
            return this;
        }

        /**
         * Where open alarms are kept (default: in memory).
         *
         * @param store the store
         * @return this builder
         */
        public Builder alarmStore(AlarmStore store) {
            this.alarmStore = Objects.requireNonNull(store, "alarmStore");
            return this;
        }

        /**
         * Where notifications wait and are tracked (default: in memory).
         *
         * @param store the outbox
         * @return this builder
         */
        public Builder outbox(OutboxStore store) {
            this.outbox = Objects.requireNonNull(store, "outbox");
            return this;
        }

        /**
         * Where silences are kept (default: in memory).
         *
         * @param store the store
         * @return this builder
         */
        public Builder silences(SilenceStore store) {
            this.silences = Objects.requireNonNull(store, "silences");
            return this;
        }

        /**
         * Adds a listener.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(AlarmListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Where the alarm and delivery history is kept (default: in memory). Give the history store
         * of the store that holds the alarms, so that a change and its history are kept together;
         * {@link HistoryStore#none()} turns history off.
         *
         * @param store the history store
         * @return this builder
         */
        public Builder history(HistoryStore store) {
            this.history = Objects.requireNonNull(store, "history");
            return this;
        }

        /**
         * How long history is kept (default {@link AlarmEngine#DEFAULT_HISTORY_RETENTION}); older entries are
         * purged every ten minutes.
         *
         * @param retention {@link AlarmEngine#MIN_HISTORY_RETENTION} to {@link AlarmEngine#MAX_HISTORY_RETENTION}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder historyRetention(Duration retention) {
            Objects.requireNonNull(retention, "historyRetention");
            if (retention.compareTo(MIN_HISTORY_RETENTION) < 0 || retention.compareTo(MAX_HISTORY_RETENTION) > 0) {
                throw new IllegalArgumentException("historyRetention " + retention + " must be from "
                        + MIN_HISTORY_RETENTION.toDays() + " to " + MAX_HISTORY_RETENTION.toDays() + " days");
            }
            this.historyRetention = retention;
            return this;
        }

        /**
         * The name of this engine's node, recorded in its history (with a JDBC store, its
         * {@code nodeId()}). Default: the process id and host name.
         *
         * @param id 1 to 128 characters, not blank
         * @return this builder
         * @throws IllegalArgumentException if blank or too long
         */
        public Builder node(String id) {
            Objects.requireNonNull(id, "node");
            if (id.isBlank() || id.length() > 128) {
                throw new IllegalArgumentException("node must be 1 to 128 characters, not blank: '"
                        + SafeText.escape(id) + "'");
            }
            this.node = id;
            return this;
        }

        /**
         * Builds the engine. In real time its scheduler starts at once and picks up whatever the
         * stores hold from an earlier run.
         *
         * @return the engine
         * @throws IllegalStateException if no configuration store was given
         */
        public AlarmEngine build() {
            if (configuration == null) {
                throw new IllegalStateException("configuration(ConfigurationStore) is required");
            }
            Map<String, Channel> installed = Map.copyOf(channels);
            // Every discovered channel is the engine's to close, one a later channel replaced included.
            List<Channel> owned = List.copyOf(discovered);
            return new DefaultAlarmEngine(configuration, settings, delivery, clock, manualClock, installed, owned,
                    templates, alarmStore == null ? AlarmStore.inMemory() : alarmStore,
                    outbox == null ? OutboxStore.inMemory() : outbox,
                    silences == null ? SilenceStore.inMemory() : silences, List.copyOf(listeners),
                    history == null ? HistoryStore.inMemory() : history, historyRetention,
                    node == null ? DefaultAlarmEngine.defaultNode() : node);
        }
    }
}
