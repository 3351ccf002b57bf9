package io.backupalarm.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.history.HistoryQuery;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.ManualTime;
import io.backupalarm.spi.AlarmStore;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.HistoryStore;
import io.backupalarm.spi.OutboxStore;
import io.backupalarm.spi.SilenceStore;
import io.backupalarm.store.jdbc.Cluster;
import io.backupalarm.store.jdbc.JdbcStore;
import io.backupalarm.store.jdbc.TestPostgres;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * What writing history costs per notification: the same burst of notifications with the engine's
 * history on and with {@link HistoryStore#none()} (the baseline), in memory, on H2 and on
 * PostgreSQL, in paired rounds in one JVM.
 *
 * <p>A burst: {@value #INSTANCES} instances of one vault on a database, ten times as many in memory
 * (six recipients each, {@code Cluster.seed}'s contacts), each reports a disconnect at the same
 * instant, the manual clock moves past the grace period, and the engine fires the alarms and sends
 * their notifications (no grouping: {@value #INSTANCES} alarms make 1,200) to channels that accept at
 * once, on the calling thread. History on, that records 2 alarm transitions per alarm (opened,
 * fired) and one
 * delivery attempt per notification. Each measurement starts from a fresh store (a new database,
 * with a HikariCP pool of 4 connections), built outside the timing. Each round measures both modes back to back (which goes first
 * alternates); round 0 is a warm-up; the ratio is the median of the rounds' ratios. On the
 * databases, the JDBC statements the store executes are counted through a counting
 * {@link DataSource} (each {@code execute*} call, a batch counting as one).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.backupalarm.benchmarks.HistoryCostBenchmark [rounds [memory,h2,postgresql]]}
 */
public final class HistoryCostBenchmark {

    /** Instances per burst on a database; in memory, where a burst of these takes milliseconds, ten times as many. */
    static final int INSTANCES = 200;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration GRACE = Duration.ofMinutes(5);

    private HistoryCostBenchmark() {
    }

    /** Where a measurement keeps its stores. */
    enum Backend { MEMORY, H2, POSTGRESQL }

    /** One measurement: how long the burst took, how many notifications and statements it made, and which statements. */
    record Result(long nanos, int notifications, long statements, Map<String, Long> bySql) {
    }

    static int instances(Backend backend) {
        return backend == Backend.MEMORY ? 10 * INSTANCES : INSTANCES;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<Backend> backends = args.length > 1
                ? Arrays.stream(args[1].split(",")).map(b -> Backend.valueOf(b.strip().toUpperCase(Locale.ROOT))).toList()
                : List.of(Backend.values());
        for (Backend backend : backends) {
            List<Double> ratios = new ArrayList<>();
            List<Double> withMs = new ArrayList<>();
            List<Double> withoutMs = new ArrayList<>();
            Result lastWith = null;
            Result lastWithout = null;
            for (int round = 0; round <= rounds; round++) {
                Result with;
                Result without;
                if (round % 2 == 0) {
                    without = burst(backend, false);
                    with = burst(backend, true);
                } else {
                    with = burst(backend, true);
                    without = burst(backend, false);
                }
                if (round == 0) {
                    continue; // warm-up
                }
                ratios.add((double) with.nanos() / without.nanos());
                withMs.add(with.nanos() / 1e6);
                withoutMs.add(without.nanos() / 1e6);
                lastWith = with;
                lastWithout = without;
            }
            int notifications = lastWith.notifications();
            System.out.printf(Locale.ROOT, "%s: %d notifications; without history %.1f ms (median), with %.1f ms; "
                            + "ratio %.2fx (median of %d rounds: %s); %.1f us more per notification%n", backend,
                    notifications, median(withoutMs), median(withMs), median(ratios), rounds, format(ratios),
                    (median(withMs) - median(withoutMs)) * 1000 / notifications);
            if (backend != Backend.MEMORY) {
                System.out.printf(Locale.ROOT, "%s: statements without history %d (%.2f per notification), with %d "
                                + "(%.2f per notification): +%.2f per notification%n", backend, lastWithout.statements(),
                        (double) lastWithout.statements() / notifications, lastWith.statements(),
                        (double) lastWith.statements() / notifications,
                        (double) (lastWith.statements() - lastWithout.statements()) / notifications);
                Map<String, Long> more = new TreeMap<>();
                Map<String, Long> without = lastWithout.bySql();
                Map<String, Long> with = lastWith.bySql();
                with.forEach((sql, n) -> {
                    long difference = n - without.getOrDefault(sql, 0L);
                    if (difference != 0) {
                        more.put(sql, difference);
                    }
                });
                without.forEach((sql, n) -> {
                    if (!with.containsKey(sql)) {
                        more.put(sql, -n);
                    }
                });
                more.forEach((sql, n) -> System.out.printf(Locale.ROOT, "  %+d  %s%n", n, sql));
            }
        }
    }

    private static final List<HikariDataSource> pools = new ArrayList<>();

    /** One burst on a fresh store (a database of its own, with a pool of connections), history on or off. */
    static Result burst(Backend backend, boolean history) {
        try {
            return burstOn(backend, history);
        } finally {
            pools.forEach(HikariDataSource::close);
            pools.clear();
        }
    }

    private static Result burstOn(Backend backend, boolean history) {
        AtomicLong statements = new AtomicLong();
        Map<String, Long> bySql = new ConcurrentHashMap<>();
        ConfigurationStore configuration;
        AlarmStore alarms;
        OutboxStore outbox;
        SilenceStore silences;
        HistoryStore historyStore;
        if (backend == Backend.MEMORY) {
            configuration = ConfigurationStore.inMemory();
            alarms = AlarmStore.inMemory();
            outbox = OutboxStore.inMemory();
            silences = SilenceStore.inMemory();
            historyStore = HistoryStore.inMemory();
        } else {
            String url = backend == Backend.H2 ? "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"
                    : TestPostgres.url(TestPostgres.newDatabase());
            HikariDataSource pool = PostgresStoreBenchmark.pool(url, "history-" + backend);
            pools.add(pool);
            JdbcStore store = JdbcStore.builder(counting(pool, statements, bySql)).nodeId("bench").build().migrate();
            configuration = store.configuration();
            alarms = store.alarms();
            outbox = store.outbox();
            silences = store.silences();
            historyStore = store.history();
        }
        Cluster.seed(configuration);
        ConfigurationAdmin admin = ConfigurationAdmin.on(configuration);
        int instances = instances(backend);
        int notifications = instances * Cluster.RECIPIENTS;
        for (int i = 0; i < instances; i++) {
            admin.createInstance(new Instance(instance(i), "v-1", InstanceAlarmPolicy.SAME_AS_VAULT));
        }
        ManualClock clock = new ManualClock(T0);
        CountingChannel email = new CountingChannel(Channel.EMAIL);
        CountingChannel sms = new CountingChannel(Channel.SMS);
        try (AlarmEngine engine = AlarmEngine.builder().configuration(configuration).alarmStore(alarms).outbox(outbox)
                .silences(silences).history(history ? historyStore : HistoryStore.none()).node("bench")
                .manualTime(clock).channel(email).channel(sms)
                .settings(AlarmSettings.custom().disconnectGracePeriod(GRACE).groupWait(Duration.ZERO).build())
                .build()) {
            ManualTime time = ManualTime.of(engine);
            System.gc(); // the garbage of the previous burst is not this one's to collect
            statements.set(0);
            bySql.clear();
            long start = System.nanoTime();
            for (int i = 0; i < instances; i++) {
                engine.report(new AlarmEvent.ClientDisconnected(instance(i), T0));
            }
            time.advanceBy(GRACE);
            long nanos = System.nanoTime() - start;
            long counted = statements.get();
            long sent = email.sent() + sms.sent();
            Map<String, Long> ran = Map.copyOf(bySql);
            if (sent != notifications) {
                throw new IllegalStateException("sent " + sent + " notifications, not " + notifications);
            }
            if (history) {
                long attempts = count(engine, HistoryQuery.builder().build());
                if (attempts != notifications) {
                    throw new IllegalStateException("recorded " + attempts + " attempts, not " + notifications);
                }
            }
            return new Result(nanos, notifications, counted, ran);
        }
    }

    private static long count(AlarmEngine engine, HistoryQuery query) {
        long n = 0;
        HistoryQuery next = query.toBuilder().limit(HistoryQuery.MAX_LIMIT).build();
        while (true) {
            var page = engine.deliveryHistory(next);
            n += page.items().size();
            if (page.nextCursor().isEmpty()) {
                return n;
            }
            next = next.toBuilder().after(page.nextCursor().get()).build();
        }
    }

    static String instance(int i) {
        return String.format(Locale.ROOT, "h-%04d", i);
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static String format(List<Double> values) {
        return Arrays.toString(values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toArray());
    }

    /** A data source whose statements count each {@code execute*} call, in all and by SQL text (first 70 characters). */
    static DataSource counting(DataSource target, AtomicLong statements, Map<String, Long> bySql) {
        ClassLoader loader = HistoryCostBenchmark.class.getClassLoader();
        return (DataSource) Proxy.newProxyInstance(loader, new Class<?>[] {DataSource.class}, (p, method, args) -> {
            Object result = invoke(target, method, args);
            if (!(result instanceof Connection connection)) {
                return result;
            }
            return Proxy.newProxyInstance(loader, new Class<?>[] {Connection.class}, (pc, m, a) -> {
                Object made = invoke(connection, m, a);
                if (!(made instanceof Statement statement)) {
                    return made;
                }
                String sql = m.getName().equals("prepareStatement") && a != null && a[0] instanceof String text
                        ? text.substring(0, Math.min(70, text.length())) : "(plain statement)";
                Class<?> type = made instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
                return Proxy.newProxyInstance(loader, new Class<?>[] {type}, (ps, sm, sa) -> {
                    if (sm.getName().startsWith("execute")) {
                        statements.incrementAndGet();
                        String key = sa != null && sa.length > 0 && sa[0] instanceof String text
                                ? text.substring(0, Math.min(70, text.length())) : sql;
                        bySql.merge(key, 1L, Long::sum);
                    }
                    return invoke(statement, sm, sa);
                });
            });
        });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
