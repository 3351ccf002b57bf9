package io.backupalarm.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.backupalarm.config.Account;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.Contact;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
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
import io.backupalarm.testkit.RecordingChannel;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The meters on one engine on manual time, with a SimpleMeterRegistry: exact counts after a known timeline. */
final class MetricsTimelineTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String EMAIL = "alice@example.com";
    private static final String MOBILE = "+8613900139000";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ManualClock clock = new ManualClock(T0);
    private final RecordingChannel email = new RecordingChannel(Channel.EMAIL, clock);
    private final RecordingChannel sms = new RecordingChannel(Channel.SMS, clock);
    private final AtomicInteger countByState = new AtomicInteger();
    private final AtomicInteger backlog = new AtomicInteger();
    private final AlarmStore alarms = counting(AlarmStore.class, AlarmStore.inMemory(), "countByState", countByState);
    private final OutboxStore outbox = counting(OutboxStore.class, OutboxStore.inMemory(), "backlog", backlog);
    private AlarmEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private static Configuration configuration(int instances) {
        Configuration.Builder builder = Configuration.builder()
                .account(new Account("acct-1", EmailAddress.of("owner@example.com"), null))
                .contact(Contact.verified("c-alice", "acct-1", "Alice", EmailAddress.of(EMAIL), MobileNumber.of(MOBILE)))
                .vault(new Vault("v-1", "acct-1", VaultAlarmPolicy.customized(List.of("c-alice"), List.of())));
        for (int i = 1; i <= instances; i++) {
            builder.instance(new Instance(instance(i), "v-1", InstanceAlarmPolicy.SAME_AS_VAULT));
        }
        return builder.build();
    }

    private static String instance(int i) {
        return String.format(Locale.ROOT, "i-%02d", i);
    }

    private BackupAlarmMetrics start(int instances) {
        BackupAlarmMetrics metrics = BackupAlarmMetrics.builder(registry, alarms, outbox).clock(clock)
                .refresh(Duration.ofSeconds(15)).build();
        engine = AlarmEngine.builder().configuration(ConfigurationStore.inMemory(configuration(instances)))
                .manualTime(clock).channel(email).channel(sms).alarmStore(alarms).outbox(outbox)
                .settings(AlarmSettings.custom().groupWait(Duration.ZERO).inhibitBackupFailuresWhileDisconnected(true)
                        .notifyOnResolved(true).build())
                .delivery(DeliverySettings.custom().initialBackoff(Duration.ofSeconds(10)).jitter(0).build())
                .listener(metrics).build();
        return metrics.watch(engine);
    }

    private void report(AlarmEvent event) {
        engine.report(event);
    }

    private void advance(Duration by) {
        ManualTime.of(engine).advanceBy(by);
    }

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    private double gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    @Test
    @DisplayName("after a timeline, every counter and gauge holds exactly what happened")
    void timeline() {
        start(2);
        report(new AlarmEvent.ClientDisconnected("i-01", clock.instant()));
        report(new AlarmEvent.ClientDisconnected("i-02", clock.instant()));
        advance(Duration.ofMinutes(10));
        report(new AlarmEvent.ClientConnected("i-02", clock.instant())); // cancelled
        sms.failNextTemporarily(1);
        advance(Duration.ofMinutes(50)); // i-01 fires: email sent, SMS retried
        advance(Duration.ofSeconds(10)); // the SMS is sent
        advance(Duration.ofSeconds(50));
        report(new AlarmEvent.BackupFailed("i-01", "daily", "disk full", clock.instant()));
        email.refuse(EMAIL);
        advance(Duration.ofHours(1)); // the backup failure fires, held back by the disconnect
        advance(Duration.ofMinutes(1));
        report(new AlarmEvent.ClientConnected("i-01", clock.instant())); // resolved; the backup failure is released

        assertThat(count("backupalarm.events", "event", "client_disconnected")).isEqualTo(2);
        assertThat(count("backupalarm.events", "event", "client_connected")).isEqualTo(2);
        assertThat(count("backupalarm.events", "event", "backup_failed")).isEqualTo(1);
        assertThat(registry.find("backupalarm.events").tag("event", "backup_succeeded").counter()).isNull();

        assertThat(count("backupalarm.alarms.opened", "type", "client_disconnected")).isEqualTo(2);
        assertThat(count("backupalarm.alarms.opened", "type", "backup_failed")).isEqualTo(1);
        assertThat(count("backupalarm.alarms.cancelled", "type", "client_disconnected")).isEqualTo(1);
        assertThat(count("backupalarm.alarms.fired", "type", "client_disconnected")).isEqualTo(1);
        assertThat(count("backupalarm.alarms.fired", "type", "backup_failed")).isEqualTo(1);
        assertThat(count("backupalarm.alarms.held", "type", "backup_failed")).isEqualTo(1);
        assertThat(count("backupalarm.alarms.held", "type", "client_disconnected")).isZero();
        assertThat(count("backupalarm.alarms.resolved", "type", "client_disconnected")).isEqualTo(1);
        assertThat(count("backupalarm.alarms.resolved", "type", "backup_failed")).isZero();
        assertThat(count("backupalarm.alarms.repeated", "type", "client_disconnected")).isZero();

        assertThat(count("backupalarm.notifications", "channel", "email", "kind", "firing", "outcome", "sent")).isEqualTo(1);
        assertThat(count("backupalarm.notifications", "channel", "email", "kind", "firing", "outcome", "dead")).isEqualTo(1);
        assertThat(count("backupalarm.notifications", "channel", "email", "kind", "resolved", "outcome", "dead")).isEqualTo(1);
        assertThat(count("backupalarm.notifications", "channel", "sms", "kind", "firing", "outcome", "retry")).isEqualTo(1);
        assertThat(count("backupalarm.notifications", "channel", "sms", "kind", "firing", "outcome", "sent")).isEqualTo(2);
        assertThat(count("backupalarm.notifications", "channel", "sms", "kind", "resolved", "outcome", "sent")).isEqualTo(1);
        assertThat(registry.find("backupalarm.notifications").counters()).hasSize(6);

        assertThat(registry.get("backupalarm.notifications.send").tags("channel", "email", "outcome", "sent").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("backupalarm.notifications.send").tags("channel", "email", "outcome", "dead").timer().count())
                .isEqualTo(2);
        assertThat(registry.get("backupalarm.notifications.send").tags("channel", "sms", "outcome", "retry").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("backupalarm.notifications.send").tags("channel", "sms", "outcome", "sent").timer().count())
                .isEqualTo(3);
        assertThat(registry.get("backupalarm.notifications.send").timers()).allSatisfy(timer -> {
            assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).isGreaterThanOrEqualTo(0);
            assertThat(timer.getId().getBaseUnit()).isEqualTo("seconds");
        });

        assertThat(gauge("backupalarm.alarms.open", "state", "firing")).isEqualTo(1);
        assertThat(gauge("backupalarm.alarms.open", "state", "pending")).isZero();
        assertThat(gauge("backupalarm.outbox.pending")).isZero();
        assertThat(gauge("backupalarm.outbox.dead")).isEqualTo(2);
        assertThat(registry.get("backupalarm.outbox.oldest.age").timeGauge().value(TimeUnit.SECONDS)).isZero();
        assertThat(engine.deadLetters()).hasSize(2);

        // Manual time: no scheduler, healthy while the stores answer.
        assertThat(gauge("backupalarm.engine.healthy")).isEqualTo(1);
        assertThat(gauge("backupalarm.engine.scheduler.running")).isZero();
        assertThat(gauge("backupalarm.engine.scheduler.failing")).isZero();
        assertThat(gauge("backupalarm.engine.stores.reachable")).isEqualTo(1);
        assertThat(registry.get("backupalarm.engine.scheduler.last.success.age").timeGauge().value()).isNaN();
        assertThat(registry.get("backupalarm.engine.listener.calls.dropped").functionCounter().count()).isZero();
    }

    @Test
    @DisplayName("after a storm the gauges count open alarms by state, the backlog, its oldest age and the dead letters")
    void gaugesAfterAStorm() {
        start(30);
        for (int i = 1; i <= 30; i++) {
            report(new AlarmEvent.ClientDisconnected(instance(i), clock.instant()));
        }
        advance(Duration.ofMinutes(10));
        for (int i = 21; i <= 30; i++) {
            report(new AlarmEvent.ClientConnected(instance(i), clock.instant()));
        }
        email.failNextTemporarily(10_000);
        sms.refuse(MOBILE);
        advance(Duration.ofMinutes(50)); // 20 fire: 20 emails retried, 20 SMS dead
        for (int i = 21; i <= 25; i++) {
            report(new AlarmEvent.ClientDisconnected(instance(i), clock.instant()));
        }
        advance(Duration.ofMinutes(5));

        assertThat(gauge("backupalarm.alarms.open", "state", "firing")).isEqualTo(20);
        assertThat(gauge("backupalarm.alarms.open", "state", "pending")).isEqualTo(5);
        assertThat(gauge("backupalarm.outbox.pending")).isEqualTo(20);
        assertThat(gauge("backupalarm.outbox.dead")).isEqualTo(20);
        assertThat(registry.get("backupalarm.outbox.oldest.age").timeGauge().value(TimeUnit.SECONDS)).isEqualTo(300);
        assertThat(count("backupalarm.alarms.fired", "type", "client_disconnected")).isEqualTo(20);
        assertThat(count("backupalarm.notifications", "channel", "sms", "kind", "firing", "outcome", "dead")).isEqualTo(20);
        // five attempts each so far (at 0, 10, 30, 70 and 150 s), all failed
        assertThat(count("backupalarm.notifications", "channel", "email", "kind", "firing", "outcome", "retry"))
                .isEqualTo(100);
    }

    @Test
    @DisplayName("the gauges read the stores once per refresh interval, however many gauges are read how often")
    void oneReadPerInterval() {
        BackupAlarmMetrics.builder(registry, alarms, outbox).clock(clock).refresh(Duration.ofSeconds(15)).build();
        for (int scrape = 0; scrape < 5; scrape++) {
            registry.getMeters().forEach(meter -> meter.measure().forEach(measurement -> measurement.getValue()));
        }
        assertThat(countByState).hasValue(1);
        assertThat(backlog).hasValue(1);
        clock.advance(Duration.ofSeconds(14));
        registry.getMeters().forEach(meter -> meter.measure().forEach(measurement -> measurement.getValue()));
        assertThat(countByState).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        registry.getMeters().forEach(meter -> meter.measure().forEach(measurement -> measurement.getValue()));
        assertThat(countByState).hasValue(2);
        assertThat(backlog).hasValue(2);
    }

    @Test
    @DisplayName("a store that fails makes its gauges NaN until it answers again; the other gauges still read")
    void failingStore() {
        AlarmStore failing = (AlarmStore) Proxy.newProxyInstance(AlarmStore.class.getClassLoader(),
                new Class<?>[] {AlarmStore.class}, (proxy, method, args) -> {
                    throw new IllegalStateException("alarm store down");
                });
        BackupAlarmMetrics.builder(registry, failing, outbox).clock(clock).build();
        assertThat(gauge("backupalarm.alarms.open", "state", "firing")).isNaN();
        assertThat(gauge("backupalarm.outbox.pending")).isZero();
    }

    @Test
    @DisplayName("common tags go on every meter; a bad refresh or a second engine is refused")
    void tagsAndMisuse() {
        BackupAlarmMetrics metrics = start(1);
        SimpleMeterRegistry tagged = new SimpleMeterRegistry();
        BackupAlarmMetrics.builder(tagged, alarms, outbox).tags(Tags.of("node", "a")).build();
        assertThat(tagged.getMeters()).isNotEmpty().allSatisfy(m -> assertThat(m.getId().getTag("node")).isEqualTo("a"));
        assertThatIllegalArgumentException().isThrownBy(() -> BackupAlarmMetrics.builder(registry, alarms, outbox)
                .refresh(Duration.ZERO)).withMessageContaining("refresh");
        assertThatIllegalStateException().isThrownBy(() -> metrics.watch(engine)).withMessageContaining("already watched");
    }

    /** A store that counts the calls of one method and passes every call on. */
    @SuppressWarnings("unchecked")
    private static <T> T counting(Class<T> type, T delegate, String method, AtomicInteger calls) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
            if (m.getName().equals(method)) {
                calls.incrementAndGet();
            }
            try {
                return m.invoke(delegate, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
