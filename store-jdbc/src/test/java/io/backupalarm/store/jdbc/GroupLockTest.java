package io.backupalarm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.delivery.Notification;
import io.backupalarm.delivery.NotificationItem;
import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.spi.OutboundMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The per-recipient group lock between two nodes on one PostgreSQL database: while one node's
 * alarm transaction holds a recipient (it looked for the recipient's group and is about to open
 * one), another node's look waits, at the database, and then finds the group the first one opened:
 * one group, never two. Latches in the first node's transaction force the interleaving. Each test
 * runs for a recipient's first group (its row is created, and the creation is the lock) and for a
 * recipient that had a group before (its row is there, and locked).
 */
final class GroupLockTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ACCOUNT = "acct-1";
    private static final String ADDRESS = "ops@example.com";

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private DataSource database;
    private JdbcStore nodeA;
    private JdbcStore nodeB;

    @BeforeEach
    void nodes() {
        database = TestDatabases.postgres();
        nodeA = JdbcStore.builder(database).nodeId("node-a").build().migrate();
        nodeB = JdbcStore.builder(database).nodeId("node-b").build();
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private static AlarmKey key(String instance) {
        return new AlarmKey(AlarmType.CLIENT_DISCONNECTED, instance, null);
    }

    private static NotificationItem item(String instance, Instant at) {
        return new NotificationItem("n-" + instance, OutboundMessage.Kind.FIRING, AlarmType.CLIENT_DISCONNECTED,
                instance, "v-1", null, null, 1, T0, at, null);
    }

    private static Notification group(String key, NotificationItem first) {
        OutboundMessage message = new OutboundMessage(key, "email", ADDRESS, OutboundMessage.Kind.FIRING,
                Locale.ENGLISH, "subject", "text", Map.of());
        return Notification.of(message, ACCOUNT, List.of(first), first.at(), first.at().plus(WAIT));
    }

    /**
     * Node A, in an alarm transaction: finds no group for the recipient, signals, waits to be let
     * go, then opens group {@code g-a} and commits.
     */
    private Future<?> nodeAOpensAGroupWhenLetGo(CountDownLatch looked, CountDownLatch letGo) {
        return threads.submit(() -> nodeA.alarms().atomically(key("i-a"), () -> {
            assertThat(nodeA.outbox().openGroup(ACCOUNT, "email", ADDRESS, T0)).isEmpty();
            looked.countDown();
            Await.latch("the test lets node A go on", letGo);
            assertThat(nodeA.outbox().add(group("g-a", item("i-a", T0)))).isTrue();
            return null;
        }));
    }

    /** A group the recipient had before, sent long ago: its row in ba_outbox_recipient exists. */
    private void aGroupBefore(boolean hadAGroup) {
        if (hadAGroup) {
            Notification old = group("g-old", item("i-old", T0.minus(Duration.ofHours(1))));
            nodeA.outbox().add(old);
            nodeA.outbox().update(old.sent("r-old", T0.minus(Duration.ofMinutes(59))));
        }
    }

    @ParameterizedTest(name = "the recipient had a group before: {0}")
    @ValueSource(booleans = {true, false})
    @DisplayName("a change on node B looking for the recipient's group waits for node A's, then joins the group A opened")
    void aChangeWaitsForTheRecipientAndJoinsTheGroup(boolean hadAGroup) throws Exception {
        aGroupBefore(hadAGroup);
        CountDownLatch looked = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        Future<?> first = nodeAOpensAGroupWhenLetGo(looked, letGo);
        Await.latch("node A looked for the recipient's group", looked);
        Future<Optional<String>> second = threads.submit(() -> nodeB.alarms().atomically(key("i-b"), () -> {
            Optional<String> open = nodeB.outbox().openGroup(ACCOUNT, "email", ADDRESS, T0.plusSeconds(1));
            open.ifPresent(g -> assertThat(nodeB.outbox().addToGroup(g, item("i-b", T0.plusSeconds(1)))).isTrue());
            return open;
        }));

        // Either the database reports node B waiting for a lock, or (without the lock) B ends at
        // once, having found no group.
        Await.until("node B waits for a lock or ends",
                () -> second.isDone() || TestDatabases.aSessionWaitsForALock(database));
        assertThat(second).as("node B, ended while node A holds the recipient").isNotDone();
        letGo.countDown();
        first.get(Await.HANG.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(second.get(Await.HANG.toMillis(), TimeUnit.MILLISECONDS)).contains("g-a");
        assertThat(nodeA.outbox().find("g-a").orElseThrow().items()).extracting(NotificationItem::instance)
                .containsExactly("i-a", "i-b");
    }

    @ParameterizedTest(name = "the recipient had a group before: {0}")
    @ValueSource(booleans = {true, false})
    @DisplayName("a sweep on node B that meets the group node A opened after its snapshot runs that alarm again, and joins it")
    void aSweepThatMeetsANewGroupRunsTheAlarmAgainAndJoins(boolean hadAGroup) throws Exception {
        aGroupBefore(hadAGroup);
        Instant due = T0.plusSeconds(5);
        nodeA.alarms().save(OpenAlarm.pending(key("i-b"), T0, null, due));
        CountDownLatch looked = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        Future<?> first = nodeAOpensAGroupWhenLetGo(looked, letGo);
        Await.latch("node A looked for the recipient's group", looked);
        List<Optional<String>> runs = new ArrayList<>();
        Future<Integer> sweep = threads.submit(() -> nodeB.alarms().forEachDue(due, 10, alarm -> {
            Optional<String> open = nodeB.outbox().openGroup(ACCOUNT, "email", ADDRESS, due);
            runs.add(open);
            assertThat(open).as("the group node A opened").isPresent();
            assertThat(nodeB.outbox().addToGroup(open.get(), item("i-b", due))).isTrue();
            nodeB.alarms().remove(alarm.key());
        }));

        Await.until("node B's sweep waits for a lock or ends",
                () -> sweep.isDone() || TestDatabases.aSessionWaitsForALock(database));
        assertThat(sweep).as("node B's sweep, ended while node A holds the recipient").isNotDone();
        letGo.countDown();
        first.get(Await.HANG.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(sweep.get(Await.HANG.toMillis(), TimeUnit.MILLISECONDS)).as("alarms handled").isEqualTo(1);
        assertThat(runs).as("what each run of the alarm found").last().isEqualTo(Optional.of("g-a"));
        assertThat(nodeA.outbox().find("g-a").orElseThrow().items()).extracting(NotificationItem::instance)
                .containsExactly("i-a", "i-b");
        assertThat(nodeA.outbox().withStatus(Notification.Status.PENDING)).extracting(Notification::key)
                .containsExactly("g-a");
        assertThat(nodeA.alarms().all()).isEmpty();
    }
}
