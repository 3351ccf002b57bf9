package io.backupalarm.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.backupalarm.delivery.Notification;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.testsupport.ForwardingOutbox;
import io.backupalarm.testsupport.ManualEngine;
import io.backupalarm.testsupport.TestChannel;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

final class ManualTimeTest {

    private static final Instant T0 = ManualEngine.T0;
    /** Only bounds a hang: a driver that spins never returns. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    @DisplayName("manual time refuses to go back, naming both instants, and changes nothing")
    void refusesToGoBack() {
        try (ManualEngine kit = ManualEngine.start(Fixtures.configuration())) {
            kit.advance(Duration.ofMinutes(5));
            assertThatThrownBy(() -> kit.time().advanceTo(T0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cannot go back in time").hasMessageContaining(T0.toString())
                    .hasMessageContaining(T0.plus(Duration.ofMinutes(5)).toString());
            assertThatThrownBy(() -> kit.time().advanceBy(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
            assertThat(kit.clock().instant()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        }
    }

    @Test
    @DisplayName("an engine that runs in real time cannot be driven by hand; the message says how to build one that can")
    void realTimeEngineRefused() {
        try (AlarmEngine real = AlarmEngine.builder().clock(new ManualClock(T0))
                .configuration(ConfigurationStore.inMemory(Fixtures.configuration())).build()) {
            assertThatThrownBy(() -> ManualTime.of(real)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("runs in real time").hasMessageContaining("manualTime(ManualClock)");
        }
    }

    @Test
    @DisplayName("an engine that is not the library's cannot be driven by hand, and the message says so")
    void foreignEngineRefused() {
        AlarmEngine foreign = (AlarmEngine) Proxy.newProxyInstance(AlarmEngine.class.getClassLoader(),
                new Class<?>[] {AlarmEngine.class}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
        assertThatThrownBy(() -> ManualTime.of(foreign)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AlarmEngine.builder()").hasMessageNotContaining("real time");
    }

    @Test
    @DisplayName("after a close, the driver refuses to run")
    void closedEngine() {
        ManualEngine kit = ManualEngine.start(Fixtures.configuration());
        kit.close();
        assertThatThrownBy(() -> kit.time().runDue()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    @DisplayName("an outbox that cannot record an outcome makes each run try the notification once more, never spin; after the repair it is recorded")
    void failingOutboxDoesNotSpin() {
        AtomicBoolean broken = new AtomicBoolean(true);
        ForwardingOutbox outbox = new ForwardingOutbox() {
            @Override
            public void update(Notification n) {
                if (broken.get()) {
                    throw new IllegalStateException("database is down");
                }
                super.update(n);
            }
        };
        try (ManualEngine kit = ManualEngine.start(Fixtures.configuration(), builder -> builder.outbox(outbox)
                .settings(AlarmSettings.custom().groupWait(Duration.ZERO).disconnectGracePeriod(Duration.ZERO).build()))) {
            assertTimeoutPreemptively(PATIENCE, () -> kit.disconnect("i-db1"));
            assertThat(kit.email().calls()).as("sends in the report's run").hasSize(1);
            assertThat(kit.sms().calls()).as("sends in the report's run").hasSize(1);

            assertTimeoutPreemptively(PATIENCE, () -> kit.time().runDue());
            assertThat(kit.email().calls()).as("sends after one more run").hasSize(2);

            // A run at the instant the notifications are still due, then one at the instant reached.
            assertTimeoutPreemptively(PATIENCE, () -> kit.advance(Duration.ofMinutes(1)));
            assertThat(kit.email().calls()).as("sends after advancing").hasSize(4);
            assertThat(kit.sms().calls()).as("sends after advancing").hasSize(4);

            broken.set(false);
            kit.advance(Duration.ofMinutes(1));
            // The channel accepted every attempt, but the outbox could not record it: those are the
            // documented "outcome unknown" resends, with the same idempotency key.
            assertThat(outbox.withStatus(Notification.Status.PENDING)).isEmpty();
            assertThat(outbox.withStatus(Notification.Status.SENT)).hasSize(2);
            assertThat(kit.email().calls()).hasSize(5).extracting(call -> call.message().idempotencyKey())
                    .containsOnly(kit.email().calls().get(0).message().idempotencyKey());
        }
    }

    @Test
    @DisplayName("advancing stops at every instant something falls due, in order, and handles it there")
    void stopsAtEveryDueInstant() {
        try (ManualEngine kit = ManualEngine.start(Fixtures.configuration(),
                builder -> builder.settings(AlarmSettings.custom().groupWait(Duration.ZERO).repeatInterval(Duration.ofMinutes(20)).build()))) {
            kit.email().failTemporarily(1);
            kit.disconnect("i-db1").advance(Duration.ofHours(2));
            List<String> emails = kit.email().calls().stream()
                    .map(call -> call.message().kind() + "@" + call.at() + (call.delivered() ? "" : " failed")).toList();
            assertThat(emails).containsExactly(
                    "FIRING@2026-01-01T01:00:00Z failed", "FIRING@2026-01-01T01:00:10Z",
                    "REPEAT@2026-01-01T01:20:00Z", "REPEAT@2026-01-01T01:40:00Z", "REPEAT@2026-01-01T02:00:00Z");
            assertThat(kit.sms().deliveries()).extracting(TestChannel.Call::at).containsExactly(
                    T0.plus(Duration.ofMinutes(60)), T0.plus(Duration.ofMinutes(80)),
                    T0.plus(Duration.ofMinutes(100)), T0.plus(Duration.ofMinutes(120)));
        }
    }
}
