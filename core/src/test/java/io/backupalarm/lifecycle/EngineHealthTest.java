package io.backupalarm.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.testsupport.ManualEngine;
import io.backupalarm.testsupport.StoreOutage;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

final class EngineHealthTest {

    private static final Instant FIRED = ManualEngine.T0.plus(Duration.ofHours(1));

    @Test
    @DisplayName("on manual time the engine is healthy with no scheduler; the backlog counts the notifications waiting and dates the oldest")
    void manualTimeBacklog() {
        try (ManualEngine kit = ManualEngine.start(Fixtures.configuration())) {
            EngineHealth idle = kit.engine().health();
            assertThat(idle.healthy()).isTrue();
            assertThat(idle.manualTime()).isTrue();
            assertThat(idle.schedulerRunning()).isFalse();
            assertThat(idle.lastSuccessfulRun()).isEmpty();
            assertThat(idle.lastError()).isEmpty();
            assertThat(idle.storesReachable()).isTrue();
            assertThat(idle.storeError()).isEmpty();
            assertThat(idle.outboxBacklog()).isZero();
            assertThat(idle.oldestWaiting()).isEmpty();
            assertThat(idle.listenerCallsDropped()).isZero();

            kit.email().failTemporarily(3); // alice and bob by email; alice's SMS goes out
            kit.disconnect("i-web1").advance(Duration.ofHours(1));
            kit.clock().advance(Duration.ofSeconds(5)); // before the first retry, 10 s after the failure
            EngineHealth waiting = kit.engine().health();
            assertThat(waiting.healthy()).isTrue();
            assertThat(waiting.outboxBacklog()).isEqualTo(2);
            assertThat(waiting.oldestWaiting()).contains(FIRED);
            assertThat(waiting.oldestWaitingAge(kit.clock().instant())).contains(Duration.ofSeconds(5));

            kit.advance(Duration.ofSeconds(5)); // one of them fails once more
            assertThat(kit.engine().health().outboxBacklog()).isEqualTo(1);
            kit.advance(Duration.ofMinutes(1));
            EngineHealth done = kit.engine().health();
            assertThat(done.outboxBacklog()).isZero();
            assertThat(done.oldestWaiting()).isEmpty();
            assertThat(kit.told()).hasSize(3);
        }
    }

    @Test
    @DisplayName("health reports a store that does not answer, instead of throwing")
    void storeDown() {
        StoreOutage outage = new StoreOutage();
        try (ManualEngine kit = ManualEngine.start(Fixtures.configuration(),
                builder -> builder.alarmStore(outage.alarms()).outbox(outage.outbox()))) {
            outage.begin();
            EngineHealth down = kit.engine().health();
            assertThat(down.healthy()).isFalse();
            assertThat(down.storesReachable()).isFalse();
            assertThat(down.storeError()).hasValueSatisfying(error -> assertThat(error).contains("database is down"));
            assertThat(down.outboxBacklog()).isEqualTo(-1);
            assertThat(down.oldestWaiting()).isEmpty();

            outage.end();
            EngineHealth back = kit.engine().health();
            assertThat(back.healthy()).isTrue();
            assertThat(back.storeError()).isEqualTo(Optional.empty());
            assertThat(back.outboxBacklog()).isZero();
        }
    }

    @Test
    @DisplayName("the age of the oldest waiting notification is never negative")
    void oldestWaitingAge() {
        EngineHealth health = new EngineHealth(true, false, Optional.empty(), Optional.empty(), Optional.empty(), false, true,
                Optional.empty(), 1, Optional.of(FIRED), 0);
        assertThat(health.oldestWaitingAge(FIRED.plusSeconds(30))).contains(Duration.ofSeconds(30));
        assertThat(health.oldestWaitingAge(FIRED.minusSeconds(30))).contains(Duration.ZERO);
    }
}
