package io.backupalarm.testsupport;

import io.backupalarm.config.Configuration;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.delivery.DeliverySettings;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.ManualTime;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * An engine on manual time for core's tests: a {@link TestChannel} for email and one for SMS,
 * retries 10 s then doubling with no jitter (so retry times are exact), in-memory stores unless
 * the test's builder changes say otherwise. Not thread-safe.
 */
public final class ManualEngine implements AutoCloseable {

    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final ManualClock clock;
    private final ConfigurationStore store;
    private final TestChannel email;
    private final TestChannel sms;
    private final AlarmEngine engine;
    private final ManualTime time;

    private ManualEngine(Instant start, Configuration configuration, Consumer<AlarmEngine.Builder> changes) {
        clock = new ManualClock(start);
        store = ConfigurationStore.inMemory(configuration);
        email = new TestChannel(Channel.EMAIL, clock);
        sms = new TestChannel(Channel.SMS, clock);
        AlarmEngine.Builder builder = AlarmEngine.builder().configuration(store).manualTime(clock)
                .delivery(DeliverySettings.custom().initialBackoff(Duration.ofSeconds(10)).jitter(0).build())
                .channel(email).channel(sms)
                // Tests of the lifecycle see each notification as its own message and every alarm
                // on its own; tests of grouping and inhibition ask for them.
                .settings(AlarmSettings.custom().groupWait(Duration.ZERO).inhibitBackupFailuresWhileDisconnected(false)
                        .build());
        changes.accept(builder);
        engine = builder.build();
        time = ManualTime.of(engine);
    }

    /** An engine at {@link #T0}. */
    public static ManualEngine start(Configuration configuration) {
        return new ManualEngine(T0, configuration, builder -> { });
    }

    /** An engine at {@link #T0}, with changes to its builder (settings, stores, listeners). */
    public static ManualEngine start(Configuration configuration, Consumer<AlarmEngine.Builder> changes) {
        return new ManualEngine(T0, configuration, changes);
    }

    /** An engine whose clock starts at an instant, as after a restart on the same stores. */
    public static ManualEngine startAt(Instant start, Configuration configuration,
                                       Consumer<AlarmEngine.Builder> changes) {
        return new ManualEngine(start, configuration, changes);
    }

    public AlarmEngine engine() {
        return engine;
    }

    public ManualClock clock() {
        return clock;
    }

    public ManualTime time() {
        return time;
    }

    public ConfigurationAdmin admin() {
        return ConfigurationAdmin.on(store);
    }

    public TestChannel email() {
        return email;
    }

    public TestChannel sms() {
        return sms;
    }

    public ManualEngine report(AlarmEvent event) {
        engine.report(event);
        return this;
    }

    public ManualEngine disconnect(String instance) {
        return report(new AlarmEvent.ClientDisconnected(instance, clock.instant()));
    }

    public ManualEngine connect(String instance) {
        return report(new AlarmEvent.ClientConnected(instance, clock.instant()));
    }

    public ManualEngine backupFailed(String instance, String job, String message) {
        return report(new AlarmEvent.BackupFailed(instance, job, message, clock.instant()));
    }

    public ManualEngine backupSucceeded(String instance, String job) {
        return report(new AlarmEvent.BackupSucceeded(instance, job, clock.instant()));
    }

    public ManualEngine advance(Duration duration) {
        time.advanceBy(duration);
        return this;
    }

    /** What both channels delivered, in time order. */
    public List<TestChannel.Call> deliveries() {
        List<TestChannel.Call> all = new ArrayList<>(email.deliveries());
        all.addAll(sms.deliveries());
        all.sort(Comparator.comparing(TestChannel.Call::at));
        return all;
    }

    /** Who was told, as {@code channel:address}, in time order. */
    public List<String> told() {
        return deliveries().stream().map(c -> c.message().channel() + ":" + c.message().address()).toList();
    }

    @Override
    public void close() {
        engine.close();
    }
}
