package io.backupalarm.benchmarks;

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
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * What writing history costs per notification: the same burst of notifications with the engine's
 * history on and with {@link HistoryStore#none()} (the baseline), in memory, on H2 and on
 * PostgreSQL, in paired rounds in one JVM.
 *
 * <p>A burst: {@value #INSTANCES} instances of one vault (six recipients each, {@code Cluster.seed}'s
 * contacts), each reports a disconnect at the same instant, the manual clock moves past the grace
 * period, and the engine fires the {@value #INSTANCES} alarms and sends the
 * {@value #NOTIFICATIONS} notifications (no grouping) to channels that accept at once, on the
 * calling thread. History on, that records 2 alarm transitions per alarm (opened, fired) and one
 * delivery attempt per notification. Each measurement starts from a fresh store (a new database),
 * built outside the timing. Each round measures both modes back to back (which goes first
 * alternates); round 0 is a warm-up; the ratio is the median of the rounds' ratios. On the
 * databases, the JDBC statements the store executes are counted through a counting
 * {@link DataSource} (each {@code execute*} call, a batch counting as one).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.backupalarm.benchmarks.HistoryCostBenchmark [rounds]}
 */
public final class HistoryCostBenchmark {

    static final int INSTANCES = 200;
    static final int NOTIFICATIONS = INSTANCES * Cluster.RECIPIENTS;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration GRACE = Duration.ofMinutes(5);

    private HistoryCostBenchmark() {
    }

    /** Where a measurement keeps its stores. */
    enum Backend { MEMORY, H2, POSTGRESQL }

    /** One measurement: how long the burst took, and how many statements it ran. */
    record Result(long nanos, long statements) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        for (Backend backend : Backend.values()) {
            List<Double> ratios = new ArrayList<>();
            List<Double> withMs = new ArrayList<>();
            List<Double> withoutMs = new ArrayList<>();
            long statementsWith = 0;
            long statementsWithout = 0;
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
                statementsWith = with.statements();
                statementsWithout = without.statements();
            }
            System.out.printf(Locale.ROOT, "%s: %d notifications; without history %.1f ms (median), with %.1f ms; "
                            + "ratio %.2fx (median of %d rounds: %s)%n", backend, NOTIFICATIONS, median(withoutMs),
                    median(withMs), median(ratios), rounds, format(ratios));
            if (backend != Backend.MEMORY) {
                System.out.printf(Locale.ROOT, "%s: statements without history %d (%.2f per notification), with %d "
                                + "(%.2f per notification): +%.2f per notification%n", backend, statementsWithout,
                        (double) statementsWithout / NOTIFICATIONS, statementsWith,
                        (double) statementsWith / NOTIFICATIONS,
                        (double) (statementsWith - statementsWithout) / NOTIFICATIONS);
            }
        }
    }

    /** One burst on a fresh store, history on or off. */
    static Result burst(Backend backend, boolean history) {
        AtomicLong statements = new AtomicLong();
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
            DataSource database;
            if (backend == Backend.H2) {
                JdbcDataSource h2 = new JdbcDataSource();
                h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
                database = h2;
            } else {
                database = TestPostgres.newDatabase();
            }
            JdbcStore store = JdbcStore.builder(counting(database, statements)).nodeId("bench").build().migrate();
            configuration = store.configuration();
            alarms = store.alarms();
            outbox = store.outbox();
            silences = store.silences();
            historyStore = store.history();
        }
        Cluster.seed(configuration);
        ConfigurationAdmin admin = ConfigurationAdmin.on(configuration);
        for (int i = 0; i < INSTANCES; i++) {
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
            statements.set(0);
            long start = System.nanoTime();
            for (int i = 0; i < INSTANCES; i++) {
                engine.report(new AlarmEvent.ClientDisconnected(instance(i), T0));
            }
            time.advanceBy(GRACE);
            long nanos = System.nanoTime() - start;
            long counted = statements.get();
            long sent = email.sent() + sms.sent();
            if (sent != NOTIFICATIONS) {
                throw new IllegalStateException("sent " + sent + " notifications, not " + NOTIFICATIONS);
            }
            if (history) {
                long attempts = count(engine, HistoryQuery.builder().build());
                if (attempts != NOTIFICATIONS) {
                    throw new IllegalStateException("recorded " + attempts + " attempts, not " + NOTIFICATIONS);
                }
            }
            return new Result(nanos, counted);
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

    /** A data source whose statements count each {@code execute*} call. */
    static DataSource counting(DataSource target, AtomicLong statements) {
        return (DataSource) Proxy.newProxyInstance(HistoryCostBenchmark.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, forward(target, (method, result) -> {
                    if (result instanceof Connection connection) {
                        return Proxy.newProxyInstance(HistoryCostBenchmark.class.getClassLoader(),
                                new Class<?>[] {Connection.class}, forward(connection, (m, r) -> {
                                    if (r instanceof Statement statement) {
                                        Class<?> type = r instanceof java.sql.PreparedStatement
                                                ? java.sql.PreparedStatement.class : Statement.class;
                                        return Proxy.newProxyInstance(HistoryCostBenchmark.class.getClassLoader(),
                                                new Class<?>[] {type}, forward(statement, (sm, sr) -> {
                                                    if (sm.getName().startsWith("execute")) {
                                                        statements.incrementAndGet();
                                                    }
                                                    return sr;
                                                }));
                                    }
                                    return r;
                                }));
                    }
                    return result;
                }));
    }

    /** What a proxy does with a call's result. */
    private interface After {
        Object apply(java.lang.reflect.Method method, Object result) throws Exception;
    }

    private static InvocationHandler forward(Object target, After after) {
        return (proxy, method, args) -> {
            if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
                return method.invoke(target, args);
            }
            try {
                return after.apply(method, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
    }
}
