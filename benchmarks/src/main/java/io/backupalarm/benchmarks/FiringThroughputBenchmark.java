package io.backupalarm.benchmarks;

import io.backupalarm.config.Account;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.Contact;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.ManualTime;
import io.backupalarm.spi.ConfigurationStore;
import java.lang.ref.Reference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How many notifications per second does the engine get out when 100,000 alarms fall due at the
 * same instant with 3 recipients each, compared with allocating the same number of bare records
 * into a list?
 *
 * <p>Each measured operation is one whole batch: {@code advanceTo} the instant the 100,000
 * pending {@code CLIENT_DISCONNECTED} alarms fall due, which resolves their recipients (a
 * {@code CUSTOMIZED} vault naming 3 contacts with verified emails), renders and writes 300,000
 * notifications to the in-memory outbox, and sends them synchronously ({@link ManualClock}) to a
 * channel that only counts. The engine, its stores and the 100,000 pending alarms are built
 * afresh before each batch, outside the measurement; the configuration once per trial.
 * Notifications per second = 300,000 / the time of one batch.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar FiringThroughputBenchmark -f 1 -wi 3 -i 5}
 * (single-shot: {@code -w} and {@code -r} do not apply)
 *
 * <p>Not thread-safe; JMH gives each trial its own state.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class FiringThroughputBenchmark {

    static final int ALARMS = 100_000;
    static final int RECIPIENTS = 3;
    static final int NOTIFICATIONS = ALARMS * RECIPIENTS;
    static final String ACCOUNT = "acme";
    static final Instant T0 = Instant.parse("2026-11-27T00:00:00Z");
    static final Duration GRACE = Duration.ofHours(1);

    /** Creates the benchmark; JMH calls this. */
    public FiringThroughputBenchmark() {
    }

    static String instanceId(int n) {
        return "i-" + n;
    }

    /** An engine with 100,000 alarms about to fire. */
    @State(Scope.Benchmark)
    public static class Batch {
        ConfigurationStore store;
        CountingChannel channel;
        AlarmEngine engine;

        /** Creates the state; JMH calls this. */
        public Batch() {
        }

        /** Builds the configuration: one account, 3 contacts, one vault naming them, the instances. */
        @Setup(Level.Trial)
        public void configure() {
            Configuration.Builder builder = Configuration.builder()
                    .account(new Account(ACCOUNT, EmailAddress.of("ops@acme.example"), null));
            List<String> contacts = new ArrayList<>();
            for (int c = 0; c < RECIPIENTS; c++) {
                String id = "c-" + c;
                contacts.add(id);
                builder.contact(Contact.verified(id, ACCOUNT, "Contact " + c,
                        EmailAddress.of("person" + c + "@acme.example"), null));
            }
            builder.vault(new Vault("v-0", ACCOUNT, VaultAlarmPolicy.customized(contacts, List.of())));
            for (int i = 0; i < ALARMS; i++) {
                builder.instance(new Instance(instanceId(i), "v-0", null));
            }
            // The engine only reads; one store serves every batch.
            store = ConfigurationStore.inMemory(builder.build());
        }

        /** A fresh engine, stores and channel, with the alarms opened (not measured). */
        @Setup(Level.Invocation)
        public void open() {
            channel = new CountingChannel("email");
            engine = AlarmEngine.builder().configuration(store).manualTime(new ManualClock(T0))
                    .settings(EngineBenchmark.UNGROUPED).channel(channel).build();
            for (int i = 0; i < ALARMS; i++) {
                engine.report(new AlarmEvent.ClientDisconnected(instanceId(i), T0));
            }
        }

        /** Checks that every notification reached the channel. */
        @TearDown(Level.Invocation)
        public void check() {
            if (channel.sent() != NOTIFICATIONS) {
                throw new IllegalStateException("expected " + NOTIFICATIONS + " notifications, the channel got "
                        + channel.sent());
            }
            engine.close();
            engine = null;
        }
    }

    /** The ids the baseline records carry. */
    @State(Scope.Benchmark)
    public static class Ids {
        String[] ids;
        String[] addresses;

        /** Creates the state; JMH calls this. */
        public Ids() {
        }

        /** Makes the ids. */
        @Setup(Level.Trial)
        public void setUp() {
            ids = new String[ALARMS];
            for (int i = 0; i < ALARMS; i++) {
                ids[i] = instanceId(i);
            }
            addresses = new String[RECIPIENTS];
            for (int r = 0; r < RECIPIENTS; r++) {
                addresses[r] = "person" + r + "@acme.example";
            }
        }
    }

    /** The baseline's notification: a bare record. */
    record Sent(String instance, String channel, String address, Instant at) {
    }

    /**
     * The engine: fire 100,000 alarms and send their 300,000 notifications.
     *
     * @param batch the engine about to fire
     * @return the engine
     */
    @Benchmark
    public Object fireAndSend(Batch batch) {
        ManualTime.of(batch.engine).advanceTo(T0.plus(GRACE));
        return batch.engine;
    }

    /**
     * The live heap one batch leaves behind, with the default in-memory stores (not a JMH
     * benchmark): per pending alarm once the 100,000 are reported, and per notification once they
     * fired and the 300,000 notifications were sent (each kept in the outbox and the history).
     * Run: {@code java -Xmx4g -cp benchmarks/target/benchmarks.jar
     * io.backupalarm.benchmarks.FiringThroughputBenchmark}
     *
     * @param args none
     * @throws InterruptedException if interrupted between collections
     */
    public static void main(String[] args) throws InterruptedException {
        Batch batch = new Batch();
        batch.configure();
        long configured = EngineBenchmark.usedAfterGc();
        batch.open();
        long opened = EngineBenchmark.usedAfterGc();
        new FiringThroughputBenchmark().fireAndSend(batch);
        long sent = EngineBenchmark.usedAfterGc();
        if (batch.channel.sent() != NOTIFICATIONS) {
            throw new IllegalStateException("expected " + NOTIFICATIONS + " notifications, the channel got "
                    + batch.channel.sent());
        }
        System.out.printf("%s, %s%n", System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"));
        System.out.printf("%,d alarms pending: %.0f bytes each%n", ALARMS, (opened - configured) / (double) ALARMS);
        System.out.printf("%,d notifications sent: %.0f bytes each%n", NOTIFICATIONS,
                (sent - opened) / (double) NOTIFICATIONS);
        Reference.reachabilityFence(batch); // its engine holds what was measured
    }

    /**
     * The baseline: 300,000 bare records into a list.
     *
     * @param ids the instance ids
     * @return the list
     */
    @Benchmark
    public List<Sent> baseline(Ids ids) {
        Instant at = T0.plus(GRACE);
        String[] addresses = ids.addresses;
        List<Sent> out = new ArrayList<>();
        for (int i = 0; i < ALARMS; i++) {
            for (int r = 0; r < RECIPIENTS; r++) {
                out.add(new Sent(ids.ids[i], "email", addresses[r], at));
            }
        }
        return out;
    }
}
