package io.backupalarm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.delivery.Notification;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmState;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.ManualTime;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.testkit.RecordingChannel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two and three engines on one PostgreSQL database: every alarm fires once and every recipient is
 * told once, whichever node reports, sweeps or dies. Each node's time is a clock the test moves,
 * so the outcome does not depend on how fast the machine is; the nodes still run at the same
 * moment, on threads of their own, and meet in the database.
 */
final class MultiNodeTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration GRACE = Duration.ofMinutes(10);
    /** Longer than every timeline here: a live node's claim never runs out, so a second send is a bug. */
    private static final Duration LEASE = Duration.ofHours(6);
    /** The lease of the node that is killed while it holds its claims. */
    private static final Duration KILLED_LEASE = Duration.ofMinutes(2);

    private DataSource dataSource;
    private Cluster cluster;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeEach
    void database() {
        dataSource = TestDatabases.postgres();
        cluster = new Cluster(dataSource);
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
        cluster.close();
    }

    @Test
    @DisplayName("an alarm opened on one node fires from another after the first one stopped, at the end of the grace period")
    void anAlarmOpenedOnOneNodeFiresFromAnother() {
        Cluster.Node a = cluster.start("node-a", T0, GRACE, LEASE);
        a.engine().report(new AlarmEvent.ClientDisconnected("i-00", T0));
        a.engine().close();
        Cluster.Node b = cluster.start("node-b", T0, GRACE, LEASE);

        ManualTime.of(b.engine()).advanceTo(T0.plus(GRACE).minusMillis(1));
        assertThat(b.store().alarms().all()).singleElement()
                .satisfies(alarm -> assertThat(alarm.state()).isEqualTo(AlarmState.PENDING));
        ManualTime.of(b.engine()).advanceTo(T0.plus(GRACE));
        assertThat(b.store().alarms().all()).singleElement()
                .satisfies(alarm -> assertThat(alarm.state()).isEqualTo(AlarmState.FIRING));
        ManualTime.of(b.engine()).advanceTo(T0.plus(GRACE).plus(Cluster.GROUP_WAIT).minusMillis(1));
        assertThat(b.sent()).as("sent before the recipients' groups closed").isEmpty();
        ManualTime.of(b.engine()).advanceTo(T0.plus(GRACE).plus(Cluster.GROUP_WAIT));

        assertThat(a.sent()).isEmpty();
        assertThat(b.sent()).hasSize(Cluster.RECIPIENTS)
                .extracting(OutboundMessage::kind).containsOnly(OutboundMessage.Kind.FIRING);
        assertThat(b.store().alarms().all()).singleElement()
                .satisfies(alarm -> assertThat(alarm.state()).isEqualTo(AlarmState.FIRING));
    }

    @Test
    @DisplayName("three nodes reporting and sweeping one timeline at the same moment tell each recipient once, as one node would")
    void threeNodesTellEachRecipientOnce() throws Exception {
        List<Cluster.Node> nodes = List.of(cluster.start("node-1", T0, GRACE, LEASE),
                cluster.start("node-2", T0, GRACE, LEASE),
                cluster.start("node-3", T0, GRACE, LEASE));
        // Every opening is reported on two nodes at once; then some alarms close again in time.
        onEachNodeAtOnce(nodes, (n, node) -> openings((i, event) -> {
            if (i % 3 == n || (i + 1) % 3 == n) {
                node.engine().report(event);
            }
        }));
        closings((i, event) -> nodes.get((i + 2) % 3).engine().report(event));
        // All nodes sweep at the end of the grace period at once, then at a later instant at once.
        onEachNodeAtOnce(nodes, (n, node) -> ManualTime.of(node.engine()).advanceTo(T0.plus(GRACE)));
        onEachNodeAtOnce(nodes, (n, node) -> ManualTime.of(node.engine()).advanceTo(T0.plus(GRACE.multipliedBy(3))));

        List<OutboundMessage> all = nodes.stream().flatMap(node -> node.sent().stream()).toList();
        assertThat(all).hasSize(singleNodeAnswer());
        assertThat(all).extracting(OutboundMessage::idempotencyKey).doesNotHaveDuplicates();
        JdbcStore store = nodes.get(0).store();
        assertThat(store.outbox().withStatus(Notification.Status.SENT)).hasSize(all.size())
                .allSatisfy(n -> assertThat(n.attempts()).isEqualTo(1));
        assertThat(store.outbox().withStatus(Notification.Status.PENDING)).isEmpty();
        List<OpenAlarm> open = store.alarms().all();
        assertThat(open).hasSize(Cluster.INSTANCES - (Cluster.INSTANCES + 3) / 4).allSatisfy(alarm -> {
            assertThat(alarm.state()).isEqualTo(AlarmState.FIRING);
            assertThat(alarm.occurrences()).isEqualTo(2);
        });
    }

    @Test
    @DisplayName("a node killed between claim and send: another node sends once the lease ran out, not before, and once")
    void aKilledNodesClaimsAreSentByAnotherOnceTheLeaseRanOut() throws Exception {
        Process killed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KilledNode.class.getName(),
                TestPostgres.url(dataSource), "postgres", "i-00", T0.toString(), String.valueOf(GRACE.toMillis()),
                String.valueOf(KILLED_LEASE.toMillis()))
                .redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        try {
            CompletableFuture<Boolean> sending = CompletableFuture.supplyAsync(() -> readUntilSending(killed, output),
                    threads);
            assertThat(sending.get(Await.HANG.toMillis(), TimeUnit.MILLISECONDS))
                    .as("the node to kill started sending; its output: %s", output).isTrue();
        } catch (TimeoutException e) {
            throw new AssertionError("the node to kill did not start sending; its output: " + output, e);
        } finally {
            killed.destroyForcibly();
            killed.waitFor();
        }
        JdbcStore store = JdbcStore.builder(dataSource).build();
        List<Notification> claimed = store.outbox().withStatus(Notification.Status.PENDING);
        assertThat(claimed).hasSize(Cluster.RECIPIENTS);

        Instant claimedAt = T0.plus(GRACE).plus(Cluster.GROUP_WAIT);
        Cluster.Node survivor = cluster.start("node-b", claimedAt, GRACE, KILLED_LEASE);
        ManualTime.of(survivor.engine()).advanceTo(claimedAt.plus(KILLED_LEASE).minusMillis(1));
        assertThat(survivor.sent()).as("sent while the killed node's claims lasted").isEmpty();
        ManualTime.of(survivor.engine()).advanceTo(claimedAt.plus(KILLED_LEASE));

        assertThat(survivor.sent()).extracting(OutboundMessage::idempotencyKey)
                .containsExactlyInAnyOrderElementsOf(claimed.stream().map(Notification::key).toList());
        assertThat(store.outbox().withStatus(Notification.Status.SENT)).hasSize(Cluster.RECIPIENTS)
                .allSatisfy(n -> assertThat(n.attempts()).isEqualTo(1));
    }

    /** Reads the process's output until it announces a send; {@code false} if it ends first. */
    private static boolean readUntilSending(Process process, List<String> output) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                synchronized (output) {
                    output.add(line);
                }
                if (line.startsWith("SENDING ")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs work for every node, each on a thread of its own, all let go at the same moment. */
    private void onEachNodeAtOnce(List<Cluster.Node> nodes, BiConsumer<Integer, Cluster.Node> work) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int n = 0; n < nodes.size(); n++) {
            int index = n;
            done.add(threads.submit(() -> {
                Await.latch("all nodes are ready", go);
                work.accept(index, nodes.get(index));
                return null;
            }));
        }
        go.countDown();
        for (Future<?> node : done) {
            node.get(Await.HANG.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The openings of the timeline, with the index of their instance. */
    private static void openings(BiConsumer<Integer, AlarmEvent> report) {
        for (int i = 0; i < Cluster.INSTANCES; i++) {
            report.accept(i, new AlarmEvent.ClientDisconnected(Cluster.instance(i), T0));
        }
    }

    /** The closings of the timeline: every fourth instance reconnects within the grace period. */
    private static void closings(BiConsumer<Integer, AlarmEvent> report) {
        for (int i = 0; i < Cluster.INSTANCES; i += 4) {
            report.accept(i, new AlarmEvent.ClientConnected(Cluster.instance(i), T0.plusMillis(1)));
        }
    }

    /** How many notifications one engine on in-memory stores sends for the same timeline. */
    private static int singleNodeAnswer() {
        ConfigurationStore configuration = ConfigurationStore.inMemory();
        Cluster.seed(configuration);
        ManualClock clock = new ManualClock(T0);
        RecordingChannel email = new RecordingChannel(Channel.EMAIL, clock);
        RecordingChannel sms = new RecordingChannel(Channel.SMS, clock);
        try (AlarmEngine engine = AlarmEngine.builder().configuration(configuration).manualTime(clock)
                .settings(Cluster.settings(GRACE)).channel(email).channel(sms).build()) {
            Consumer<AlarmEvent> report = engine::report;
            openings((i, event) -> report.accept(event));
            openings((i, event) -> report.accept(event));
            closings((i, event) -> report.accept(event));
            ManualTime.of(engine).advanceTo(T0.plus(GRACE.multipliedBy(3)));
        }
        return email.sent().size() + sms.sent().size();
    }
}
