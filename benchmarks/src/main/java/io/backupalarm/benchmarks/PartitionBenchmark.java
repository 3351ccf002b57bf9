package io.backupalarm.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.backupalarm.config.Account;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactGroup;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.delivery.Notification;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmListener;
import io.backupalarm.lifecycle.EngineMetrics;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.spi.Channel;
import io.backupalarm.store.jdbc.AccountPartitions;
import io.backupalarm.store.jdbc.JdbcStore;
import io.backupalarm.store.jdbc.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Does throughput add up when the accounts are split across two databases on two PostgreSQL
 * servers? Events per second and a burst of notifications, for one partition holding every
 * account (the baseline) and for two partitions with the accounts split by
 * {@link AccountPartitions}, in paired rounds; and the same for the bare statements, to show what
 * the machine itself allows.
 *
 * <p><b>Servers.</b> Two throwaway PostgreSQL servers of their own
 * ({@code TestPostgres.startOwnServer}, store-jdbc's test-jar), each on 127.0.0.1 with
 * {@code max_connections=200} and durability off ({@code fsync}, {@code synchronous_commit},
 * {@code full_page_writes}), or on with {@code --durable}. Server A holds database {@code one}
 * (every account: the single partition) and database {@code p0} (partition 0 of two); server B
 * holds {@code p1}. Each database is migrated and seeded with its accounts.
 *
 * <p><b>Accounts.</b> {@value #ACCOUNTS} accounts, the first ids {@code acct-NN} that
 * {@link AccountPartitions#partitionOf} puts in partition 0 of 2 and the first it puts in
 * partition 1, half each, so that both partitions carry the same load. Each account has three
 * verified contacts with email and mobile, a group of two of them, a vault whose policy names the
 * third contact and the group (every alarm tells 6 recipients), and {@value #INSTANCES_PER_ACCOUNT}
 * instances. The host knows which account each instance belongs to (a map) and routes every
 * event with {@link AccountPartitions#forInstance}.
 *
 * <p><b>Nodes.</b> One node per partition: a HikariCP pool of its own (host threads + 2
 * connections), a {@link JdbcStore} and an {@link AlarmEngine} (real clock, grouping off so that
 * every notification is its own message, channels that accept at once).
 *
 * <ul>
 *   <li><b>Events</b>: the same number of host threads in every set-up (default 2) report, each for
 *       the next of its own instances (a fixed shuffle of all of them, every thread its share), a
 *       {@code ClientDisconnected} then a {@code ClientConnected}, routed to the instance's
 *       partition. Nothing fires. <b>Bare</b>: the same threads, per pair an autocommit
 *       {@code INSERT} of a {@code ba_alarm} row and its {@code DELETE}, on the routed partition's
 *       pool; statements per second.
 *   <li><b>Burst</b>: outside the measurement, alarms and outbox are emptied and
 *       {@value #ALARMS_PER_ACCOUNT} alarms per account are opened already due (on each partition);
 *       the measurement starts the partitions' engines and ends when all notifications are
 *       recorded {@code SENT}. <b>Bare</b>: the same number of outbox rows, per row an autocommit
 *       {@code INSERT} and an {@code UPDATE} to {@code SENT} on the routed partition, shared by the
 *       host threads; rows per second.
 * </ul>
 *
 * <p><b>Two nodes on one database</b>, a third set-up measured for the store only: database
 * {@code one} served by two nodes, the host routing each account's events to the node that its
 * partition would be (same helper, same split), to tell a limit of one engine from a limit of one
 * database.
 *
 * <p>Each round measures the events figures, then the burst figures, in an order that turns from
 * round to round (which set-up first, bare or store first); before each
 * measurement the tables of alarms and notifications are emptied and vacuumed, so that the rows
 * of earlier measurements do not weigh on later ones. Round 0 warms up and is not
 * counted. Each round prints the rates, the ratios two/one of the store and of the bare
 * statements, and the store's scaling relative to the bare one (the quotient of the two ratios);
 * the summary gives their medians over the rounds, and the 1-minute load average.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.backupalarm.benchmarks.PartitionBenchmark
 * [rounds [millis [threads]]] [--durable]} (defaults: 5 rounds, 2,000 ms per events measurement,
 * 2 host threads).
 *
 * <p>Not thread-safe: {@link #main} runs it once.
 */
public final class PartitionBenchmark {

    static final int ACCOUNTS = 8;
    static final int INSTANCES_PER_ACCOUNT = 250;
    static final int ALARMS_PER_ACCOUNT = 25;
    static final int RECIPIENTS = 6;
    static final int NOTIFICATIONS = ACCOUNTS * ALARMS_PER_ACCOUNT * RECIPIENTS;
    static final Duration EVENTS_GRACE = Duration.ofHours(1);
    static final Duration BURST_GRACE = Duration.ofMinutes(10);
    static final Duration BATCH_LIMIT = Duration.ofMinutes(2);
    static final String SETUP_ONE = "one";
    static final String SETUP_TWO = "two";
    static final String SETUP_NODES = "one database, two nodes";
    /** The tables that events and bursts write. */
    static final String WRITTEN = "ba_alarm, ba_outbox, ba_outbox_item, ba_outbox_recipient";

    private PartitionBenchmark() {
    }

    /** One partition's database and the node that serves it. */
    record Node(String name, DataSource admin, HikariDataSource pool, JdbcStore store, List<String> accounts) {

        /** Empties the tables of alarms and notifications and vacuums them (not measured). */
        void empty() {
            PostgresStoreBenchmark.execute(admin, "TRUNCATE " + WRITTEN);
            vacuum(WRITTEN);
        }

        void vacuum(String tables) {
            PostgresStoreBenchmark.execute(admin, "VACUUM " + tables);
        }
    }

    /** The accounts: the first ids that land in partition 0 of 2, and the first that land in partition 1. */
    static List<String> accounts() {
        List<String> zero = new ArrayList<>();
        List<String> one = new ArrayList<>();
        for (int i = 1; zero.size() < ACCOUNTS / 2 || one.size() < ACCOUNTS / 2; i++) {
            String id = String.format(Locale.ROOT, "acct-%02d", i);
            List<String> side = AccountPartitions.partitionOf(id, 2) == 0 ? zero : one;
            if (side.size() < ACCOUNTS / 2) {
                side.add(id);
            }
        }
        List<String> all = new ArrayList<>(zero);
        all.addAll(one);
        return all;
    }

    static String instanceId(String account, int n) {
        return String.format(Locale.ROOT, "%s-b-%03d", account, n);
    }

    /** Creates, migrates and seeds a database with these accounts; starts its node. */
    static Node node(String name, DataSource admin, List<String> accounts, int poolSize) {
        seed(admin, accounts);
        return open(name, admin, accounts, poolSize);
    }

    /** Migrates and seeds a database with these accounts. */
    static void seed(DataSource admin, List<String> accounts) {
        JdbcStore seeding = JdbcStore.builder(admin).build().migrate();
        ConfigurationAdmin config = ConfigurationAdmin.on(seeding.configuration());
        for (String account : accounts) {
            config.createAccount(new Account(account, EmailAddress.of("owner@" + account + ".example.com"), null, null,
                    null));
            for (int c = 1; c <= 3; c++) {
                config.importContact(Contact.verified(account + "-c-" + c, account, "Contact " + c,
                        EmailAddress.of("c" + c + "@" + account + ".example.com"),
                        MobileNumber.of("+861390013900" + c)));
            }
            config.createGroup(new ContactGroup(account + "-g-ops", account, "Ops",
                    Set.of(account + "-c-1", account + "-c-2")));
            String vault = account + "-v-1";
            config.createVault(new Vault(vault, account,
                    VaultAlarmPolicy.customized(Set.of(account + "-c-3"), Set.of(account + "-g-ops"))));
            seeding.configuration().write(account, repos -> {
                for (int i = 0; i < INSTANCES_PER_ACCOUNT; i++) {
                    repos.instances().save(new Instance(instanceId(account, i), vault,
                            InstanceAlarmPolicy.SAME_AS_VAULT));
                }
                return null;
            });
        }
    }

    /** A node on a seeded database, serving the events of these accounts. */
    static Node open(String name, DataSource admin, List<String> accounts, int poolSize) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(TestPostgres.url(admin));
        hikari.setPoolName(name);
        hikari.setMaximumPoolSize(poolSize);
        hikari.setMinimumIdle(poolSize);
        HikariDataSource pool = new HikariDataSource(hikari);
        JdbcStore store = JdbcStore.builder(pool).nodeId(name).build();
        return new Node(name, admin, pool, store, List.copyOf(accounts));
    }

    /** One set-up: its partitions, routed by the helper, and what each host thread reports for. */
    static final class Setup {
        final String name;
        final AccountPartitions<Node> partitions;
        final Function<String, String> accountOf;
        final String[][] instancesOfThread;
        final int[] next;
        /** Per partition, the engine of the events measurement under way. */
        final Map<Node, AlarmEngine> engines = new HashMap<>();

        Setup(String name, List<Node> nodes, Map<String, String> accountOf, String[][] instancesOfThread) {
            this.name = name;
            this.partitions = AccountPartitions.of(nodes);
            this.accountOf = accountOf::get;
            this.instancesOfThread = instancesOfThread;
            this.next = new int[instancesOfThread.length];
        }

        String nextInstance(int thread) {
            String[] ids = instancesOfThread[thread];
            String id = ids[next[thread]];
            next[thread] = next[thread] + 1 == ids.length ? 0 : next[thread] + 1;
            return id;
        }

        /** The host: every event goes to its instance's partition. */
        void report(AlarmEvent event) {
            engines.get(partitions.forInstance(event.instance(), accountOf)).report(event);
        }

        void pair(int thread) {
            String id = nextInstance(thread);
            report(new AlarmEvent.ClientDisconnected(id, Instant.now()));
            report(new AlarmEvent.ClientConnected(id, Instant.now()));
        }

        void barePair(int thread) throws Exception {
            String id = nextInstance(thread);
            Node node = partitions.forInstance(id, accountOf);
            Instant now = Instant.now();
            try (Connection c = node.pool().getConnection()) {
                try (PreparedStatement insert = c.prepareStatement(PostgresStoreBenchmark.INSERT_ALARM)) {
                    PostgresStoreBenchmark.bind(insert, "CLIENT_DISCONNECTED", id, "", "PENDING", now, 1, null,
                            now.plus(EVENTS_GRACE), null, 0, "", null, null);
                    insert.executeUpdate();
                }
                try (PreparedStatement delete = c.prepareStatement(PostgresStoreBenchmark.DELETE_ALARM)) {
                    PostgresStoreBenchmark.bind(delete, "CLIENT_DISCONNECTED", id, "");
                    if (delete.executeUpdate() != 1) {
                        throw new IllegalStateException("the row of " + id + " was not there to delete");
                    }
                }
            }
        }

        /** The nodes with a database of their own: one per database, for what is done per database. */
        List<Node> databases() {
            Map<DataSource, Node> first = new LinkedHashMap<>();
            partitions.all().forEach(node -> first.putIfAbsent(node.admin(), node));
            return List.copyOf(first.values());
        }

        void empty() {
            databases().forEach(Node::empty);
        }

        /**
         * Events per second: the partitions' engines start on emptied tables (not measured), the
         * threads report through the host's routing, then every pair must have opened and
         * cancelled its alarm, and nothing fired.
         */
        double events(ExecutorService threads, int count, long millis) throws Exception {
            empty();
            LongAdder pairs = new LongAdder();
            for (Node node : partitions.all()) {
                engines.put(node, PostgresStoreBenchmark.engine(node.store(), EVENTS_GRACE, null));
            }
            double rate;
            long cancelled = 0;
            try {
                rate = 2 * PostgresStoreBenchmark.throughput(threads, count, millis, k -> {
                    pair(k);
                    pairs.increment();
                });
            } finally {
                for (Node node : partitions.all()) {
                    AlarmEngine engine = engines.remove(node);
                    EngineMetrics m = engine.metrics();
                    engine.close();
                    if (m.fired() != 0) {
                        throw new IllegalStateException(node.name() + " fired during the events: " + m);
                    }
                    cancelled += m.cancelled();
                }
            }
            if (cancelled != pairs.sum()) {
                throw new IllegalStateException(name + ": expected " + pairs.sum() + " alarms cancelled, not "
                        + cancelled);
            }
            return rate;
        }

        double bareEvents(ExecutorService threads, int count, long millis) throws Exception {
            empty();
            return 2 * PostgresStoreBenchmark.throughput(threads, count, millis, this::barePair);
        }

        /** Empties alarms and outbox, opens the burst's alarms already due (not measured). */
        void arm() {
            empty();
            Instant then = Instant.now().minus(Duration.ofHours(1));
            for (Node node : partitions.all()) {
                try (AlarmEngine opener = AlarmEngine.builder()
                        .configuration(node.store().configuration())
                        .alarmStore(node.store().alarms())
                        .outbox(node.store().outbox())
                        .settings(PostgresStoreBenchmark.settings(BURST_GRACE))
                        .manualTime(new ManualClock(then))
                        .build()) {
                    for (String account : node.accounts()) {
                        for (int i = 0; i < ALARMS_PER_ACCOUNT; i++) {
                            opener.report(new AlarmEvent.ClientDisconnected(instanceId(account, i), then));
                        }
                    }
                }
            }
        }

        /** Starts the partitions' engines; returns notifications per second once all are recorded SENT. */
        double burst() throws InterruptedException {
            CountDownLatch recorded = new CountDownLatch(NOTIFICATIONS);
            AlarmListener listener = new AlarmListener() {
                @Override
                public void onDelivered(Notification notification) {
                    recorded.countDown();
                }
            };
            List<AlarmEngine> engines = new ArrayList<>();
            long t0 = System.nanoTime();
            double rate;
            try {
                for (Node node : partitions.all()) {
                    engines.add(PostgresStoreBenchmark.engine(node.store(), BURST_GRACE, listener));
                }
                if (!recorded.await(BATCH_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException(name + ": " + recorded.getCount() + " of " + NOTIFICATIONS
                            + " notifications not recorded SENT after " + BATCH_LIMIT);
                }
                rate = NOTIFICATIONS * 1e9 / (System.nanoTime() - t0);
            } finally {
                engines.forEach(AlarmEngine::close);
            }
            checkBurst();
            return rate;
        }

        private void checkBurst() {
            long sent = 0;
            long firing = 0;
            for (Node node : databases()) {
                sent += PostgresStoreBenchmark.count(node.admin(), "SELECT COUNT(*) FROM ba_outbox WHERE status = 'SENT'");
                firing += PostgresStoreBenchmark.count(node.admin(), "SELECT COUNT(*) FROM ba_alarm WHERE state = 'FIRING'");
            }
            if (sent != NOTIFICATIONS || firing != (long) ACCOUNTS * ALARMS_PER_ACCOUNT) {
                throw new IllegalStateException(name + ": expected " + NOTIFICATIONS + " SENT and "
                        + ACCOUNTS * ALARMS_PER_ACCOUNT + " FIRING, found " + sent + " and " + firing);
            }
        }

        /** The bare burst: INSERT and UPDATE to SENT of as many outbox rows, on the routed partitions. */
        double bareBurst(ExecutorService threads, int count, String[] keys, String[] instances) throws Exception {
            empty();
            String subject = "x".repeat(PostgresStoreBenchmark.SUBJECT_CHARS);
            String body = "x".repeat(PostgresStoreBenchmark.BODY_CHARS);
            String data = "x".repeat(PostgresStoreBenchmark.DATA_CHARS);
            String receipt = "x".repeat(PostgresStoreBenchmark.RECEIPT_CHARS);
            Instant at = Instant.now();
            long t0 = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                int thread = k;
                done.add(threads.submit(() -> {
                    for (int n = thread; n < NOTIFICATIONS; n += count) {
                        String instance = instances[n];
                        String account = accountOf.apply(instance);
                        Node node = partitions.forAccount(account);
                        try (Connection c = node.pool().getConnection()) {
                            try (PreparedStatement insert = c.prepareStatement(
                                    PostgresStoreBenchmark.INSERT_NOTIFICATION)) {
                                PostgresStoreBenchmark.bind(insert, keys[n], Channel.EMAIL, "c1@example.com",
                                        "FIRING", "en", subject, body, data, "CLIENT_DISCONNECTED", instance,
                                        account + "-v-1", account, at, "PENDING", 0, at, null, null, null);
                                insert.executeUpdate();
                            }
                            try (PreparedStatement sent = c.prepareStatement(
                                    PostgresStoreBenchmark.NOTIFICATION_SENT)) {
                                PostgresStoreBenchmark.bind(sent, 1, receipt, Instant.now(), keys[n]);
                                if (sent.executeUpdate() != 1) {
                                    throw new IllegalStateException("row " + keys[n] + " not there to update");
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
            double rate = NOTIFICATIONS * 1e9 / (System.nanoTime() - t0);
            long sent = 0;
            for (Node node : databases()) {
                sent += PostgresStoreBenchmark.count(node.admin(), "SELECT COUNT(*) FROM ba_outbox WHERE status = 'SENT'");
            }
            if (sent != NOTIFICATIONS) {
                throw new IllegalStateException(name + ": expected " + NOTIFICATIONS + " bare rows SENT, found " + sent);
            }
            return rate;
        }
    }

    /** 0 for the single partition, 1 for two partitions, 2 for two nodes on one database. */
    static int index(Setup s, Setup single, Setup split) {
        return s == single ? 0 : s == split ? 1 : 2;
    }

    /** The 1-minute load average, from /proc/loadavg (Linux). */
    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** The four series of one measured thing: rates of one and two partitions, store and bare. */
    static final class Series {
        final String what;
        final List<Double> storeOne = new ArrayList<>();
        final List<Double> storeTwo = new ArrayList<>();
        final List<Double> bareOne = new ArrayList<>();
        final List<Double> bareTwo = new ArrayList<>();
        final List<Double> storeRatio = new ArrayList<>();
        final List<Double> bareRatio = new ArrayList<>();
        final List<Double> relative = new ArrayList<>();
        final List<Double> storeNodes = new ArrayList<>();
        final List<Double> nodesRatio = new ArrayList<>();

        Series(String what) {
            this.what = what;
        }

        void add(int round, double so, double st, double bo, double bt, double sn, String load) {
            System.out.printf(Locale.ROOT, "%s, round %d%s (load %s): store one %,.0f/s two %,.0f/s (%.2fx); "
                            + "bare one %,.0f/s two %,.0f/s (%.2fx); store relative to bare %.2f; two nodes on one "
                            + "database %,.0f/s (%.2fx)%n", what, round, round == 0 ? " (warm-up)" : "", load, so, st,
                    st / so, bo, bt, bt / bo, (st / so) / (bt / bo), sn, sn / so);
            if (round > 0) {
                storeNodes.add(sn);
                nodesRatio.add(sn / so);
                storeOne.add(so);
                storeTwo.add(st);
                bareOne.add(bo);
                bareTwo.add(bt);
                storeRatio.add(st / so);
                bareRatio.add(bt / bo);
                relative.add((st / so) / (bt / bo));
            }
        }

        String summary() {
            return String.format(Locale.ROOT, "%-13s store one %,6.0f/s two %,6.0f/s: two/one %.2fx %s | bare one "
                            + "%,6.0f/s two %,6.0f/s: two/one %.2fx %s | store relative to bare %.2f | two nodes on "
                            + "one database %,6.0f/s: %.2fx %s",
                    what, PostgresStoreBenchmark.median(storeOne), PostgresStoreBenchmark.median(storeTwo),
                    PostgresStoreBenchmark.median(storeRatio), rounded(storeRatio),
                    PostgresStoreBenchmark.median(bareOne), PostgresStoreBenchmark.median(bareTwo),
                    PostgresStoreBenchmark.median(bareRatio), rounded(bareRatio),
                    PostgresStoreBenchmark.median(relative), PostgresStoreBenchmark.median(storeNodes),
                    PostgresStoreBenchmark.median(nodesRatio), rounded(nodesRatio));
        }

        private static List<String> rounded(List<Double> values) {
            return values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList();
        }
    }

    /**
     * Runs the rounds and prints every round and the medians.
     *
     * @param args {@code [rounds [millis [threads]]] [--durable]}
     * @throws Exception if a measurement or a check fails
     */
    public static void main(String[] args) throws Exception {
        boolean durable = false;
        List<Integer> numbers = new ArrayList<>();
        for (String arg : args) {
            if ("--durable".equals(arg)) {
                durable = true;
            } else {
                numbers.add(Integer.parseInt(arg));
            }
        }
        int rounds = numbers.size() > 0 ? numbers.get(0) : 5;
        long millis = numbers.size() > 1 ? numbers.get(1) : 2_000;
        int threads = numbers.size() > 2 ? numbers.get(2) : 2;
        String startLoad = load();

        TestPostgres.OwnServer a = TestPostgres.startOwnServer(durable);
        TestPostgres.OwnServer b = TestPostgres.startOwnServer(durable);
        List<String> accounts = accounts();
        List<String> zero = accounts.stream().filter(id -> AccountPartitions.partitionOf(id, 2) == 0).toList();
        List<String> one = accounts.stream().filter(id -> AccountPartitions.partitionOf(id, 2) == 1).toList();
        int poolSize = threads + 2;
        Node all = node("one", a.newDatabase(), accounts, poolSize);
        Node p0 = node("p0", a.newDatabase(), zero, poolSize);
        Node p1 = node("p1", b.newDatabase(), one, poolSize);
        // Two nodes on the single partition's database, each serving the accounts one partition would hold.
        Node allA = open("one-a", all.admin(), zero, poolSize);
        Node allB = open("one-b", all.admin(), one, poolSize);
        System.out.printf(Locale.ROOT, "Servers: A %s; B %s. Partition 0: %s; partition 1: %s. %d host threads.%n",
                a, b, zero, one, threads);

        // The host's own map from instance to account, and each thread's share of a fixed shuffle of the instances.
        Map<String, String> accountOf = new HashMap<>();
        List<String> instances = new ArrayList<>();
        for (String account : accounts) {
            for (int i = 0; i < INSTANCES_PER_ACCOUNT; i++) {
                accountOf.put(instanceId(account, i), account);
                instances.add(instanceId(account, i));
            }
        }
        Collections.shuffle(instances, new Random(42));
        String[][] shares = new String[threads][];
        for (int k = 0; k < threads; k++) {
            List<String> mine = new ArrayList<>();
            for (int i = k; i < instances.size(); i += threads) {
                mine.add(instances.get(i));
            }
            shares[k] = mine.toArray(String[]::new);
        }
        // The bare burst's rows: keys shaped as the engine's, each for one of the burst's instances.
        String[] keys = new String[NOTIFICATIONS];
        String[] rowInstances = new String[NOTIFICATIONS];
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (int n = 0; n < NOTIFICATIONS; n++) {
                keys[n] = Base64.getEncoder().encodeToString(sha256.digest(("bare-" + n).getBytes(StandardCharsets.UTF_8)));
                int alarm = n / RECIPIENTS;
                rowInstances[n] = instanceId(accounts.get(alarm % ACCOUNTS), alarm / ACCOUNTS);
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }

        Setup single = new Setup(SETUP_ONE, List.of(all), accountOf, shares);
        Setup split = new Setup(SETUP_TWO, List.of(p0, p1), accountOf, shares);
        Setup nodes = new Setup(SETUP_NODES, List.of(allA, allB), accountOf, shares);
        Series events = new Series("events");
        Series burst = new Series("notifications");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int r = 0; r <= rounds; r++) {
                // Which set-up goes first turns with the rounds, and so does baseline or store first.
                List<Setup> order = new ArrayList<>(List.of(single, split, nodes));
                Collections.rotate(order, r);
                boolean bareFirst = (r / 3) % 2 == 0;
                double[] store = new double[3];
                double[] bare = new double[2];
                for (Setup s : order) {
                    int i = index(s, single, split);
                    if (bareFirst && i < 2) {
                        bare[i] = s.bareEvents(pool, threads, millis);
                    }
                    store[i] = s.events(pool, threads, millis);
                    if (!bareFirst && i < 2) {
                        bare[i] = s.bareEvents(pool, threads, millis);
                    }
                }
                events.add(r, store[0], store[1], bare[0], bare[1], store[2], load());
                for (Setup s : order) {
                    int i = index(s, single, split);
                    if (bareFirst && i < 2) {
                        bare[i] = s.bareBurst(pool, threads, keys, rowInstances);
                    }
                    s.arm();
                    store[i] = s.burst();
                    if (!bareFirst && i < 2) {
                        bare[i] = s.bareBurst(pool, threads, keys, rowInstances);
                    }
                }
                burst.add(r, store[0], store[1], bare[0], bare[1], store[2], load());
            }
        } finally {
            pool.shutdownNow();
            for (Node node : List.of(all, p0, p1, allA, allB)) {
                node.pool().close();
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "Medians of %d rounds, durability %s, %d host threads, load average %s at the "
                + "start and %s at the end (events: events/s and bare statements/s; notifications: per second and "
                + "bare rows per second):%n", rounds, durable ? "on" : "off", threads, startLoad, load());
        System.out.println(events.summary());
        System.out.println(burst.summary());
    }
}
