package io.backupalarm.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.config.Account;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.Vault;
import io.backupalarm.delivery.DeliverySettings;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.testsupport.ShiftedClock;
import io.backupalarm.testsupport.StoreOutage;
import io.backupalarm.testsupport.TestChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The real-time scheduler when the engine's stores fail for a while, as a database that is down. */
final class StoreOutageTest {

    /** Only bounds a hang. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration GRACE = Duration.ofHours(1);

    private final ShiftedClock clock = new ShiftedClock();
    private final StoreOutage outage = new StoreOutage();
    private final TestChannel email = new TestChannel(Channel.EMAIL, clock);
    private final Thread testThread = Thread.currentThread();
    /** Failed store calls the engine made by itself: the test's own calls (health()) do not count. */
    private final Predicate<StoreOutage.Call> failedByEngine = call -> call.failed() && call.thread() != testThread;
    /** One failed run of the scheduler = one failed sweep of the due alarms (the run then tries the outbox too). */
    private final Predicate<StoreOutage.Call> failedRun = failedByEngine.and(call -> call.method().equals("forEachDue"));
    private final AlarmEngine engine = AlarmEngine.builder()
            .configuration(ConfigurationStore.inMemory(Configuration.builder()
                    .account(new Account("acct-1", EmailAddress.of("owner@example.com"), null))
                    .vault(new Vault("v-1", "acct-1"))
                    .instance(new Instance("i-1", "v-1"))
                    .build()))
            .clock(clock).alarmStore(outage.alarms()).outbox(outage.outbox()).channel(email)
            .settings(AlarmSettings.custom().groupWait(Duration.ZERO).disconnectGracePeriod(GRACE).build())
            .delivery(DeliverySettings.custom().sweepInterval(Duration.ofMillis(500)).build())
            .build();

    @AfterEach
    void close() {
        outage.end();
        engine.close();
    }

    /** Opens an alarm, then the stores go down and time moves past its grace period: it falls due during the outage. */
    private void alarmFallsDueDuringOutage() {
        engine.report(new AlarmEvent.ClientDisconnected("i-1", clock.instant()));
        outage.begin();
        clock.shift(GRACE.plusSeconds(1));
    }

    @Test
    @DisplayName("an alarm that falls due while the stores are down fires once they are back; health reports the outage meanwhile")
    void alarmDueDuringOutageFiresAfterIt() throws InterruptedException {
        assertThat(engine.health().healthy()).isTrue();
        alarmFallsDueDuringOutage();
        // After the second failed run, the first one's error is on record.
        // A second failed run has begun only after the first one's failure was recorded.
        assertThat(outage.await(2, failedRun, PATIENCE)).as("the scheduler ran against the broken stores").isTrue();
        EngineHealth during = engine.health();
        assertThat(during.healthy()).isFalse();
        assertThat(during.schedulerRunning()).isTrue();
        assertThat(during.lastError()).hasValueSatisfying(error -> assertThat(error).contains("database is down"));
        assertThat(during.lastErrorAt()).isPresent();
        assertThat(during.storesReachable()).isFalse();
        assertThat(email.calls()).isEmpty();

        outage.end();
        assertThat(email.awaitDeliveries(1, PATIENCE)).as("the alarm fired after the outage").isTrue();
        assertThat(engine.metrics().fired()).isEqualTo(1);
        assertThat(engine.openAlarms()).extracting(OpenAlarm::state).containsExactly(AlarmState.FIRING);
        // A scheduler run that begins after the delivery began after the run that fired the alarm ended.
        long delivered = System.nanoTime();
        assertThat(outage.await(1, call -> call.method().equals("forEachDue") && call.nanoTime() > delivered, PATIENCE))
                .as("the scheduler ran again").isTrue();
        EngineHealth after = engine.health();
        assertThat(after.healthy()).isTrue();
        assertThat(after.storesReachable()).isTrue();
        assertThat(after.lastSuccessfulRun()).hasValueSatisfying(run -> assertThat(run).isAfter(after.lastErrorAt().orElseThrow()));
    }

    @Test
    @DisplayName("while the stores fail, the scheduler tries again after a pause that grows, never in a busy loop")
    void backsOffWhileStoresFail() throws InterruptedException {
        alarmFallsDueDuringOutage();
        assertThat(outage.await(6, failedRun, PATIENCE)).as("the scheduler kept trying").isTrue();
        List<Long> at = outage.calls().stream().filter(failedRun).map(StoreOutage.Call::nanoTime).toList();
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < 6; i++) {
            gaps.add(Duration.ofNanos(at.get(i) - at.get(i - 1)));
        }
        // Lower bounds only: a slow machine makes the gaps longer, never shorter.
        assertThat(gaps).as("pauses between failed runs").allSatisfy(gap ->
                assertThat(gap).isGreaterThanOrEqualTo(Duration.ofMillis(50)));
        assertThat(gaps.subList(2, gaps.size())).as("pauses after the first two").allSatisfy(gap ->
                assertThat(gap).isGreaterThanOrEqualTo(Duration.ofMillis(150)));
    }
}
