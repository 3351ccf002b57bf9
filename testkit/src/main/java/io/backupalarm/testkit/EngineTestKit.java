package io.backupalarm.testkit;

import io.backupalarm.config.Configuration;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.delivery.DeliverySettings;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.ManualTime;
import io.backupalarm.spi.AlarmStore;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.OutboxStore;
import io.backupalarm.spi.SilenceStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A fluent kit to test the alarm engine, in the style of JUnit's {@code EngineTestKit}: given a
 * configuration, report events, move the clock, look at what was sent.
 *
 * <pre>{@code
 * EngineTestKit kit = EngineTestKit.given(configuration).build();
 * kit.disconnect("i-web1").advance(Duration.ofMinutes(59));
 * assertThat(kit.sent()).isEmpty();
 * kit.advance(Duration.ofMinutes(1));            // the alarm fires, its notification joins a group
 * kit.advance(Duration.ofSeconds(30));           // the group is sent (groupWait, 30 s by default)
 * assertThat(kit.sentTo()).containsExactly("email:alice@example.com");
 * }</pre>
 *
 * <p>The engine runs on a {@link ManualClock} with a {@link RecordingChannel} for {@code email}
 * and one for {@code sms}, on in-memory stores unless others are given. Not thread-safe.
 */
public final class EngineTestKit implements AutoCloseable {

    private final ManualClock clock;
    private final ConfigurationStore store;
    private final ConfigurationAdmin admin;
    private final AlarmEngine engine;
    private final ManualTime time;
    private final RecordingChannel email;
    private final RecordingChannel sms;

    private EngineTestKit(Builder builder) {
        this.clock = new ManualClock(builder.start);
        this.store = ConfigurationStore.inMemory(builder.configuration);
        this.admin = ConfigurationAdmin.on(store);
        this.email = new RecordingChannel(Channel.EMAIL, clock);
        this.sms = new RecordingChannel(Channel.SMS, clock);
        AlarmEngine.Builder engineBuilder = AlarmEngine.builder().configuration(store).settings(builder.settings)
                .delivery(builder.delivery).manualTime(clock).channel(email)
                .alarmStore(builder.alarmStore).outbox(builder.outbox).silences(builder.silences);
        if (builder.withSms) {
            engineBuilder.channel(sms);
        }
        this.engine = engineBuilder.build();
        this.time = ManualTime.of(engine);
    }

    /**
     * Starts a kit on a configuration.
     *
     * @param configuration the configuration the engine starts with
     * @return a builder
     */
    public static Builder given(Configuration configuration) {
        return new Builder(configuration);
    }

    /** @return the engine under test */
    public AlarmEngine engine() {
        return engine;
    }

    /** @return the engine's clock */
    public ManualClock clock() {
        return clock;
    }

    /** @return the driver that moves the engine's time */
    public ManualTime time() {
        return time;
    }

    /** @return the administration service over the engine's configuration */
    public ConfigurationAdmin admin() {
        return admin;
    }

    /** @return the recording email channel */
    public RecordingChannel email() {
        return email;
    }

    /** @return the recording SMS channel */
    public RecordingChannel sms() {
        return sms;
    }

    /**
     * Reports that a client disconnected now.
     *
     * @param instance the instance
     * @return this kit
     */
    public EngineTestKit disconnect(String instance) {
        return report(new AlarmEvent.ClientDisconnected(instance, clock.instant()));
    }

    /**
     * Reports that a client connected now.
     *
     * @param instance the instance
     * @return this kit
     */
    public EngineTestKit connect(String instance) {
        return report(new AlarmEvent.ClientConnected(instance, clock.instant()));
    }

    /**
     * Reports that a backup failed now.
     *
     * @param instance the instance
     * @param job the job, or {@code null}
     * @param message the message, or {@code null}
     * @return this kit
     */
    public EngineTestKit backupFailed(String instance, String job, String message) {
        return report(new AlarmEvent.BackupFailed(instance, job, message, clock.instant()));
    }

