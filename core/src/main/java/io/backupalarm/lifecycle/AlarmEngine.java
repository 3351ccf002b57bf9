package io.backupalarm.lifecycle;

import io.backupalarm.NotFoundException;
import io.backupalarm.delivery.DeliverySettings;
import io.backupalarm.delivery.MessageTemplates;
import io.backupalarm.delivery.Notification;
import io.backupalarm.internal.DefaultAlarmEngine;
import io.backupalarm.spi.AlarmStore;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ChannelProvider;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.OutboxStore;
import java.time.Clock;
import java.time.Instant;
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
 * <p><b>Time.</b> With an ordinary {@link Clock} the engine runs in real time: a scheduler thread
 * wakes when the next alarm or delivery is due, and notifications are sent by sender threads
 * off the caller's thread. With a {@link ManualClock} nothing runs by itself: the caller moves
 * time with {@link #advanceTo(Instant)}, and notifications are sent on the caller's thread (how
 * simulations and tests run).
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
     * Handles everything due at the clock's current instant: alarms that fire or repeat, and
     * deliveries due. The scheduler calls this by itself in real time; call it after moving a
     * {@link ManualClock} by hand.
     *
     * @throws IllegalStateException if the engine is closed
     */
    void runDue();

    /**
     * Moves a {@link ManualClock} forwards to an instant, stopping at every instant at which
     * something falls due and handling it there, up to and including {@code until}.
     *
     * @param until the instant to reach; not before the clock's current instant
     * @throws IllegalStateException if the engine's clock is not a {@link ManualClock}
     * @throws IllegalArgumentException if {@code until} is before the clock's instant
     * @throws IllegalStateException if the engine is closed
     */
    void advanceTo(Instant until);

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
     * The engine's counters now.
     *
     * @return a snapshot
     */
    EngineMetrics metrics();

    /**
     * Stops the scheduler and sender threads, waiting briefly for sends under way. Pending work
     * stays in the stores for the next engine. Idempotent.
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
        private final Map<String, Channel> channels = new LinkedHashMap<>();
        private MessageTemplates templates = MessageTemplates.builtIn();
        private AlarmStore alarmStore;
        private OutboxStore outbox;
        private final List<AlarmListener> listeners = new ArrayList<>();

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
         * The clock (default {@link Clock#systemUTC()}); a {@link ManualClock} makes the engine
         * run only when told.
         *
         * @param engineClock the clock
         * @return this builder
         */
        public Builder clock(Clock engineClock) {
            this.clock = Objects.requireNonNull(engineClock, "clock");
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
         * its channel fails the build with its name in the message.
         *
         * @param settingsByChannel provider settings by channel name
         * @return this builder
         */
        public Builder discoverChannels(Map<String, Map<String, String>> settingsByChannel) {
            Objects.requireNonNull(settingsByChannel, "settingsByChannel");
            ServiceLoader<ChannelProvider> loader = ServiceLoader.load(ChannelProvider.class);
            for (ServiceLoader.Provider<ChannelProvider> handle : loader.stream().toList()) {
                ChannelProvider provider;
                try {
                    provider = handle.get();
                } catch (java.util.ServiceConfigurationError e) {
                    throw new IllegalStateException("channel provider " + handle.type().getName()
                            + " could not be loaded: " + e.getMessage(), e);
                }
                Map<String, String> providerSettings = settingsByChannel.get(provider.channelName());
                if (providerSettings != null) {
                    channel(provider.create(providerSettings));
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
         * Builds the engine. With a real-time clock its scheduler starts at once and picks up
         * whatever the stores hold from an earlier run.
         *
         * @return the engine
         * @throws IllegalStateException if no configuration store was given
         */
        public AlarmEngine build() {
            if (configuration == null) {
                throw new IllegalStateException("configuration(ConfigurationStore) is required");
            }
            return new DefaultAlarmEngine(configuration, settings, delivery, clock, Map.copyOf(channels), templates,
                    alarmStore == null ? AlarmStore.inMemory() : alarmStore,
                    outbox == null ? OutboxStore.inMemory() : outbox, List.copyOf(listeners));
        }
    }
}
