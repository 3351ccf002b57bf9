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
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.testkit.RecordingChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Nodes on one database: each with its own connection pool and {@link JdbcStore}, its own engine on a
 * {@link ManualClock} of its own (so that a test moves each node's time, and no node does
 * anything the test did not ask for), and recording channels. {@link #seed} and
 * {@link #settings} are public for the benchmarks module (this module's test-jar).
 */
public final class Cluster implements AutoCloseable {

    /** Instances {@code i-00} to {@code i-19}, all told to the same three contacts by email and SMS. */
    static final int INSTANCES = 20;
    /** Recipients of each alarm: the three contacts, each by email and by SMS. */
    public static final int RECIPIENTS = 6;

    /** One node, whose engine does what its clock's moves ask for, on the calling thread. */
    record Node(String name, JdbcStore store, AlarmEngine engine, ManualClock clock, RecordingChannel email,
                RecordingChannel sms) {

        /** What this node's channels sent, in the order they sent it. */
        List<OutboundMessage> sent() {
            return Stream.concat(email.sent().stream(), sms.sent().stream()).map(RecordingChannel.Sent::message)
                    .toList();
        }
    }

    private final DataSource dataSource;
    private final List<Node> nodes = new ArrayList<>();
    /** Each node's own, as separate processes have; the first seeds the database. */
    private final ConnectionPools pools = new ConnectionPools();

    Cluster(DataSource dataSource) {
        this.dataSource = dataSource;
        seed(TestDatabases.migrated(pools.over(dataSource)).configuration());
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

    /** How long a recipient's group collects before it is sent: the default of the settings below. */
    public static final Duration GROUP_WAIT = AlarmSettings.custom().build().groupWait();

    /** Alarm settings of the tests: a short grace period, no repeats, groups as by default. */
    public static AlarmSettings settings(Duration grace) {
        return AlarmSettings.custom().disconnectGracePeriod(grace).backupFailureGracePeriod(grace).build();
    }

    /** Starts a node whose clock shows {@code now}. */
    Node start(String name, Instant now, Duration grace, Duration lease) {
        JdbcStore store = JdbcStore.builder(pools.over(dataSource)).nodeId(name).claimLease(lease).build();
        ManualClock clock = new ManualClock(now);
        RecordingChannel email = new RecordingChannel(Channel.EMAIL, clock);
        RecordingChannel sms = new RecordingChannel(Channel.SMS, clock);
        AlarmEngine engine = AlarmEngine.builder()
                .configuration(store.configuration())
                .alarmStore(store.alarms())
                .outbox(store.outbox())
                .silences(store.silences())
                .history(store.history())
                .node(name)
                .manualTime(clock)
                .settings(settings(grace))
                .channel(email)
                .channel(sms)
                .build();
        Node node = new Node(name, store, engine, clock, email, sms);
        nodes.add(node);
        return node;
    }

    @Override
    public void close() {
        nodes.forEach(node -> node.engine().close());
        pools.close();
    }
}
