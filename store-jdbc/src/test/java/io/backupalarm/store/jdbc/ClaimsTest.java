package io.backupalarm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.delivery.Notification;
import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.spi.AlarmStore;
import io.backupalarm.spi.OutboundMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two nodes' stores on one PostgreSQL database: the outbox's claims and leases, and the alarm
 * store's sharing of due alarms and changes of one key, driven step by step with latches.
 */
final class ClaimsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(2);

    private JdbcStore a;
    private JdbcStore b;
    /** Threads of their own: the common pool may have a single thread on a small machine. */
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @BeforeEach
    void nodes() {
        DataSource dataSource = TestDatabases.postgres();
        a = JdbcStore.builder(dataSource).nodeId("node-a").claimLease(LEASE).build().migrate();
        b = JdbcStore.builder(dataSource).nodeId("node-b").claimLease(LEASE).build();
    }

    private static Notification notification(String key) {
        OutboundMessage message = new OutboundMessage(key, "email", "a@example.com", OutboundMessage.Kind.FIRING,
                Locale.ENGLISH, "subject", "text", Map.of("instance", "i-1", "message", "tab\there\nand 100%"));
        return Notification.create(message, AlarmType.CLIENT_DISCONNECTED, "i-1", "v-1", "acct-1", T0);
    }

    @Test
    @DisplayName("a claimed notification is not claimed by another node until the lease runs out")
    void aClaimHoldsUntilItsLeaseRunsOut() {
        a.outbox().add(notification("k1"));

        assertThat(a.outbox().claimDue(T0, 10)).extracting(Notification::key).containsExactly("k1");
        assertThat(b.outbox().claimDue(T0.plusSeconds(60), 10)).isEmpty();
        assertThat(a.outbox().claimDue(T0.plusSeconds(60), 10)).as("nor by the same node again").isEmpty();
        assertThat(b.outbox().nextAttempt()).contains(T0.plus(LEASE));

        assertThat(b.outbox().claimDue(T0.plus(LEASE), 10)).extracting(Notification::key).containsExactly("k1");
    }

    @Test
    @DisplayName("holding a claim before the send extends it; a claim taken over cannot be held")
    void holdingAClaimExtendsItAndAClaimTakenOverCannotBeHeld() {
        a.outbox().add(notification("k1"));
        a.outbox().add(notification("k2"));
        a.outbox().claimDue(T0, 10);

        // k1 waited a minute in node a's queue; its sender holds the claim and gets a whole lease.
        assertThat(a.outbox().holdClaim("k1", T0.plusSeconds(60))).isTrue();
        assertThat(b.outbox().claimDue(T0.plus(LEASE), 10)).extracting(Notification::key).containsExactly("k2");
        // k2 waited longer than the lease and node b took it: node a must not send it.
        assertThat(a.outbox().holdClaim("k2", T0.plus(LEASE).plusSeconds(1))).isFalse();
        assertThat(b.outbox().holdClaim("k2", T0.plus(LEASE).plusSeconds(1))).isTrue();
        assertThat(b.outbox().holdClaim("k1", T0.plus(LEASE).plusSeconds(1))).as("never b's").isFalse();
    }

    @Test
    @DisplayName("an outcome from a node whose claim was taken over is not written, before or after the other's")
    void anOutcomeFromANodeWhoseClaimWasTakenOverIsNotWritten() {
        Notification n = notification("k1");
        a.outbox().add(n);
        a.outbox().add(notification("k2"));
        a.outbox().claimDue(T0, 10);
        b.outbox().claimDue(T0.plus(LEASE), 10);

        // k1: node a's outcome arrives while node b still holds the claim.
        a.outbox().update(n.sent("from-a", T0.plus(LEASE).plusSeconds(1)));
        assertThat(a.outbox().find("k1").orElseThrow().status()).isEqualTo(Notification.Status.PENDING);
        b.outbox().update(n.sent("from-b", T0.plus(LEASE).plusSeconds(2)));
        assertThat(a.outbox().find("k1").orElseThrow().receipt()).isEqualTo("from-b");

        // k2: node b finished (and released the claim) before node a's outcome arrives.
        Notification k2 = a.outbox().find("k2").orElseThrow();
        b.outbox().update(k2.sent("from-b", T0.plus(LEASE).plusSeconds(3)));
        a.outbox().update(k2.retryAt("node a timed out", T0.plus(LEASE).plusSeconds(60)));
        assertThat(a.outbox().find("k2").orElseThrow())
                .satisfies(kept -> assertThat(kept.status()).isEqualTo(Notification.Status.SENT))
                .satisfies(kept -> assertThat(kept.receipt()).isEqualTo("from-b"));
    }

    @Test
    @DisplayName("releasing a claim gives it up without touching an outcome recorded meanwhile")
    void releasingAClaimKeepsAnOutcomeRecordedMeanwhile() {
        a.outbox().add(notification("k1"));
        a.outbox().claimDue(T0, 10);
        List<Notification> again = a.outbox().claimDue(T0.plus(LEASE), 10); // queued past the lease: claimed again
        assertThat(again).hasSize(1);
        assertThat(a.outbox().holdClaim("k1", T0.plus(LEASE))).isTrue();
        a.outbox().update(again.get(0).sent("receipt", T0.plus(LEASE)));
        a.outbox().releaseClaim("k1"); // a queue-full release of the second claim, arriving late

        assertThat(a.outbox().find("k1").orElseThrow().status()).isEqualTo(Notification.Status.SENT);
    }

    @Test
    @DisplayName("a released claim is free for any node at once, and a re-drive on the node that lost it is written")
    void aReleasedClaimIsFreeForAnyNodeAndARedriveIsWritten() {
        Notification n = notification("k1");
        a.outbox().add(n);
        a.outbox().claimDue(T0, 10);
        a.outbox().releaseClaim("k1");
        assertThat(b.outbox().claimDue(T0, 10)).extracting(Notification::key).containsExactly("k1");

        b.outbox().update(n.dead("refused", T0.plusSeconds(1), true));
        Notification dead = a.outbox().find("k1").orElseThrow();
        a.outbox().update(dead.redriven(T0.plusSeconds(5)));
        assertThat(a.outbox().find("k1").orElseThrow().status()).isEqualTo(Notification.Status.PENDING);
    }

    @Test
    @DisplayName("a message's data survives the round trip, tabs, line feeds and percent signs included")
    void aMessagesDataIsReadBackAsItWasWritten() {
        Notification n = notification("k1");
        a.outbox().add(n);
        assertThat(b.outbox().find("k1")).contains(n);
    }

    @Test
    @DisplayName("due alarms another node is handling are skipped, not waited for, and handled once")
    void dueAlarmsAnotherNodeHoldsAreSkippedNotWaitedFor() throws Exception {
        for (int i = 0; i < 4; i++) {
            a.alarms().save(OpenAlarm.pending(new AlarmKey(AlarmType.CLIENT_DISCONNECTED, "i-" + i, null), T0,
                    null, T0.plusSeconds(i)));
        }
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger handledByA = new AtomicInteger();
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> a.alarms().forEachDue(T0.plusSeconds(1),
                10, alarm -> {
                    handledByA.incrementAndGet();
                    a.alarms().remove(alarm.key());
                    holding.countDown();
                    Await.latch("the test releases node a", release);
                }), threads);
        Await.latch("node a holds its due alarms", holding);

        AtomicInteger handledByB = new AtomicInteger();
        // Node b ends while node a still holds its two: it skipped them rather than waiting (had it
        // waited, it would never end, since node a is released only afterwards).
        int second = CompletableFuture.supplyAsync(() -> b.alarms().forEachDue(T0.plusSeconds(10), 10, alarm -> {
            handledByB.incrementAndGet();
            b.alarms().remove(alarm.key());
        }), threads).get(Await.HANG.toMillis(), TimeUnit.MILLISECONDS);
        release.countDown();

        assertThat(first.get(Await.HANG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(2);
        assertThat(second).as("the two alarms node a holds were skipped").isEqualTo(2);
        assertThat(handledByA.get() + handledByB.get()).isEqualTo(4);
        assertThat(a.alarms().size()).isZero();
    }

    @Test
    @DisplayName("two nodes opening the same alarm at once: one creates it, the other counts it")
    void twoNodesOpeningOneAlarmAtOnceCreateItOnceAndCountItOnce() throws Exception {
        AlarmKey key = new AlarmKey(AlarmType.BACKUP_FAILED, "i-1", "daily");
        CyclicBarrier bothRead = new CyclicBarrier(2);
        AtomicInteger runs = new AtomicInteger();
        List<CompletableFuture<Void>> nodes = List.of(a.alarms(), b.alarms()).stream()
                .map(store -> CompletableFuture.runAsync(() -> open(store, key, runs,
                        () -> Await.barrier("both nodes looked the alarm up", bothRead)), threads))
                .toList();
        for (CompletableFuture<Void> node : nodes) {
            node.get(Await.HANG.toMillis(), TimeUnit.MILLISECONDS);
        }
        assertThat(runs.get()).as("the loser ran its change again").isEqualTo(3);
        assertThat(a.alarms().find(key).orElseThrow().occurrences()).isEqualTo(2);
    }

    @Test
    @DisplayName("a node that saw no alarm does not overwrite the one another node created and committed meanwhile")
    void aNodeThatSawNoAlarmDoesNotOverwriteOneCommittedMeanwhile() throws Exception {
        AlarmKey key = new AlarmKey(AlarmType.CLIENT_DISCONNECTED, "i-1", null);
        CountDownLatch bRead = new CountDownLatch(1);
        CountDownLatch aCommitted = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<Void> late = CompletableFuture.runAsync(() -> open(b.alarms(), key, runs, () -> {
            bRead.countDown();
            // node b saves what it decided from "no alarm" only after node a committed
            Await.latch("node a committed", aCommitted);
        }), threads);
        Await.latch("node b looked the alarm up", bRead);
        open(a.alarms(), key, new AtomicInteger(2), () -> { });
        aCommitted.countDown();
        late.get(Await.HANG.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(runs.get()).as("node b ran its change again").isEqualTo(2);
        assertThat(a.alarms().find(key).orElseThrow().occurrences()).isEqualTo(2);
    }

    /** Opens or counts the key's alarm; {@code afterRead} runs after the first two runs' look-up. */
    private static void open(AlarmStore store, AlarmKey key, AtomicInteger runs, Runnable afterRead) {
        store.atomically(key, () -> {
            OpenAlarm existing = store.find(key).orElse(null);
            if (runs.incrementAndGet() <= 2) {
                afterRead.run();
            }
            store.save(existing == null ? OpenAlarm.pending(key, T0, null, T0.plusSeconds(60))
                    : existing.counted(null));
            return null;
        });
    }
}
