package io.backupalarm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.backupalarm.config.Account;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.delivery.Notification;
import io.backupalarm.delivery.NotificationItem;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.lifecycle.AlarmState;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.ManualTime;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.testkit.RecordingChannel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A storage server's outage seen by two nodes sharing one PostgreSQL database, with the default
 * settings (grace period one hour, groups collecting for 30 seconds): 10,000 backup clients of 50
 * accounts disconnect within 20 seconds, half of them reported on each node. An hour later both
 * nodes sweep every second at the same moment, and each account's email address and mobile
 * receive exactly one message each, listing all of the account's 200 alarms. Each node has a pool
 * of its own and a clock the test moves; the counts and the time each phase took are printed.
 */
final class StormTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int CLIENTS = 10_000;
    private static final int ACCOUNTS = 50;
    private static final int PER_ACCOUNT = CLIENTS / ACCOUNTS;
    private static final Duration SPREAD = Duration.ofSeconds(20);
    private static final AlarmSettings SETTINGS = AlarmSettings.ofDefaults();
    /** Longer than the timeline: a live node's claim never runs out, so a second send is a bug. */
    private static final Duration LEASE = Duration.ofHours(6);

    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private final List<AutoCloseable> closing = new ArrayList<>();

    /** One node: its pool, store, engine, clock and channels. */
    private record Node(String name, JdbcStore store, AlarmEngine engine, ManualClock clock, RecordingChannel email,
                        RecordingChannel sms) {

        List<OutboundMessage> sent() {
            return Stream.concat(email.sent().stream(), sms.sent().stream()).map(RecordingChannel.Sent::message)
                    .toList();
        }
    }

    @AfterEach
    void stop() throws Exception {
        threads.shutdownNow();
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    @Test
    @DisplayName("10,000 clients disconnect within 20 s on two nodes: each recipient gets exactly one message per channel")
    void tenThousandDisconnectsOnTwoNodes() throws Exception {
        DataSource database = TestDatabases.postgres();
        seed(TestDatabases.migrated(database), database);
        List<Node> nodes = List.of(node("node-a", database), node("node-b", database));
        Duration grace = SETTINGS.disconnectGracePeriod();
        Duration wait = SETTINGS.groupWait();
        long start = System.nanoTime();

        // Client i disconnects at T0 + i * 2 ms; node k of 2 reports every other one, second by second.
        long step = SPREAD.toMillis() / CLIENTS;
        onBothAtOnce(nodes, (k, node) -> {
            for (int second = 0; second < SPREAD.toSeconds(); second++) {
                node.clock().set(T0.plusSeconds(second));
                for (int i = second * 1000 / (int) step + k; i < (second + 1) * 1000 / (int) step; i += 2) {
                    node.engine().report(new AlarmEvent.ClientDisconnected(instance(i), T0.plusMillis(i * step)));
                }
            }
        });
        long reported = System.nanoTime();

        // An hour later the alarms fall due over 20 s: both nodes sweep every second, at the same moment.
        CyclicBarrier together = new CyclicBarrier(2);
        onBothAtOnce(nodes, (k, node) -> {
            for (int second = 0; second <= SPREAD.toSeconds(); second++) {
                Await.barrier("the other node's sweep", together);
                node.clock().set(T0.plus(grace).plusSeconds(second));
                ManualTime.of(node.engine()).runDue();
            }
        });
        long fired = System.nanoTime();
        assertThat(sent(nodes)).as("sent while the groups collect").isEmpty();

        // The groups close 30 s after their first alarm; both nodes send what is due, at the same moment.
        onBothAtOnce(nodes, (k, node) -> ManualTime.of(node.engine()).advanceTo(
                T0.plus(grace).plus(SPREAD).plus(wait)));
        long sentAt = System.nanoTime();

        List<OutboundMessage> all = sent(nodes);
        Map<String, Long> byChannel = all.stream().collect(Collectors.groupingBy(OutboundMessage::channel,
                Collectors.counting()));
        Map<String, Long> perRecipient = all.stream().collect(Collectors.groupingBy(
                m -> m.channel() + ":" + m.address(), Collectors.counting()));
        long firedA = nodes.get(0).engine().metrics().fired();
        long firedB = nodes.get(1).engine().metrics().fired();
        System.out.printf(Locale.ROOT, "Storm: %d disconnects within %d s on 2 nodes sharing PostgreSQL (%d accounts); "
                        + "fired by node-a %d, by node-b %d; messages %d (email %d, SMS %d), %d recipient(s) with "
                        + "other than one; sent by node-a %d, by node-b %d; took %.1f s (reports %.1f s, firing %.1f s, "
                        + "sending %.1f s)%n",
                CLIENTS, SPREAD.toSeconds(), ACCOUNTS, firedA, firedB, all.size(),
                byChannel.getOrDefault(Channel.EMAIL, 0L), byChannel.getOrDefault(Channel.SMS, 0L),
                perRecipient.values().stream().filter(count -> count != 1).count(), nodes.get(0).sent().size(),
                nodes.get(1).sent().size(), seconds(start, sentAt), seconds(start, reported), seconds(reported, fired),
                seconds(fired, sentAt));

        assertThat(firedA + firedB).isEqualTo(CLIENTS);
        assertThat(perRecipient).hasSize(2 * ACCOUNTS).allSatisfy((recipient, count) ->
                assertThat(count).as("messages to %s", recipient).isEqualTo(1));
        assertThat(byChannel).containsEntry(Channel.EMAIL, (long) ACCOUNTS).containsEntry(Channel.SMS, (long) ACCOUNTS);
        assertThat(all).extracting(OutboundMessage::idempotencyKey).doesNotHaveDuplicates();
        assertThat(all).allSatisfy(message -> {
            assertThat(message.kind()).isEqualTo(OutboundMessage.Kind.GROUPED);
            assertThat(message.data()).containsEntry(OutboundMessage.DataKeys.COUNT, Integer.toString(PER_ACCOUNT));
        });

        JdbcStore store = nodes.get(0).store();
        assertThat(store.outbox().withStatus(Notification.Status.PENDING)).isEmpty();
        List<Notification> outcomes = store.outbox().withStatus(Notification.Status.SENT);
        assertThat(outcomes).hasSize(2 * ACCOUNTS).allSatisfy(message -> {
            assertThat(message.attempts()).isEqualTo(1);
            List<String> instances = message.items().stream().map(NotificationItem::instance).toList();
            assertThat(instances).hasSize(PER_ACCOUNT).doesNotHaveDuplicates()
                    .allSatisfy(i -> assertThat(account(Integer.parseInt(i.substring(2)))).isEqualTo(message.account()));
            assertThat(message.items()).extracting(NotificationItem::kind).containsOnly(OutboundMessage.Kind.FIRING);
        });
        List<OpenAlarm> open = store.alarms().all();
        assertThat(open).hasSize(CLIENTS).allSatisfy(alarm -> {
            assertThat(alarm.state()).isEqualTo(AlarmState.FIRING);
            assertThat(alarm.announcedAt()).isEqualTo(alarm.firedAt());
        });
    }

    private static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }

    private static String instance(int i) {
        return String.format(Locale.ROOT, "i-%05d", i);
    }

    /** Clients are dealt out to the accounts in turn, so every account's disconnections span the 20 s. */
    private static String account(int client) {
        return String.format(Locale.ROOT, "acct-%02d", client % ACCOUNTS);
    }

    /**
     * The accounts (an email address and a mobile each) and their vaults through the admin; the
     * 10,000 instances, which the admin would create one transaction at a time, in one batch.
     */
    private static void seed(JdbcStore store, DataSource database) throws SQLException {
        ConfigurationAdmin admin = ConfigurationAdmin.on(store.configuration());
        for (int a = 0; a < ACCOUNTS; a++) {
            String id = account(a);
            admin.createAccount(new Account(id, EmailAddress.of("ops-" + a + "@example.com"),
                    MobileNumber.of(String.format(Locale.ROOT, "+86139001390%02d", a))));
            admin.createVault(new Vault("v-" + id, id, VaultAlarmPolicy.DEFAULT));
        }
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO ba_instance (id, vault_id, policy_mode) VALUES (?, ?, 'SAME_AS_VAULT')")) {
            for (int i = 0; i < CLIENTS; i++) {
                insert.setString(1, instance(i));
                insert.setString(2, "v-" + account(i));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private Node node(String name, DataSource database) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestPostgres.url(database));
        config.setPoolName(name);
        config.setMaximumPoolSize(4);
        HikariDataSource pool = new HikariDataSource(config);
        closing.add(pool);
        JdbcStore store = JdbcStore.builder(pool).nodeId(name).claimLease(LEASE).build();
        ManualClock clock = new ManualClock(T0);
        RecordingChannel email = new RecordingChannel(Channel.EMAIL, clock);
        RecordingChannel sms = new RecordingChannel(Channel.SMS, clock);
        AlarmEngine engine = AlarmEngine.builder()
                .configuration(store.configuration())
                .alarmStore(store.alarms())
                .outbox(store.outbox())
                .silences(store.silences())
                .manualTime(clock)
                .settings(SETTINGS)
                .channel(email)
                .channel(sms)
                .build();
        closing.add(0, engine); // engines close before their pools
        return new Node(name, store, engine, clock, email, sms);
    }

    private static List<OutboundMessage> sent(List<Node> nodes) {
        return nodes.stream().flatMap(node -> node.sent().stream()).toList();
    }

    /** Runs work for each node (with its index), each on a thread of its own, let go at the same moment. */
    private void onBothAtOnce(List<Node> nodes, BiConsumer<Integer, Node> work) throws Exception {
        CyclicBarrier go = new CyclicBarrier(nodes.size());
        List<Future<?>> done = new ArrayList<>();
        for (int k = 0; k < nodes.size(); k++) {
            int index = k;
            done.add(threads.submit(() -> {
                Await.barrier("both nodes are ready", go);
                work.accept(index, nodes.get(index));
                return null;
            }));
        }
        for (Future<?> node : done) {
            node.get(Await.HANG.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
