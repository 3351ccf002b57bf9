package io.backupalarm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.config.AlarmMatcher;
import io.backupalarm.delivery.Notification;
import io.backupalarm.delivery.NotificationItem;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmState;
import io.backupalarm.lifecycle.ManualTime;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.quiet.Silence;
import io.backupalarm.spi.OutboundMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Silences and groups on two engines sharing one PostgreSQL database: a silence created on one
 * node holds alarms back on the other, a recipient's group fills from alarms fired on both nodes
 * and goes out once, as one message, and a release happens once whichever nodes race for it. Each
 * node's time is a clock the test moves; where two nodes act "at once" they run on threads of
 * their own, let go at the same moment, and meet in the database.
 */
final class QuietAndGroupsOnTwoNodesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration GRACE = Duration.ofMinutes(10);
    /** Longer than every timeline here: a live node's claim never runs out, so a second send is a bug. */
    private static final Duration LEASE = Duration.ofHours(6);
    private static final Duration WAIT = Cluster.GROUP_WAIT;
    private static final String ACCOUNT = "acct-1";

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private Cluster cluster;
    private Cluster.Node a;
    private Cluster.Node b;

    @BeforeEach
    void nodes() {
        DataSource dataSource = TestDatabases.postgres();
        cluster = new Cluster(dataSource);
        a = cluster.start("node-a", T0, GRACE, LEASE);
        b = cluster.start("node-b", T0, GRACE, LEASE);
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
        cluster.close();
    }

    @Test
    @DisplayName("a silence created on node A holds back an alarm that fires on node B, until it ends")
    void aSilenceCreatedOnOneNodeHoldsAlarmsOnAnother() {
        Instant ends = T0.plus(Duration.ofHours(1));
        a.engine().createSilence(Silence.of("s-1", ACCOUNT, AlarmMatcher.ANY, T0, ends, "ops", "storage swap"));
        b.engine().report(new AlarmEvent.ClientDisconnected("i-00", T0));
        ManualTime.of(b.engine()).advanceTo(T0.plus(GRACE).plus(WAIT));

        assertThat(b.engine().silences()).extracting(Silence::id).containsExactly("s-1");
        OpenAlarm held = b.store().alarms().all().get(0);
        assertThat(held.state()).isEqualTo(AlarmState.FIRING);
        assertThat(held.announced()).isFalse();
        assertThat(held.nextDue()).as("looked at again when the silence ends").isEqualTo(ends);
        assertThat(a.sent()).isEmpty();
        assertThat(b.sent()).isEmpty();
        assertThat(b.store().outbox().withStatus(Notification.Status.PENDING)).isEmpty();

        ManualTime.of(b.engine()).advanceTo(ends.plus(WAIT));
        assertThat(b.sent()).hasSize(Cluster.RECIPIENTS)
                .extracting(OutboundMessage::kind).containsOnly(OutboundMessage.Kind.FIRING);
        assertThat(b.store().alarms().all().get(0).announcedAt()).isEqualTo(ends);
        assertThat(a.sent()).isEmpty();
    }

    @Test
    @DisplayName("alarms fired on node A and on node B into one recipient's group go out once, by one node, as one message")
    void aGroupFilledOnTwoNodesIsSentOnceAsOneMessage() throws Exception {
        IntStream.range(0, 10).forEach(i -> a.engine().report(new AlarmEvent.ClientDisconnected(Cluster.instance(i), T0)));
        IntStream.range(10, 20).forEach(i -> b.engine().report(
                new AlarmEvent.ClientDisconnected(Cluster.instance(i), T0.plusSeconds(10))));
        ManualTime.of(a.engine()).advanceTo(T0.plus(GRACE));
        ManualTime.of(b.engine()).advanceTo(T0.plus(GRACE).plusSeconds(10));
        assertThat(a.engine().metrics().fired()).as("fired on node A").isEqualTo(10);
        assertThat(b.engine().metrics().fired()).as("fired on node B").isEqualTo(10);
        assertThat(a.sent()).isEmpty();
        assertThat(b.sent()).isEmpty();

        onBothAtOnce(node -> ManualTime.of(node.engine()).advanceTo(T0.plus(GRACE).plus(WAIT)));

        assertOneGroupedMessagePerRecipient(20);
        List<Notification> sent = a.store().outbox().withStatus(Notification.Status.SENT);
        assertThat(sent).hasSize(Cluster.RECIPIENTS).allSatisfy(message -> {
            assertThat(message.attempts()).isEqualTo(1);
            assertThat(message.items()).extracting(NotificationItem::instance)
                    .containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(Cluster::instance).toList());
        });
    }

    @Test
    @DisplayName("a silence expired on both nodes at once releases each alarm once, into one message per recipient")
    void anExpiryOnBothNodesAtOnceReleasesOnce() throws Exception {
        Instant ends = T0.plus(Duration.ofHours(2));
        a.engine().createSilence(Silence.of("s-1", ACCOUNT, AlarmMatcher.ANY, T0, ends, "ops", null));
        reportHalfOnEachNode();
        onBothAtOnce(node -> ManualTime.of(node.engine()).advanceTo(T0.plus(GRACE)));
        assertThat(a.store().alarms().all()).hasSize(20).allSatisfy(alarm -> {
            assertThat(alarm.state()).isEqualTo(AlarmState.FIRING);
            assertThat(alarm.announced()).isFalse();
        });

        Instant expiry = T0.plus(GRACE).plus(Duration.ofMinutes(1));
        onBothAtOnce(node -> ManualTime.of(node.engine()).advanceTo(expiry));
        onBothAtOnce(node -> node.engine().expireSilence("s-1"));
        onBothAtOnce(node -> ManualTime.of(node.engine()).advanceTo(expiry.plus(WAIT)));

        assertOneGroupedMessagePerRecipient(20);
        assertThat(a.store().alarms().all()).allSatisfy(alarm -> assertThat(alarm.announcedAt()).isEqualTo(expiry));
        onBothAtOnce(node -> ManualTime.of(node.engine()).advanceTo(ends.plus(WAIT)));
        assertThat(sentByBoth()).as("after the silence's own end").hasSize(Cluster.RECIPIENTS);
    }

    @Test
    @DisplayName("a silence that ends while both nodes sweep releases each alarm once, into one message per recipient")
    void anEndingSilenceReleasesOnceWhileBothNodesSweep() throws Exception {
        Instant ends = T0.plus(GRACE).plus(Duration.ofMinutes(5));
        a.engine().createSilence(Silence.of("s-1", ACCOUNT, AlarmMatcher.ANY, T0, ends, "ops", null));
        reportHalfOnEachNode();
        onBothAtOnce(node -> ManualTime.of(node.engine()).advanceTo(T0.plus(GRACE)));
        assertThat(sentByBoth()).isEmpty();

        onBothAtOnce(node -> ManualTime.of(node.engine()).advanceTo(ends));
        onBothAtOnce(node -> ManualTime.of(node.engine()).advanceTo(ends.plus(WAIT)));

        assertOneGroupedMessagePerRecipient(20);
        assertThat(a.store().alarms().all()).hasSize(20)
                .allSatisfy(alarm -> assertThat(alarm.announcedAt()).isEqualTo(ends));
    }

    /** Instances i-00 to i-09 disconnect as node A reports, i-10 to i-19 as node B does, at T0. */
    private void reportHalfOnEachNode() {
        for (int i = 0; i < 20; i++) {
            (i < 10 ? a : b).engine().report(new AlarmEvent.ClientDisconnected(Cluster.instance(i), T0));
        }
    }

    /** Both nodes together sent one grouped message to each recipient, each listing {@code alarms} firings. */
    private void assertOneGroupedMessagePerRecipient(int alarms) {
        List<OutboundMessage> all = sentByBoth();
        assertThat(all).hasSize(Cluster.RECIPIENTS);
        assertThat(all).extracting(m -> m.channel() + ":" + m.address()).doesNotHaveDuplicates();
        assertThat(all).extracting(OutboundMessage::idempotencyKey).doesNotHaveDuplicates();
        assertThat(all).allSatisfy(message -> {
            assertThat(message.kind()).isEqualTo(OutboundMessage.Kind.GROUPED);
            assertThat(message.data()).containsEntry(OutboundMessage.DataKeys.COUNT, Integer.toString(alarms));
        });
        assertThat(a.store().outbox().withStatus(Notification.Status.SENT)).hasSize(Cluster.RECIPIENTS)
                .allSatisfy(n -> assertThat(n.items()).hasSize(alarms)
                        .allSatisfy(item -> assertThat(item.kind()).isEqualTo(OutboundMessage.Kind.FIRING)));
        assertThat(a.store().outbox().withStatus(Notification.Status.PENDING)).isEmpty();
    }

    private List<OutboundMessage> sentByBoth() {
        List<OutboundMessage> all = new ArrayList<>(a.sent());
        all.addAll(b.sent());
        return all;
    }

    /** Runs work for both nodes, each on a thread of its own, let go at the same moment. */
    private void onBothAtOnce(Consumer<Cluster.Node> work) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (Cluster.Node node : List.of(a, b)) {
            done.add(threads.submit(() -> {
                Await.latch("both nodes are ready", go);
                work.accept(node);
                return null;
            }));
        }
        go.countDown();
        for (Future<?> node : done) {
            node.get(Await.HANG.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
