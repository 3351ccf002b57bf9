package io.backupalarm.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.delivery.Notification;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmListener;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.lifecycle.EngineMetrics;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.spi.Channel;
import io.backupalarm.store.jdbc.Cluster;
import io.backupalarm.store.jdbc.JdbcStore;
import io.backupalarm.store.jdbc.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Events per second and notifications per second of engines on the PostgreSQL store, with one and
 * two nodes, against the bare statements the store must run at least, on the same kind of server.
 *
 * <p><b>Server.</b> Each JMH fork starts one throwaway PostgreSQL with store-jdbc's
 * {@code TestPostgres} (from its test-jar): the newest {@code /usr/lib/postgresql/<version>/bin},
 * on 127.0.0.1, with durability off ({@code fsync}, {@code synchronous_commit},
 * {@code full_page_writes}; on with {@code -Dbackupalarm.pg.durable=true}), or the server in
 * {@code BACKUP_ALARM_PG_URL} if set. The fork's
 * database is migrated and seeded by {@code Cluster.seed} (one account, three verified contacts
 * with email and mobile, vault {@code v-1} naming them, so every alarm tells 6 recipients) plus
 * the {@value #INSTANCES} instances {@code b-0000}... of this benchmark in the same vault.
 *
 * <p><b>Nodes.</b> A node is one {@link JdbcStore} and one {@link AlarmEngine} (real clock, default
 * delivery settings: 2 sender threads; groups off, so that each alarm tells each recipient in a
 * message of its own) on a HikariCP pool of its own with
 * {@value #POOL_SIZE} connections (sender threads + 2, as {@link JdbcStore} asks), and channels
 * that accept every message at once ({@link CountingChannel}).
 *
 * <ul>
 *   <li>{@code events1Node}, {@code events2Nodes}: each benchmark thread is a node and reports, for
 *       the next of its own instances (node {@code k} of {@code n} takes every {@code n}-th), a
 *       {@code ClientDisconnected} then a {@code ClientConnected} at {@link Instant#now()}: the
 *       alarm is created, then cancelled (grace period one hour, so nothing fires). Score: events
 *       per second, all threads together.
 *   <li>{@code bareEvents1Thread}, {@code bareEvents2Threads}: what such a pair must do at least,
 *       per thread: one {@code INSERT} of a {@code ba_alarm} row shaped as the store writes a
 *       pending alarm and one {@code DELETE} of it, autocommit, on one connection borrowed from the
 *       thread's own pool for the pair. Two statements count as two events.
 *   <li>{@code notifications} ({@code nodes} = 1, 2): before each batch, outside the measurement,
 *       the tables of alarms and notifications are emptied and {@value #ALARMS} alarms are opened
 *       (an engine on a {@link ManualClock} an hour back, on the same store) so that they are
 *       already due. The measurement starts the nodes' engines, whose schedulers find the due
 *       alarms at once, fire them, and send their {@value #NOTIFICATIONS} notifications; it ends
 *       when every one of them has been recorded {@code SENT} in the outbox (counted by
 *       {@link AlarmListener#onDelivered}, which the engine calls after that write). Teardown
 *       checks the outbox and prints, per batch, how many alarms and notifications each node
 *       handled and when the last alarm's firing had committed.
 *   <li>{@code bareNotifications} ({@code nodes} = 1, 2): what each notification needs at least:
 *       one {@code INSERT} of a {@code ba_outbox} row of the engine's size and one {@code UPDATE}
 *       of it to {@code SENT}, autocommit, for the same {@value #NOTIFICATIONS} notifications,
 *       shared by {@code nodes} threads, each on a connection of its own pool.
 * </ul>
 *
 * <p>Run (about 2.5 minutes on 2 cores):
 * {@code java -jar benchmarks/target/benchmarks.jar PostgresStoreBenchmark -f 1 -wi 2 -i 3}
 *
 * <p>JMH runs each benchmark in a fork of its own, so the baseline and the store are measured a
 * minute or so apart, each on its own fresh server. On a machine whose load changes meanwhile,
 * {@link #main(String[])} gives the better ratios: the same measurements in one JVM on one
 * server, baseline and store in turns, round by round (about 1.5 minutes):
 * {@code java -cp benchmarks/target/benchmarks.jar io.backupalarm.benchmarks.PostgresStoreBenchmark}.
 * It ends with the ratio of two nodes' notification rate to one node's, round by round, the
 * durability and the load average.
 *
 * <p>Not thread-safe beyond what JMH asks: shared state is per benchmark, nodes are per thread.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PostgresStoreBenchmark {

    /** Instances of this benchmark, all in the vault that {@code Cluster.seed} creates. */
    static final int INSTANCES = 2_000;
    static final String ACCOUNT = "acct-1";
    static final String VAULT = "v-1";
    /** Alarms falling due at once in one notifications batch. */
    static final int ALARMS = 1_000;
    static final int NOTIFICATIONS = ALARMS * Cluster.RECIPIENTS;
    /** Default sender threads (2) plus the two connections a firing alarm holds. */
    static final int POOL_SIZE = 4;
    /** Long enough that no alarm of the events benchmark fires. */
    static final Duration EVENTS_GRACE = Duration.ofHours(1);
    static final Duration BURST_GRACE = Duration.ofMinutes(10);
    /**
     * Sizes of the baseline's outbox rows, in characters: those of the engine's {@code FIRING}
     * notifications of this configuration (idempotency key 44, subject 49, body 135 by email and
     * 78 by SMS, data 105, receipt 5; read from the outbox after a firing).
     */
    static final int SUBJECT_CHARS = 49;
    static final int BODY_CHARS = 107;
    static final int DATA_CHARS = 105;
    static final int RECEIPT_CHARS = 5;
    /** A batch that takes longer than this is a failure, not a result. */
    static final Duration BATCH_LIMIT = Duration.ofMinutes(2);

    static final String INSERT_ALARM = "INSERT INTO ba_alarm (alarm_type, instance_id, job, state, opened_at, "
            + "occurrences, message, next_due, fired_at, repeats, recipients, vault_id, account_id) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String DELETE_ALARM = "DELETE FROM ba_alarm WHERE alarm_type = ? AND instance_id = ? AND job = ?";
    static final String INSERT_NOTIFICATION = "INSERT INTO ba_outbox (idempotency_key, channel, address, kind, "
            + "locale, subject, body, data, alarm_type, instance_id, vault_id, account_id, created_at, status, "
            + "attempts, next_attempt_at, last_error, receipt, finished_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String NOTIFICATION_SENT = "UPDATE ba_outbox SET status = 'SENT', attempts = ?, "
            + "next_attempt_at = NULL, receipt = ?, finished_at = ? WHERE idempotency_key = ?";

    /** Creates the benchmark; JMH calls this. */
    public PostgresStoreBenchmark() {
    }

    static String instanceId(int n) {
        return String.format(Locale.ROOT, "b-%04d", n);
    }

    /** A pool of {@value #POOL_SIZE} connections to the fork's database. */
    static HikariDataSource pool(String url, String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName(name);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(POOL_SIZE);
        return new HikariDataSource(config);
    }

    /** One node: a store and an engine (real clock) on its own pool, with channels that accept at once. */
    static AlarmEngine engine(JdbcStore store, Duration grace, AlarmListener listener) {
        AlarmEngine.Builder builder = AlarmEngine.builder()
                .configuration(store.configuration())
                .alarmStore(store.alarms())
                .outbox(store.outbox())
                .settings(settings(grace))
                .channel(new CountingChannel(Channel.EMAIL))
                .channel(new CountingChannel(Channel.SMS));
        if (listener != null) {
            builder.listener(listener);
        }
        return builder.build();
    }

    /**
     * The settings of both benchmarks: {@code Cluster}'s with groups off, so that each alarm tells
     * each recipient in a message of its own (what the baseline writes, row for row).
     */
    static AlarmSettings settings(Duration grace) {
        return AlarmSettings.from(Cluster.settings(grace)).groupWait(Duration.ZERO).build();
    }

    static void execute(DataSource dataSource, String statement) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement + ": " + e.getMessage(), e);
        }
    }

    static long count(DataSource dataSource, String query) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rows = st.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(query + ": " + e.getMessage(), e);
        }
    }

    static void bind(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            if (value instanceof Instant instant) {
                statement.setObject(i + 1, instant.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
            } else if (value == null) {
                statement.setNull(i + 1, Types.NULL);
            } else {
                statement.setObject(i + 1, value);
            }
        }
    }

    /** The fork's database: migrated and seeded once, shared by every node of the fork. */
    @State(Scope.Benchmark)
    public static class Database {
        DataSource dataSource;
        String url;

        /** Creates the state; JMH calls this. */
        public Database() {
        }

        /** Starts the server (once per JVM), creates, migrates and seeds the database. */
        @Setup(Level.Trial)
        public void create() {
            dataSource = TestPostgres.newDatabase();
            url = TestPostgres.url(dataSource);
            JdbcStore store = JdbcStore.builder(dataSource).build().migrate();
            Cluster.seed(store.configuration());
            store.configuration().write(ACCOUNT, repos -> {
                for (int i = 0; i < INSTANCES; i++) {
                    repos.instances().save(new Instance(instanceId(i), VAULT, InstanceAlarmPolicy.SAME_AS_VAULT));
                }
                return null;
            });
        }
    }

    /** A node reporting events: one per benchmark thread, each with its own pool, store and engine. */
    @State(Scope.Thread)
    public static class EventNode {
        HikariDataSource pool;
        AlarmEngine engine;
        String[] ids;
        int next;
        long pairs;

        /** Creates the state; JMH calls this. */
        public EventNode() {
        }

        /**
         * Starts the node and picks its instances.
         *
         * @param database the fork's database
         * @param thread which thread of how many
         */
        @Setup(Level.Trial)
        public void start(Database database, ThreadParams thread) {
            start(database, thread.getThreadIndex(), thread.getThreadCount());
        }

        void start(Database database, int index, int count) {
            String name = "node-" + index;
            pool = pool(database.url, name);
            engine = engine(JdbcStore.builder(pool).nodeId(name).build(), EVENTS_GRACE, null);
            ids = mine(index, count);
        }

        void pair() {
            String id = ids[next];
            next = next + 1 == ids.length ? 0 : next + 1;
            engine.report(new AlarmEvent.ClientDisconnected(id, Instant.now()));
            engine.report(new AlarmEvent.ClientConnected(id, Instant.now()));
            pairs++;
        }

        /** Checks that every pair opened and cancelled its alarm, and nothing fired; stops the node. */
        @TearDown(Level.Trial)
        public void stop() {
            try {
                EngineMetrics m = engine.metrics();
                if (m.cancelled() != pairs || m.fired() != 0) {
                    throw new IllegalStateException("expected " + pairs + " cancelled and none fired: " + m);
                }
            } finally {
                engine.close();
                pool.close();
            }
        }
    }

    /** The instances of thread k of n: every n-th, from k. */
    static String[] mine(int index, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = index; i < INSTANCES; i += count) {
            ids.add(instanceId(i));
        }
        return ids.toArray(String[]::new);
    }

    /** The baseline of the events benchmark: one thread with its own pool and the same instances. */
    @State(Scope.Thread)
    public static class BareEvents {
        HikariDataSource pool;
        String[] ids;
        int next;

        /** Creates the state; JMH calls this. */
        public BareEvents() {
        }

        /**
         * Opens the thread's pool.
         *
         * @param database the fork's database
         * @param thread which thread of how many
         */
        @Setup(Level.Trial)
        public void start(Database database, ThreadParams thread) {
            start(database, thread.getThreadIndex(), thread.getThreadCount());
        }

        void start(Database database, int index, int count) {
            pool = pool(database.url, "bare-" + index);
            ids = mine(index, count);
        }

        void pair() throws SQLException {
            String id = ids[next];
            next = next + 1 == ids.length ? 0 : next + 1;
            Instant now = Instant.now();
            try (Connection c = pool.getConnection()) {
                try (PreparedStatement insert = c.prepareStatement(INSERT_ALARM)) {
                    bind(insert, "CLIENT_DISCONNECTED", id, "", "PENDING", now, 1, null, now.plus(EVENTS_GRACE),
                            null, 0, "", null, null);
                    insert.executeUpdate();
                }
                try (PreparedStatement delete = c.prepareStatement(DELETE_ALARM)) {
                    bind(delete, "CLIENT_DISCONNECTED", id, "");
                    if (delete.executeUpdate() != 1) {
                        throw new IllegalStateException("the row of " + id + " was not there to delete");
                    }
                }
            }
        }

        /** Closes the pool. */
        @TearDown(Level.Trial)
        public void stop() {
            pool.close();
        }
    }

    /**
     * Events through one node (one thread).
     *
     * @param node this thread's node
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(2)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 3, time = 3)
    @Threads(1)
    public void events1Node(EventNode node) {
        node.pair();
    }

    /**
     * Events through two nodes (two threads, each its own node), on one database.
     *
     * @param node this thread's node
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(2)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 3, time = 3)
    @Threads(2)
    public void events2Nodes(EventNode node) {
        node.pair();
    }

    /**
     * Baseline of {@link #events1Node}: INSERT and DELETE of an alarm row, one thread.
     *
     * @param bare this thread's pool
     * @throws SQLException if a statement fails
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(2)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 3, time = 3)
    @Threads(1)
    public void bareEvents1Thread(BareEvents bare) throws SQLException {
        bare.pair();
    }

    /**
     * Baseline of {@link #events2Nodes}: INSERT and DELETE of an alarm row, two threads.
     *
     * @param bare this thread's pool
     * @throws SQLException if a statement fails
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(2)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 3, time = 3)
    @Threads(2)
    public void bareEvents2Threads(BareEvents bare) throws SQLException {
        bare.pair();
    }

    /** {@value #ALARMS} due alarms and the nodes that will fire them and send their notifications. */
    @State(Scope.Benchmark)
    public static class Burst {
        /** How many nodes share the batch. */
        @Param({"1", "2"})
        public int nodes;

        DataSource admin;
        HikariDataSource[] pools;
        JdbcStore[] stores;
        AlarmEngine[] engines;
        volatile CountDownLatch recorded;
        final AtomicInteger fired = new AtomicInteger();
        volatile long startNanos;
        volatile long firedNanos;
        volatile long doneNanos;
        /** Per batch: alarms fired and notifications sent by each node, and when firing and sending ended. */
        final List<String> batches = new ArrayList<>();

        /** Creates the state; JMH calls this. */
        public Burst() {
        }

        /**
         * Opens the nodes' pools and builds their stores (the engines start in the measurement).
         *
         * @param database the fork's database
         */
        @Setup(Level.Trial)
        public void setUp(Database database) {
            admin = database.dataSource;
            pools = new HikariDataSource[nodes];
            stores = new JdbcStore[nodes];
            for (int k = 0; k < nodes; k++) {
                pools[k] = pool(database.url, "node-" + k);
                stores[k] = JdbcStore.builder(pools[k]).nodeId("node-" + k).build();
            }
        }

        /** Empties alarms and outbox and opens the alarms, already due (not measured). */
        @Setup(Level.Invocation)
        public void arm() {
            execute(admin, "TRUNCATE ba_alarm, ba_outbox, ba_outbox_item, ba_outbox_recipient");
            Instant then = Instant.now().minus(Duration.ofHours(1));
            try (AlarmEngine opener = AlarmEngine.builder()
                    .configuration(stores[0].configuration())
                    .alarmStore(stores[0].alarms())
                    .outbox(stores[0].outbox())
                    .settings(settings(BURST_GRACE))
                    .manualTime(new ManualClock(then))
                    .build()) {
                for (int i = 0; i < ALARMS; i++) {
                    opener.report(new AlarmEvent.ClientDisconnected(instanceId(i), then));
                }
            }
            recorded = new CountDownLatch(NOTIFICATIONS);
            fired.set(0);
            engines = new AlarmEngine[nodes];
        }

        void fireAndSend() throws InterruptedException {
            startNanos = System.nanoTime();
            AlarmListener listener = new AlarmListener() {
                @Override
                public void onFired(OpenAlarm alarm) {
                    // Called once the transaction that fired the alarm has committed.
                    if (fired.incrementAndGet() == ALARMS) {
                        firedNanos = System.nanoTime();
                    }
                }

                @Override
                public void onDelivered(Notification notification) {
                    recorded.countDown();
                }
            };
            for (int k = 0; k < nodes; k++) {
                engines[k] = engine(stores[k], BURST_GRACE, listener);
            }
            if (!recorded.await(BATCH_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(recorded.getCount() + " of " + NOTIFICATIONS
                        + " notifications not recorded SENT after " + BATCH_LIMIT);
            }
            doneNanos = System.nanoTime();
        }

        /** Stops the nodes, checks the outbox and notes each node's share. */
        @TearDown(Level.Invocation)
        public void stop() {
            long[] sent = new long[nodes];
            long[] firedBy = new long[nodes];
            for (int k = 0; k < nodes; k++) {
                if (engines[k] != null) {
                    EngineMetrics m = engines[k].metrics();
                    sent[k] = m.sent();
                    firedBy[k] = m.fired();
                    engines[k].close();
                }
            }
            long recordedSent = count(admin, "SELECT COUNT(*) FROM ba_outbox WHERE status = 'SENT'");
            long firing = count(admin, "SELECT COUNT(*) FROM ba_alarm WHERE state = 'FIRING'");
            if (recordedSent != NOTIFICATIONS || firing != ALARMS || Arrays.stream(sent).sum() != NOTIFICATIONS) {
                throw new IllegalStateException("expected " + NOTIFICATIONS + " sent once and " + ALARMS
                        + " alarms firing: outbox " + recordedSent + " SENT, " + firing + " FIRING, sent by node "
                        + Arrays.toString(sent));
            }
            batches.add(String.format(Locale.ROOT, "fired %s sent %s, all fired at %d ms, all SENT at %d ms",
                    Arrays.toString(firedBy), Arrays.toString(sent), (firedNanos - startNanos) / 1_000_000,
                    (doneNanos - startNanos) / 1_000_000));
        }

        /** Prints how each batch was shared between the nodes and when its firing ended; closes the pools. */
        @TearDown(Level.Trial)
        public void close() {
            System.out.println();
            System.out.println("Batches with " + nodes + " node(s), alarms and notifications per node:");
            batches.forEach(b -> System.out.println("  " + b));
            for (HikariDataSource pool : pools) {
                pool.close();
            }
        }
    }

    /** The baseline of the notifications benchmark: one pool and one thread per node. */
    @State(Scope.Benchmark)
    public static class BareBurst {
        /** How many threads share the batch. */
        @Param({"1", "2"})
        public int nodes;

        DataSource admin;
        HikariDataSource[] pools;
        ExecutorService threads;
        String body;
        String subject;
        String data;
        String receipt;
        /** Keys shaped as the engine's: 44 characters of Base64 of a SHA-256, so inserts land all over the index. */
        String[] keys;

        /** Creates the state; JMH calls this. */
        public BareBurst() {
        }

        /**
         * Opens the pools and starts the threads.
         *
         * @param database the fork's database
         */
        @Setup(Level.Trial)
        public void setUp(Database database) {
            admin = database.dataSource;
            pools = new HikariDataSource[nodes];
            for (int k = 0; k < nodes; k++) {
                pools[k] = pool(database.url, "bare-" + k);
            }
            threads = Executors.newFixedThreadPool(nodes);
            subject = "x".repeat(SUBJECT_CHARS);
            body = "x".repeat(BODY_CHARS);
            data = "x".repeat(DATA_CHARS);
            receipt = "x".repeat(RECEIPT_CHARS);
            keys = new String[NOTIFICATIONS];
            try {
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                for (int n = 0; n < NOTIFICATIONS; n++) {
                    keys[n] = Base64.getEncoder().encodeToString(
                            sha256.digest(("bare-" + n).getBytes(StandardCharsets.UTF_8)));
                }
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Empties the outbox (not measured). */
        @Setup(Level.Invocation)
        public void empty() {
            execute(admin, "TRUNCATE ba_outbox, ba_outbox_item");
        }

        void insertAndUpdate() throws Exception {
            Instant at = Instant.now();
            List<Future<?>> done = new ArrayList<>();
            for (int k = 0; k < nodes; k++) {
                int node = k;
                done.add(threads.submit(() -> {
                    try (Connection c = pools[node].getConnection()) {
                        for (int n = node; n < NOTIFICATIONS; n += nodes) {
                            String key = keys[n];
                            String instance = instanceId(n / Cluster.RECIPIENTS);
                            try (PreparedStatement insert = c.prepareStatement(INSERT_NOTIFICATION)) {
                                bind(insert, key, Channel.EMAIL, "c1@example.com", "FIRING", "en", subject, body,
                                        data, "CLIENT_DISCONNECTED", instance, VAULT, ACCOUNT, at, "PENDING", 0, at,
                                        null, null, null);
                                insert.executeUpdate();
                            }
                            try (PreparedStatement sent = c.prepareStatement(NOTIFICATION_SENT)) {
                                bind(sent, 1, receipt, Instant.now(), key);
                                if (sent.executeUpdate() != 1) {
                                    throw new IllegalStateException("notification " + key + " not there to update");
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }

        /** Checks that every row was written and marked sent. */
        @TearDown(Level.Invocation)
        public void check() {
            long sent = count(admin, "SELECT COUNT(*) FROM ba_outbox WHERE status = 'SENT'");
            if (sent != NOTIFICATIONS) {
                throw new IllegalStateException("expected " + NOTIFICATIONS + " rows SENT, found " + sent);
            }
        }

        /** Stops the threads and closes the pools. */
        @TearDown(Level.Trial)
        public void close() {
            threads.shutdownNow();
            for (HikariDataSource pool : pools) {
                pool.close();
            }
        }
    }

    /**
     * {@value #ALARMS} due alarms fired and their {@value #NOTIFICATIONS} notifications sent and
     * recorded, by {@code nodes} nodes.
     *
     * @param burst the due alarms and the nodes
     * @return the engines
     * @throws InterruptedException if interrupted while waiting
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 3)
    public Object notifications(Burst burst) throws InterruptedException {
        burst.fireAndSend();
        return burst.engines;
    }

    /**
     * Baseline of {@link #notifications}: INSERT and UPDATE to SENT of {@value #NOTIFICATIONS}
     * outbox rows, by {@code nodes} threads.
     *
     * @param bare the pools and threads
     * @throws Exception if a statement fails
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 3)
    public void bareNotifications(BareBurst bare) throws Exception {
        bare.insertAndUpdate();
    }

    /** An operation of one thread of a throughput round: thread k of the round's threads. */
    @FunctionalInterface
    interface ThreadOp {
        void run(int thread) throws Exception;
    }

    /** Runs op on every thread until the deadline; returns the number of operations per second. */
    static double throughput(ExecutorService threads, int count, long millis, ThreadOp op) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Long>> done = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            int thread = k;
            done.add(threads.submit(() -> {
                go.await();
                long ops = 0;
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
                while (System.nanoTime() < end) {
                    op.run(thread);
                    ops++;
                }
                return ops;
            }));
        }
        long start = System.nanoTime();
        go.countDown();
        long ops = 0;
        for (Future<Long> f : done) {
            ops += f.get();
        }
        return ops * 1e9 / (System.nanoTime() - start);
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String summary(String what, List<Double> bare, List<Double> store, List<Double> ratios) {
        return String.format(Locale.ROOT, "%-26s bare %,7.0f/s  store %,6.0f/s  ratio: median %.1fx (rounds %s)",
                what, median(bare), median(store), median(ratios),
                ratios.stream().map(r -> String.format(Locale.ROOT, "%.1f", r)).toList());
    }

    /**
     * The same measurements without JMH, in one JVM on one server, baseline and store in turns:
     * every round measures both (which one goes first alternates), so a machine whose load
     * changes from minute to minute weighs on both alike, and the ratio of each round is a pair.
     * Round 0 warms up and is not counted. Prints every round and the medians.
     *
     * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.backupalarm.benchmarks.PostgresStoreBenchmark [rounds [millis]]}
     * (defaults: 5 rounds, 2,000 ms per events measurement)
     *
     * @param args rounds, and milliseconds per events measurement
     * @throws Exception if a measurement fails
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long millis = args.length > 1 ? Long.parseLong(args[1]) : 2_000;
        Database database = new Database();
        database.create();
        List<String> summaries = new ArrayList<>();
        for (int n = 1; n <= 2; n++) {
            int count = n;
            EventNode[] nodes = new EventNode[n];
            BareEvents[] bare = new BareEvents[n];
            for (int k = 0; k < n; k++) {
                nodes[k] = new EventNode();
                nodes[k].start(database, k, n);
                bare[k] = new BareEvents();
                bare[k].start(database, k, n);
            }
            ExecutorService threads = Executors.newFixedThreadPool(n);
            List<Double> bareRates = new ArrayList<>();
            List<Double> storeRates = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            try {
                for (int r = 0; r <= rounds; r++) {
                    double b;
                    double e;
                    if (r % 2 == 0) {
                        b = 2 * throughput(threads, count, millis, k -> bare[k].pair());
                        e = 2 * throughput(threads, count, millis, k -> nodes[k].pair());
                    } else {
                        e = 2 * throughput(threads, count, millis, k -> nodes[k].pair());
                        b = 2 * throughput(threads, count, millis, k -> bare[k].pair());
                    }
                    System.out.printf(Locale.ROOT, "events, %d node(s), round %d%s: bare %,.0f statements/s, store "
                            + "%,.0f events/s, ratio %.1fx%n", n, r, r == 0 ? " (warm-up)" : "", b, e, b / e);
                    if (r > 0) {
                        bareRates.add(b);
                        storeRates.add(e);
                        ratios.add(b / e);
                    }
                }
            } finally {
                threads.shutdownNow();
                for (int k = 0; k < n; k++) {
                    nodes[k].stop();
                    bare[k].stop();
                }
            }
            summaries.add(summary(String.format(Locale.ROOT, "events, %d node(s)", n), bareRates, storeRates, ratios));
        }
        List<List<Double>> burstRates = new ArrayList<>();
        for (int n = 1; n <= 2; n++) {
            Burst burst = new Burst();
            burst.nodes = n;
            burst.setUp(database);
            BareBurst bare = new BareBurst();
            bare.nodes = n;
            bare.setUp(database);
            List<Double> bareRates = new ArrayList<>();
            List<Double> storeRates = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            try {
                for (int r = 0; r <= rounds; r++) {
                    double b = 0;
                    double e = 0;
                    for (int turn = 0; turn < 2; turn++) {
                        if ((turn == 0) == (r % 2 == 0)) {
                            bare.empty();
                            long t0 = System.nanoTime();
                            bare.insertAndUpdate();
                            b = NOTIFICATIONS * 1e9 / (System.nanoTime() - t0);
                            bare.check();
                        } else {
                            burst.arm();
                            long t0 = System.nanoTime();
                            burst.fireAndSend();
                            e = NOTIFICATIONS * 1e9 / (System.nanoTime() - t0);
                            burst.stop();
                        }
                    }
                    System.out.printf(Locale.ROOT, "notifications, %d node(s), round %d%s: bare %,.0f/s, store "
                            + "%,.0f/s, ratio %.1fx; %s%n", n, r, r == 0 ? " (warm-up)" : "", b, e, b / e,
                            burst.batches.get(burst.batches.size() - 1));
                    if (r > 0) {
                        bareRates.add(b);
                        storeRates.add(e);
                        ratios.add(b / e);
                    }
                }
            } finally {
                bare.close();
                for (HikariDataSource pool : burst.pools) {
                    pool.close();
                }
            }
            summaries.add(summary(String.format(Locale.ROOT, "notifications, %d node(s)", n), bareRates, storeRates,
                    ratios));
            burstRates.add(storeRates);
        }
        List<Double> scaling = new ArrayList<>();
        for (int r = 0; r < burstRates.get(0).size(); r++) {
            scaling.add(burstRates.get(1).get(r) / burstRates.get(0).get(r));
        }
        System.out.println();
        System.out.println("Medians of " + rounds + " rounds (bare: statements/s for events, rows/s for notifications):");
        summaries.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "notifications, 2 nodes / 1 node: median %.2fx (rounds %s)%n", median(scaling),
                scaling.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList());
        System.out.println("Durability " + (Boolean.getBoolean(TestPostgres.DURABLE_PROPERTY) ? "on" : "off")
                + "; load average at the end " + String.format(Locale.ROOT, "%.2f",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    }
}
