package io.backupalarm.store.jdbc;

import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.ManualTime;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A node in a process of its own, for {@link MultiNodeTest} to kill: on a clock of its own it
 * reports one disconnection, moves to the end of the grace period (it fires) and on until the
 * recipients' groups close, claims them and starts sending; its channels announce each send on standard output, then
 * hang, so the test can kill the process between claim and send.
 *
 * <p>Arguments: JDBC URL, user, instance, the instant of the disconnection (ISO-8601), grace
 * period in milliseconds, lease in milliseconds.
 */
public final class KilledNode {

    /** Never counted down: what waits on it waits until the process is killed, whatever the clock says. */
    private static final CountDownLatch KILLED = new CountDownLatch(1);

    private KilledNode() {
    }

    /**
     * Runs the node until it is killed.
     *
     * @param args URL, user, instance, instant, grace millis, lease millis
     * @throws InterruptedException never, in practice: the process is killed
     */
    public static void main(String[] args) throws InterruptedException {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(args[0]);
        dataSource.setUser(args[1]);
        Instant start = Instant.parse(args[3]);
        Duration grace = Duration.ofMillis(Long.parseLong(args[4]));
        JdbcStore store = JdbcStore.builder(dataSource).nodeId("node-killed")
                .claimLease(Duration.ofMillis(Long.parseLong(args[5]))).build();
        ManualClock clock = new ManualClock(start);
        AlarmEngine engine = AlarmEngine.builder()
                .configuration(store.configuration())
                .alarmStore(store.alarms())
                .outbox(store.outbox())
                .silences(store.silences())
                .manualTime(clock)
                .settings(Cluster.settings(grace))
                .channel(new Hanging(Channel.EMAIL))
                .channel(new Hanging(Channel.SMS))
                .build();
        engine.report(new AlarmEvent.ClientDisconnected(args[2], start));
        // Fires, claims the recipients' groups once they close, and hangs in the first send.
        ManualTime.of(engine).advanceTo(start.plus(grace).plus(Cluster.GROUP_WAIT));
        KILLED.await();
    }

    /** Announces the send, then never returns: the message never leaves. */
    private record Hanging(String name) implements Channel {
        @Override
        public DeliveryResult send(OutboundMessage message) {
            System.out.println("SENDING " + message.idempotencyKey());
            System.out.flush();
            try {
                KILLED.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("interrupted");
        }
    }
}