    /**
     * Reports that a backup succeeded now.
     *
     * @param instance the instance
     * @param job the job, or {@code null}
     * @return this kit
     */
    public EngineTestKit backupSucceeded(String instance, String job) {
        return report(new AlarmEvent.BackupSucceeded(instance, job, clock.instant()));
    }

    /**
     * Reports any event.
     *
     * @param event the event
     * @return this kit
     */
    public EngineTestKit report(AlarmEvent event) {
        engine.report(event);
        return this;
    }

    /**
     * Moves the clock forwards, handling everything that falls due on the way.
     *
     * @param duration how far
     * @return this kit
     */
    public EngineTestKit advance(Duration duration) {
        time.advanceBy(duration);
        return this;
    }

    /** @return everything both channels accepted, in time order */
    public List<RecordingChannel.Sent> sent() {
        List<RecordingChannel.Sent> all = new ArrayList<>(email.sent());
        all.addAll(sms.sent());
        all.sort(Comparator.comparing(RecordingChannel.Sent::at));
        return all;
    }

    /** @return who received what was accepted, as {@code channel:address}, in time order */
    public List<String> sentTo() {
        return sent().stream().map(s -> s.message().channel() + ":" + s.message().address()).toList();
    }

    /** Closes the engine. */
    @Override
    public void close() {
        engine.close();
    }

    /** Configures an {@link EngineTestKit}. Not thread-safe. */
    public static final class Builder {
        private final Configuration configuration;
        private AlarmSettings settings = AlarmSettings.ofDefaults();
        private DeliverySettings delivery = DeliverySettings.custom().initialBackoff(Duration.ofSeconds(10)).jitter(0).build();
        private Instant start = Instant.parse("2026-01-01T00:00:00Z");
        private AlarmStore alarmStore = AlarmStore.inMemory();
        private OutboxStore outbox = OutboxStore.inMemory();
        private SilenceStore silences = SilenceStore.inMemory();
        private boolean withSms = true;

        private Builder(Configuration configuration) {
            this.configuration = Objects.requireNonNull(configuration, "configuration");
        }

        /**
         * Alarm settings (default: the contract's).
         *
         * @param alarmSettings the settings
         * @return this builder
         */
        public Builder settings(AlarmSettings alarmSettings) {
            this.settings = Objects.requireNonNull(alarmSettings, "settings");
            return this;
        }

        /**
         * Delivery settings (default: 10 s first backoff, no jitter, so retries are predictable).
         *
         * @param deliverySettings the settings
         * @return this builder
         */
        public Builder delivery(DeliverySettings deliverySettings) {
            this.delivery = Objects.requireNonNull(deliverySettings, "delivery");
            return this;
        }

        /**
         * The clock's first instant (default 2026-01-01T00:00:00Z).
         *
         * @param instant the instant
         * @return this builder
         */
        public Builder startingAt(Instant instant) {
            this.start = Objects.requireNonNull(instant, "start");
            return this;
        }

        /**
         * The alarm store (default: a new in-memory one); pass the same store to two kits to
         * test a restart.
         *
         * @param store the store
         * @return this builder
         */
        public Builder alarmStore(AlarmStore store) {
            this.alarmStore = Objects.requireNonNull(store, "alarmStore");
            return this;
        }

        /**
         * The outbox (default: a new in-memory one).
         *
         * @param store the outbox
         * @return this builder
         */
        public Builder outbox(OutboxStore store) {
            this.outbox = Objects.requireNonNull(store, "outbox");
            return this;
        }

        /**
         * The silences (default: a new in-memory store).
         *
         * @param store the silences
         * @return this builder
         */
        public Builder silences(SilenceStore store) {
            this.silences = Objects.requireNonNull(store, "silences");
            return this;
        }

        /**
         * Leaves the SMS channel out, to test a recipient whose channel is not installed.
         *
         * @return this builder
         */
        public Builder withoutSms() {
            this.withSms = false;
            return this;
        }

        /** @return the kit, its engine built */
        public EngineTestKit build() {
            return new EngineTestKit(this);
        }
    }
}
