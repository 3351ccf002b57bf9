package io.backupalarm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.delivery.Notification;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmState;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.testkit.RecordingChannel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two and three engines on one PostgreSQL database, on the real clock: every alarm fires once and
 * every recipient is told once, whichever node reports, sweeps or dies.
 */
class MultiNodeTest {

    /** Short, for the node killed between claim and send; a live node's send must never outlast it. */
    private static final Duration SHORT_LEASE = Duration.ofSeconds(1);
    /**
     * For live nodes: a send that outlasts its lease may be repeated by another node (at least once),
     * which a loaded machine did at 1 s.
     */
    private static final Duration LEASE = Duration.ofMinutes(1);
    /**
     * Long enough for every event of the timeline to be reported before anything fires, also on a
     * loaded machine (at 3 s, a busy machine fired some alarms before their closing events).
     */
    private static final Duration GRACE = Duration.ofSeconds(10);

    private DataSource dataSource;
    private Cluster cluster;

    @BeforeEach
    void database() {
        dataSource = TestDatabases.postgres();
        cluster = new Cluster(dataSource);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    @DisplayName("an alarm opened on one node fires from another after the first one stopped")
    void opensOnOneFiresFromAnother() throws Exception {
        Cluster.Node a = cluster.start("node-a", Duration.ofMillis(500), LEASE);
        a.engine().report(new AlarmEvent.ClientDisconnected("i-00", Instant.now()));
        a.engine().close();
        Cluster.Node b = cluster.start("node-b", Duration.ofMillis(500), LEASE);

        Cluster.await("node b tells all recipients", () -> sent(b).size() == Cluster.RECIPIENTS);
        assertThat(sent(a)).isEmpty();
        assertThat(b.store().alarms().all()).singleElement()
                .satisfies(alarm -> assertThat(alarm.state()).isEqualTo(AlarmState.FIRING));
        assertThat(sent(b)).extracting(OutboundMessage::kind).containsOnly(OutboundMessage.Kind.FIRING);
    }

    @Test
    @DisplayName("three nodes sharing one timeline tell each recipient once, as one node would")
    void threeNodesTellEachRecipientOnce() throws Exception {
        List<Cluster.Node> nodes = List.of(cluster.start("node-1", GRACE, LEASE),
                cluster.start("node-2", GRACE, LEASE),
                cluster.start("node-3", GRACE, LEASE));
        Instant start = Instant.now();
        // Every opening is reported on two nodes at once; then some alarms close again in time.
        ExecutorService reporters = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int n = 0; n < 3; n++) {
                AlarmEngine engine = nodes.get(n).engine();
                int node = n;
                done.add(reporters.submit(() -> openings(start, (i, event) -> {
                    if (i % 3 == node || (i + 1) % 3 == node) {
                        engine.report(event);
                    }
                })));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            reporters.shutdown();
        }
        closings(start, (i, event) -> nodes.get((i + 2) % 3).engine().report(event));
        int expected = singleNodeAnswer(start);

        Cluster.await("every notification sent", () -> allSent(nodes.get(0)) == expected);
        List<OutboundMessage> all = nodes.stream().flatMap(MultiNodeTest::sentStream).toList();
        assertThat(all).hasSize(expected);
        assertThat(all).extracting(OutboundMessage::idempotencyKey).doesNotHaveDuplicates();
        List<OpenAlarm> open = nodes.get(0).store().alarms().all();
        assertThat(open).allSatisfy(alarm -> {
            assertThat(alarm.state()).isEqualTo(AlarmState.FIRING);
            assertThat(alarm.occurrences()).isEqualTo(2);
        });
    }

    @Test
    @DisplayName("a node killed between claim and send: its lease runs out and another node sends, once")
    void killedBetweenClaimAndSend() throws Exception {
        Process killed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KilledNode.class.getName(),
                TestPostgres.url(dataSource), "postgres", "i-00", "200", String.valueOf(SHORT_LEASE.toMillis()))
                .redirectErrorStream(true).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(killed.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            do {
                line = output.readLine();
            } while (line != null && !line.startsWith("SENDING "));
            assertThat(line).as("the node to kill started sending").isNotNull();
        } finally {
            killed.destroyForcibly();
            killed.waitFor();
        }
        JdbcStore store = JdbcStore.builder(dataSource).build();
        List<Notification> claimed = store.outbox().withStatus(Notification.Status.PENDING);
        assertThat(claimed).hasSize(Cluster.RECIPIENTS);

        Cluster.Node survivor = cluster.start("node-b", Duration.ofMillis(200), SHORT_LEASE);
        Cluster.await("the survivor sends once its lease ran out", () -> allSent(survivor) == Cluster.RECIPIENTS);

        assertThat(sent(survivor)).hasSize(Cluster.RECIPIENTS)
                .extracting(OutboundMessage::idempotencyKey).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(claimed.stream().map(Notification::key).toList());
        assertThat(store.outbox().withStatus(Notification.Status.SENT))
                .allSatisfy(n -> assertThat(n.attempts()).isEqualTo(1));
    }

    /** The openings of the timeline, with the index of their instance. */
    private static void openings(Instant start, BiConsumer<Integer, AlarmEvent> report) {
        for (int i = 0; i < Cluster.INSTANCES; i++) {
            report.accept(i, new AlarmEvent.ClientDisconnected(Cluster.instance(i), start));
        }
    }

    /** The closings of the timeline: every fourth instance reconnects within the grace period. */
    private static void closings(Instant start, BiConsumer<Integer, AlarmEvent> report) {
        for (int i = 0; i < Cluster.INSTANCES; i += 4) {
            report.accept(i, new AlarmEvent.ClientConnected(Cluster.instance(i), start.plusMillis(1)));
        }
    }

    /** How many notifications one engine on in-memory stores sends for the same timeline. */
    private static int singleNodeAnswer(Instant start) {
        ConfigurationStore configuration = ConfigurationStore.inMemory();
        Cluster.seed(configuration);
        ManualClock clock = new ManualClock(start);
        RecordingChannel email = new RecordingChannel(Channel.EMAIL, clock);
        RecordingChannel sms = new RecordingChannel(Channel.SMS, clock);
        try (AlarmEngine engine = AlarmEngine.builder().configuration(configuration).clock(clock)
                .settings(Cluster.settings(GRACE)).channel(email).channel(sms).build()) {
            openings(start, (i, event) -> engine.report(event));
            openings(start, (i, event) -> engine.report(event));
            closings(start, (i, event) -> engine.report(event));
            engine.advanceTo(start.plus(Duration.ofHours(1)));
        }
        return email.sent().size() + sms.sent().size();
    }

    private static int allSent(Cluster.Node node) {
        return node.store().outbox().withStatus(Notification.Status.SENT).size();
    }

    private static List<OutboundMessage> sent(Cluster.Node node) {
        return sentStream(node).toList();
    }

    private static Stream<OutboundMessage> sentStream(Cluster.Node node) {
        Collection<RecordingChannel.Sent> email = node.email() instanceof RecordingChannel r ? r.sent() : List.of();
        Collection<RecordingChannel.Sent> sms = node.sms() instanceof RecordingChannel r ? r.sent() : List.of();
        return Stream.concat(email.stream(), sms.stream()).map(RecordingChannel.Sent::message);
    }
}
