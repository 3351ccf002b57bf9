package io.backupalarm.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.delivery.DeliverySettings;
import io.backupalarm.quiet.TestTarget;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.OutboxStore;
import io.backupalarm.testsupport.TestChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What an engine leaves in its outbox when it closes is sent by the next engine on that outbox. */
final class CloseHandsBackTest {

    /** Only bounds a hang. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** An email channel whose sends wait until the engine gives up on them (it interrupts them). */
    private static final class StuckChannel implements Channel {
        final CountDownLatch entered = new CountDownLatch(1);

        @Override
        public String name() {
            return Channel.EMAIL;
        }

        @Override
        public DeliveryResult send(OutboundMessage message) {
            entered.countDown();
            try {
                new CountDownLatch(1).await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return DeliveryResult.temporaryFailure("interrupted");
        }
    }

    @Test
    @DisplayName("a notification still queued for a sender when the engine closes is sent by the next engine on the outbox")
    void queuedNotificationsAreHandedBack() throws InterruptedException {
        OutboxStore outbox = OutboxStore.inMemory();
        ConfigurationStore configuration = ConfigurationStore.inMemory(Fixtures.configuration());
        StuckChannel stuck = new StuckChannel();
        AlarmEngine first = AlarmEngine.builder().configuration(configuration).outbox(outbox)
                .clock(Clock.systemUTC()).channel(stuck)
                .delivery(DeliverySettings.custom().senderThreads(1).queueCapacity(10).closeWait(Duration.ZERO).build())
                .build();
        try {
            // Alice's and Bob's emails: one sender, so one send is stuck and the other waits in the queue.
            first.sendTest(TestTarget.instance("i-web1"));
            assertThat(stuck.entered.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        } finally {
            first.close(); // gives up on the stuck send at once and drops the queued one
        }

        ManualClock later = new ManualClock(Clock.systemUTC().instant().plus(Duration.ofHours(1)));
        TestChannel email = new TestChannel(Channel.EMAIL, later);
        try (AlarmEngine next = AlarmEngine.builder().configuration(configuration).outbox(outbox)
                .manualTime(later).channel(email).build()) {
            ManualTime.of(next).advanceBy(Duration.ofHours(1));
            assertThat(email.deliveries()).extracting(call -> call.message().address())
                    .contains(Fixtures.BOB_EMAIL, Fixtures.ALICE_EMAIL);
        }
    }
}
