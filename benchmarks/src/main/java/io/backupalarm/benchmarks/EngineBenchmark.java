package io.backupalarm.benchmarks;

import io.backupalarm.config.Account;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.HistoryStore;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What does opening and closing one alarm cost in an engine that already holds 1,000,000 pending
 * alarms, compared with the bare minimum (a hash map put and remove plus a tree map schedule and
 * cancel of the same key shape, also holding 1,000,000 entries)? And how many bytes of heap does
 * one pending alarm take?
 *
 * <p>The engine runs on a {@link ManualClock} (no threads, synchronous delivery; every event also
 * looks for due alarms and deliveries), or in real time on a fixed clock (a scheduler thread that
 * sleeps: nothing falls due during the run), with the in-memory stores and a channel that only
 * counts. Its configuration has one account, one {@code DEFAULT}
 * vault, the 1,000,000 instances whose {@code CLIENT_DISCONNECTED} alarms are opened in the
 * trial's setup, and 10,000 further instances. The measured operation takes one of those 10,000
 * at random and reports {@code ClientDisconnected} then {@code ClientConnected} at the clock's
 * instant, so the pending count stays at 1,000,000 (plus the one being opened). Both halves build
 * their event or key objects inside the operation.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar EngineBenchmark -f 1 -wi 3 -i 5 -w 1s -r 2s -prof gc}
 *
 * <p>Heap per pending alarm ({@link #main(String[])}):
 * {@code java -Xmx6g -cp benchmarks/target/benchmarks.jar io.backupalarm.benchmarks.EngineBenchmark}
 *
 * <p>Not thread-safe; JMH gives each trial its own state.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// Pre-touched heap: without it, each fresh region of the 4 GB young generation costs page faults
// the first time it is allocated into, and iterations slow down until the first collection.
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class EngineBenchmark {

    static final int PENDING = 1_000_000;
    static final int FLAPPING = 10_000;
    static final String ACCOUNT = "acme";
    static final String VAULT = "v-0";
    static final Instant T0 = Instant.parse("2026-11-27T00:00:00Z");
    static final Duration GRACE = Duration.ofHours(1);
    /** Random picks among the flapping instances, cycled through; a power of two. */
    static final int PICKS = 1 << 16;

    /** Creates the benchmark; JMH calls this. */
    public EngineBenchmark() {
    }

    static String pendingId(int n) {
        return "p-" + n;
    }

    static String flappingId(int n) {
        return "f-" + n;
    }

    /**
     * One account, one {@code DEFAULT} vault, {@code pending} plus {@code flapping} instances.
     *
     * @param pending how many {@code p-n} instances
     * @param flapping how many {@code f-n} instances
     * @return the configuration
     */
    static Configuration configuration(int pending, int flapping) {
        Configuration.Builder builder = Configuration.builder()
                .account(new Account(ACCOUNT, EmailAddress.of("ops@acme.example"), null))
                .vault(new Vault(VAULT, ACCOUNT, VaultAlarmPolicy.DEFAULT));
        for (int i = 0; i < pending; i++) {
            builder.instance(new Instance(pendingId(i), VAULT, null));
        }
        for (int i = 0; i < flapping; i++) {
            builder.instance(new Instance(flappingId(i), VAULT, null));
        }
        return builder.build();
    }

    /** The settings the benchmarks measure: every notification its own message, as before grouping. */
    static final AlarmSettings UNGROUPED = AlarmSettings.custom().groupWait(java.time.Duration.ZERO).build();

    static AlarmEngine engine(Configuration config, CountingChannel channel) {
        return engine(config, channel, HistoryStore.inMemory(), false);
    }

    static AlarmEngine engine(Configuration config, CountingChannel channel, HistoryStore history, boolean realTime) {
        AlarmEngine.Builder builder = AlarmEngine.builder()
                .configuration(ConfigurationStore.inMemory(config))
                .settings(UNGROUPED)   // one message per notification, sent the instant it falls due
                .channel(channel)
                .history(history);
        return (realTime ? builder.clock(Clock.fixed(T0, ZoneOffset.UTC)) : builder.manualTime(new ManualClock(T0)))
                .build();
    }

    static String[] picks() {
        SplittableRandom random = new SplittableRandom(42);
        String[] picks = new String[PICKS];
        for (int i = 0; i < PICKS; i++) {
            picks[i] = flappingId(random.nextInt(FLAPPING));
        }
        return picks;
    }

    /** The engine with 1,000,000 pending alarms. */
    @State(Scope.Benchmark)
    public static class EngineState {
        /**
         * The history the engine keeps: {@code memory} (the default an engine gets) or
         * {@code none}, which shows what recording two transitions per pair costs.
         */
        @Param({"memory", "none"})
        public String history;
        /**
         * {@code manual}: a {@link ManualClock}, where each event also looks for due work on the
         * calling thread; {@code real}: real time, as a host runs it, where the scheduler's thread
         * does that.
         */
        @Param({"manual", "real"})
        public String time;
        AlarmEngine engine;
        String[] picks;
        int next;

        /** Creates the state; JMH calls this. */
        public EngineState() {
        }

        /** Builds the configuration and the engine, and opens the pending alarms. */
        @Setup(Level.Trial)
        public void setUp() {
            engine = engine(configuration(PENDING, FLAPPING), new CountingChannel("email"),
                    "none".equals(history) ? HistoryStore.none() : HistoryStore.inMemory(), "real".equals(time));
            for (int i = 0; i < PENDING; i++) {
                engine.report(new AlarmEvent.ClientDisconnected(pendingId(i), T0));
            }
            picks = picks();
        }

        /** Checks that the pending count stayed where it was. */
        @TearDown(Level.Trial)
        public void check() {
            int open = engine.metrics().pending();
            if (open != PENDING) {
                throw new IllegalStateException("expected " + PENDING + " pending alarms, found " + open);
            }
            engine.close();
        }
    }

    /** The baseline's key: the same shape as the engine's alarm key. */
    record Key(AlarmType type, String instance, String job) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int c = type.compareTo(other.type);
            if (c != 0) {
                return c;
            }
            c = instance.compareTo(other.instance);
            if (c != 0) {
                return c;
            }
            return job == null ? (other.job == null ? 0 : -1) : other.job == null ? 1 : job.compareTo(other.job);
        }
    }

    /** The baseline's schedule entry: due time, then key. */
    record Due(Instant at, Key key) implements Comparable<Due> {
        @Override
        public int compareTo(Due other) {
            int c = at.compareTo(other.at);
            return c != 0 ? c : key.compareTo(other.key);
        }
    }

    /** The baseline's open alarm: its key, when it opened and when it is due. */
    record Pending(Key key, Instant openedAt, Instant due) {
    }

    /** The baseline's maps, holding 1,000,000 entries like the engine. */
    @State(Scope.Benchmark)
    public static class BaselineState {
        final Map<Key, Pending> open = new HashMap<>();
        final TreeMap<Due, Pending> schedule = new TreeMap<>();
        String[] picks;
        int next;

        /** Creates the state; JMH calls this. */
        public BaselineState() {
        }

        /** Fills the maps. */
        @Setup(Level.Trial)
        public void setUp() {
            for (int i = 0; i < PENDING; i++) {
                put(open, schedule, new Key(AlarmType.CLIENT_DISCONNECTED, pendingId(i), null), T0);
            }
            picks = picks();
        }

        /** Checks that the count stayed where it was. */
        @TearDown(Level.Trial)
        public void check() {
            if (open.size() != PENDING || schedule.size() != PENDING) {
                throw new IllegalStateException("baseline maps hold " + open.size() + " and " + schedule.size());
            }
        }
    }

    static void put(Map<Key, Pending> open, TreeMap<Due, Pending> schedule, Key key, Instant at) {
        Pending pending = new Pending(key, at, at.plus(GRACE));
        open.put(key, pending);
        schedule.put(new Due(pending.due(), key), pending);
    }

    /**
     * The engine: open then close the alarm of a random flapping instance.
     *
     * @param s the engine state
     */
    @Benchmark
    public void openThenClose(EngineState s) {
        String instance = s.picks[s.next++ & (PICKS - 1)];
        s.engine.report(new AlarmEvent.ClientDisconnected(instance, T0));
        s.engine.report(new AlarmEvent.ClientConnected(instance, T0));
    }

    /**
     * The baseline: put and schedule, then remove and cancel, the same key shape.
     *
     * @param s the baseline state
     * @return the removed entry
     */
    @Benchmark
    public Object baseline(BaselineState s) {
        String instance = s.picks[s.next++ & (PICKS - 1)];
        put(s.open, s.schedule, new Key(AlarmType.CLIENT_DISCONNECTED, instance, null), T0);
        Pending removed = s.open.remove(new Key(AlarmType.CLIENT_DISCONNECTED, instance, null));
        s.schedule.remove(new Due(removed.due(), removed.key()));
        return removed;
    }

    /**
     * Heap per pending alarm: builds the configuration and the engine first, forces garbage
     * collection, reads the heap used, opens the alarms, and reads it again; the difference divided
     * by the number of alarms excludes the configuration's own instances. Done twice: with event
     * instance ids that are the configuration's own strings, and with fresh copies as a host that
     * parses events from the network would pass; then for the baseline maps.
     *
     * @param args optionally, how many alarms (default 1,000,000)
     * @throws InterruptedException if interrupted while waiting for the collector
     */
    public static void main(String[] args) throws InterruptedException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : PENDING;
        Configuration config = configuration(n, 0);
        String[] ids = new String[n];
        int k = 0;
        for (Instance instance : config.instances()) {
            ids[k++] = instance.id();
        }
        System.out.printf("%s, %s, %d alarms%n", System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), n);

        AlarmEngine shared = engine(config, new CountingChannel("email"));
        long before = usedAfterGc();
        for (String id : ids) {
            shared.report(new AlarmEvent.ClientDisconnected(id, T0));
        }
        long after = usedAfterGc();
        report("engine, ids shared with the configuration", before, after, n, shared.metrics().pending());

        AlarmEngine fresh = engine(config, new CountingChannel("email"));
        before = usedAfterGc();
        for (String id : ids) {
            fresh.report(new AlarmEvent.ClientDisconnected(new String(id.toCharArray()), T0));
        }
        after = usedAfterGc();
        report("engine, fresh id strings per event", before, after, n, fresh.metrics().pending());

        Map<Key, Pending> open = new HashMap<>();
        TreeMap<Due, Pending> schedule = new TreeMap<>();
        before = usedAfterGc();
        for (String id : ids) {
            put(open, schedule, new Key(AlarmType.CLIENT_DISCONNECTED, id, null), T0);
        }
        after = usedAfterGc();
        report("baseline HashMap + TreeMap, ids shared", before, after, n, open.size());
        // Everything measured stays reachable to the end, or a later "before" would count it and
        // a later "after" would not.
        Reference.reachabilityFence(shared);
        Reference.reachabilityFence(fresh);
        Reference.reachabilityFence(open);
        Reference.reachabilityFence(schedule);
        Reference.reachabilityFence(config);
        Reference.reachabilityFence(ids);
    }

    private static void report(String what, long before, long after, int n, int count) {
        if (count != n) {
            throw new IllegalStateException(what + ": expected " + n + " entries, found " + count);
        }
        System.out.printf("%-45s %,d bytes for %,d: %.1f bytes each%n", what, after - before, n,
                (after - before) / (double) n);
    }

    /** The heap in use after collecting what can be collected. */
    static long usedAfterGc() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
