package io.backupalarm.store.jdbc;

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
import io.backupalarm.delivery.DeliverySettings;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.testkit.RecordingChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * Nodes on one database: each with its own {@link JdbcStore}, engine and recording channels.
 * {@link #seed} and {@link #settings} are public for the benchmarks module (this module's test-jar).
 */
public final class Cluster implements AutoCloseable {

    /** Instances {@code i-00} to {@code i-19}, all told to the same three contacts by email and SMS. */
    static final int INSTANCES = 20;
    /** Recipients of each alarm: the three contacts, each by email and by SMS. */
    public static final int RECIPIENTS = 6;

    /** One node. */
    record Node(String name, JdbcStore store, AlarmEngine engine, Channel email, Channel sms) {
    }

    private final DataSource dataSource;
    private final List<Node> nodes = new ArrayList<>();

    Cluster(DataSource dataSource) {
        this.dataSource = dataSource;
        seed(TestDatabases.migrated(dataSource).configuration());
    }

    static String instance(int i) {
        return String.format(Locale.ROOT, "i-%02d", i);
    }

    /** The configuration every test uses. */
    public static void seed(ConfigurationStore store) {
        ConfigurationAdmin admin = ConfigurationAdmin.on(store);
        admin.createAccount(new Account("acct-1", EmailAddress.of("owner@example.com"), null, null, null));
        for (int c = 1; c <= 3; c++) {
            admin.importContact(Contact.verified("c-" + c, "acct-1", "Contact " + c,
                    EmailAddress.of("c" + c + "@example.com"), MobileNumber.of("+861390013900" + c)));
        }
        admin.createGroup(new ContactGroup("g-ops", "acct-1", "Ops", Set.of("c-1", "c-2")));
        admin.createVault(new Vault("v-1", "acct-1", VaultAlarmPolicy.customized(Set.of("c-3"), Set.of("g-ops"))));
        for (int i = 0; i < INSTANCES; i++) {
            admin.createInstance(new Instance(instance(i), "v-1", InstanceAlarmPolicy.SAME_AS_VAULT));
        }
    }

    /** Alarm settings of the tests: a short grace period, no repeats. */
    public static AlarmSettings settings(Duration grace) {
        return AlarmSettings.custom().disconnectGracePeriod(grace).backupFailureGracePeriod(grace).build();
    }

    /** Starts a node whose channels record what they send. */
    Node start(String name, Duration grace, Duration lease) {
        Clock clock = Clock.systemUTC();
        return start(name, grace, lease, new RecordingChannel(Channel.EMAIL, clock), new RecordingChannel(Channel.SMS, clock));
    }

    /** Starts a node with the given channels. */
    Node start(String name, Duration grace, Duration lease, Channel email, Channel sms) {
        JdbcStore store = JdbcStore.builder(dataSource).nodeId(name).claimLease(lease).build();
        AlarmEngine engine = AlarmEngine.builder()
                .configuration(store.configuration())
                .alarmStore(store.alarms())
                .outbox(store.outbox())
                .settings(settings(grace))
                .delivery(DeliverySettings.custom().sweepInterval(Duration.ofMillis(100))
                        .initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(1)).build())
                .channel(email)
                .channel(sms)
                .build();
        Node node = new Node(name, store, engine, email, sms);
        nodes.add(node);
        return node;
    }

    /** Waits for a condition, failing after a generous limit (a liveness bound, not a timing assertion). */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant limit = Instant.now().plusSeconds(60);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(limit)) {
                throw new AssertionError("gave up waiting: " + what);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        nodes.forEach(node -> node.engine().close());
    }
}
