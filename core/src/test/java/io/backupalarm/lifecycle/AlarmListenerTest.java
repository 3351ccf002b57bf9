package io.backupalarm.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.delivery.Notification;
import io.backupalarm.spi.AlarmStore;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.OutboxStore;
import io.backupalarm.testsupport.ManualEngine;
import io.backupalarm.testsupport.TestChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

final class AlarmListenerTest {

    /** Only bounds a hang. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final AlarmSettings AT_ONCE = AlarmSettings.custom().groupWait(Duration.ZERO).disconnectGracePeriod(Duration.ZERO)
            .backupFailureGracePeriod(Duration.ZERO).build();

    private final ExecutorService reporter = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        reporter.shutdownNow();
    }

    private void report(AlarmEngine engine, AlarmEvent event) throws Exception {
        // On another thread, so that a report() that waits for a listener fails the test instead of hanging it.
        reporter.submit(() -> engine.report(event)).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("in real time, a listener that blocks does not hold up report() from another thread")
    void blockedListenerDoesNotStallReport() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AlarmListener blocking = new AlarmListener() {
            @Override
            public void onFired(OpenAlarm alarm) {
                inside.countDown();
                try {
                    release.await(PATIENCE.toSeconds() * 2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Clock clock = Clock.systemUTC();
        try (AlarmEngine engine = AlarmEngine.builder().configuration(ConfigurationStore.inMemory(Fixtures.configuration()))
                .clock(clock).settings(AT_ONCE).listener(blocking).build()) {
            report(engine, new AlarmEvent.ClientDisconnected("i-web1", clock.instant()));
            assertThat(inside.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("the listener was called").isTrue();

            report(engine, new AlarmEvent.ClientDisconnected("i-db1", clock.instant()));
            report(engine, new AlarmEvent.ClientConnected("i-web1", clock.instant()));
            assertThat(release.getCount()).as("the listener is still blocked").isOne();
            assertThat(engine.openAlarms()).extracting(alarm -> alarm.key().instance() + " " + alarm.state())
                    .containsExactly("i-db1 FIRING");
            release.countDown();
        }
    }

    @Test
    @DisplayName("a listener hears of a change only once the stores hold it")
    void listenersHearOfStoredChanges() {
        AlarmStore alarms = AlarmStore.inMemory();
        OutboxStore outbox = OutboxStore.inMemory();
        List<String> heard = new CopyOnWriteArrayList<>();
        AlarmListener checking = new AlarmListener() {
            private String stored(OpenAlarm alarm) {
                return alarms.find(alarm.key()).map(a -> a.state() + " x" + a.occurrences()).orElse("none");
            }

            private String stored(Notification n) {
                return outbox.find(n.key()).map(s -> s.status() + " after " + s.attempts()).orElse("none");
            }

            @Override public void onOpened(OpenAlarm alarm) { heard.add("opened: " + stored(alarm)); }
            @Override public void onCounted(OpenAlarm alarm) { heard.add("counted: " + stored(alarm)); }
            @Override public void onFired(OpenAlarm alarm) {
                heard.add("fired: " + stored(alarm) + ", outbox " + outbox.withStatus(Notification.Status.PENDING).size());
            }
            @Override public void onRepeated(OpenAlarm alarm) { heard.add("repeated: " + stored(alarm)); }
            @Override public void onCancelled(OpenAlarm alarm, Instant at) { heard.add("cancelled: " + stored(alarm)); }
            @Override public void onResolved(OpenAlarm alarm, Instant at) { heard.add("resolved: " + stored(alarm)); }
            @Override public void onDelivered(Notification n) { heard.add("delivered: " + stored(n)); }
            @Override public void onDeliveryFailed(Notification n) { heard.add("failed: " + stored(n)); }
            @Override public void onDeadLettered(Notification n) { heard.add("dead: " + stored(n)); }
        };
        try (ManualEngine kit = ManualEngine.start(Fixtures.configuration(), builder -> builder
                .alarmStore(alarms).outbox(outbox).listener(checking)
                .settings(AlarmSettings.custom().groupWait(Duration.ZERO).repeatInterval(Duration.ofHours(1)).build()))) {
            kit.email().failTemporarily(1);
            kit.sms().refuse(Fixtures.OWNER_MOBILE);
            kit.disconnect("i-db1").advance(Duration.ofMinutes(10)).disconnect("i-db1")
                    .advance(Duration.ofMinutes(50)).advance(Duration.ofMinutes(20)).advance(Duration.ofMinutes(40));
            kit.disconnect("i-web1").connect("i-web1").connect("i-db1");
        }
        // Email and SMS notifications of one alarm go out in the order of their keys: compare as a multiset.
        assertThat(heard).containsExactlyInAnyOrder(
                "opened: PENDING x1",
                "counted: PENDING x2",
                "fired: FIRING x2, outbox 2",
                "failed: PENDING after 1",  // the email
                "dead: DEAD after 1",       // the SMS, refused
                "delivered: SENT after 2",  // the email, retried
                "repeated: FIRING x2",
                "delivered: SENT after 1",  // the repeated email
                "dead: DEAD after 1",       // the repeated SMS
                "opened: PENDING x1",
                "cancelled: none",
                "resolved: none");
    }

    @Test
    @DisplayName("in real time, a listener that throws changes nothing: the engine and the other listeners carry on")
    void throwingListenerIsIgnored() throws Exception {
        AlarmListener throwing = new AlarmListener() {
            @Override public void onOpened(OpenAlarm alarm) { throw new IllegalStateException("listener bug"); }
            @Override public void onFired(OpenAlarm alarm) { throw new IllegalStateException("listener bug"); }
            @Override public void onDelivered(Notification n) { throw new IllegalStateException("listener bug"); }
        };
        List<String> heard = new CopyOnWriteArrayList<>();
        CountDownLatch allHeard = new CountDownLatch(6);
        AlarmListener recording = new AlarmListener() {
            @Override public void onOpened(OpenAlarm alarm) { hear("opened " + alarm.key().instance()); }
            @Override public void onFired(OpenAlarm alarm) { hear("fired " + alarm.key().instance()); }
            @Override public void onDelivered(Notification n) { hear("delivered " + n.instance()); }

            private void hear(String what) {
                heard.add(what);
                allHeard.countDown();
            }
        };
        Clock clock = Clock.systemUTC();
        TestChannel email = new TestChannel(Channel.EMAIL, clock);
        try (AlarmEngine engine = AlarmEngine.builder().configuration(ConfigurationStore.inMemory(Fixtures.configuration()))
                .clock(clock).settings(AT_ONCE).channel(email).listener(throwing).listener(recording).build()) {
            report(engine, new AlarmEvent.BackupFailed("i-db1", "daily", null, clock.instant()));
            report(engine, new AlarmEvent.BackupFailed("i-db1", "weekly", null, clock.instant()));
            assertThat(allHeard.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("the other listener heard all").isTrue();
            assertThat(heard).containsOnly("opened i-db1", "fired i-db1", "delivered i-db1");
            assertThat(email.deliveries()).hasSize(2);
            assertThat(engine.metrics().fired()).isEqualTo(2);
            assertThat(engine.health().listenerCallsDropped()).isZero();
        }
    }
}
