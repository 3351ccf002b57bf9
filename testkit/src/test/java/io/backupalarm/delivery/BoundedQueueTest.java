package io.backupalarm.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.config.Account;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.Vault;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmListener;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

final class BoundedQueueTest {

    private static final int INSTANCES = 40;

    @Test
    @DisplayName("when the delivery queue is full, reporting never blocks and every notification still goes out once")
    void fullQueueLosesNothing() throws InterruptedException {
        Configuration.Builder config = Configuration.builder()
                .account(new Account("acct-1", EmailAddress.of("owner@example.com"), null))
                .vault(new Vault("v-1", "acct-1"));
        for (int i = 0; i < INSTANCES; i++) {
            config.instance(new Instance("i-" + i, "v-1"));
        }
        CountDownLatch release = new CountDownLatch(1);
        Set<String> received = ConcurrentHashMap.newKeySet();
        CountDownLatch allSent = new CountDownLatch(INSTANCES);
        Channel slow = new Channel() {
            @Override
            public String name() {
                return Channel.EMAIL;
            }

            @Override
            public DeliveryResult send(OutboundMessage message) {
                try {
                    release.await(); // the provider hangs until the test lets it go
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return DeliveryResult.temporaryFailure("interrupted");
                }
                if (!received.add(message.idempotencyKey())) {
                    throw new AssertionError("sent twice: " + message.idempotencyKey());
                }
                return DeliveryResult.delivered("");
            }
        };
        try (AlarmEngine engine = AlarmEngine.builder().configuration(ConfigurationStore.inMemory(config.build()))
                .settings(AlarmSettings.custom().disconnectGracePeriod(Duration.ZERO).build())
                .delivery(DeliverySettings.custom().senderThreads(1).queueCapacity(2).build())
                .channel(slow)
                .listener(new AlarmListener() {
                    @Override
                    public void onDelivered(Notification notification) {
                        allSent.countDown();
                    }
                }).build()) {
            for (int i = 0; i < INSTANCES; i++) {
                engine.report(new AlarmEvent.ClientDisconnected("i-" + i, Instant.now()));
            }
            assertThat(engine.metrics().fired()).isEqualTo(INSTANCES); // all decided while the sender is stuck
            release.countDown();
            assertThat(allSent.await(60, TimeUnit.SECONDS)).as("all delivered within the test's patience").isTrue();
            assertThat(received).hasSize(INSTANCES);
            assertThat(engine.deadLetters()).isEmpty();
        }
    }
}
