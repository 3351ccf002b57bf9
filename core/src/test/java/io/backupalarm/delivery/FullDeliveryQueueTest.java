package io.backupalarm.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.config.Account;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.Vault;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.OutboxStore;
import io.backupalarm.testsupport.TestChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

final class FullDeliveryQueueTest {

    private static final int INSTANCES = 40;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final ExecutorService reporter = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        reporter.shutdownNow();
    }

    @Test
    @DisplayName("when a channel's delivery queue is full, reporting does not wait, and every notification still goes out exactly once")
    void fullQueueLosesNothingAndSendsNothingTwice() throws Exception {
        Configuration.Builder config = Configuration.builder()
                .account(new Account("acct-1", EmailAddress.of("owner@example.com"), null))
                .vault(new Vault("v-1", "acct-1"));
        for (int i = 0; i <= INSTANCES; i++) {
            config.instance(new Instance("i-" + i, "v-1"));
        }
        Clock clock = Clock.systemUTC();
        TestChannel email = new TestChannel(Channel.EMAIL, clock).hold(); // the provider hangs until the test lets it go
        OutboxStore outbox = OutboxStore.inMemory();
        try (AlarmEngine engine = AlarmEngine.builder().configuration(ConfigurationStore.inMemory(config.build()))
                .clock(clock).outbox(outbox).channel(email)
                .settings(AlarmSettings.custom().groupWait(Duration.ZERO).disconnectGracePeriod(Duration.ZERO).build())
                .delivery(DeliverySettings.custom().senderThreads(1).queueCapacity(2).build()).build()) {
            reporter.submit(() -> {
                for (int i = 0; i < INSTANCES; i++) {
                    engine.report(new AlarmEvent.ClientDisconnected("i-" + i, clock.instant()));
                }
            }).get(PATIENCE.toSeconds(), TimeUnit.SECONDS); // times out if reporting waits for the held sender
            assertThat(engine.metrics().fired()).isEqualTo(INSTANCES);
            assertThat(email.calls()).as("sends finished while the provider hangs").isEmpty();

            email.release();
            assertThat(email.awaitDeliveries(INSTANCES, PATIENCE)).as("all delivered within the test's patience").isTrue();
            // One more alarm after all that: the sender works in order, and the outbox hands over the
            // earliest first, so whatever was handed over again before it has been sent before it.
            engine.report(new AlarmEvent.ClientDisconnected("i-" + INSTANCES, clock.instant()));
            assertThat(email.awaitDeliveries(INSTANCES + 1, PATIENCE)).as("the last one delivered").isTrue();
            assertThat(engine.metrics().failedAttempts()).as("sends refused or failed").isZero();
        }
        assertThat(email.duplicates()).as("messages delivered twice").isEmpty();
        assertThat(email.deliveries()).hasSize(INSTANCES + 1);
        assertThat(outbox.withStatus(Notification.Status.SENT)).hasSize(INSTANCES + 1);
        assertThat(outbox.withStatus(Notification.Status.PENDING)).isEmpty();
        assertThat(outbox.withStatus(Notification.Status.DEAD)).isEmpty();
    }
}
