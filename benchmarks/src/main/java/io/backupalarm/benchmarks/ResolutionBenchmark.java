package io.backupalarm.benchmarks;

import io.backupalarm.config.Account;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactGroup;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.InstancePolicyMode;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.config.PolicyMode;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.policy.Recipient;
import io.backupalarm.policy.RecipientResolver;
import io.backupalarm.policy.Resolution;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * How long does {@link RecipientResolver} take to answer for one instance of a large
 * configuration, and how much does it allocate, compared with the bare minimum written by hand
 * over the same data (hash map look-ups and a hash set of (channel, address) records)?
 *
 * <p>Data: one account, 1,000 contacts (each with a verified email and a verified mobile), 100
 * groups of 10 disjoint contacts, 5 vaults and 10,000 instances. {@code i-custom} is
 * {@code CUSTOMIZED} with 3 contacts and 2 groups; {@code i-00000} is {@code SAME_AS_VAULT} in
 * vault {@code v-0}, which is {@code CUSTOMIZED} with 3 other contacts and 2 other groups. In both,
 * one named contact is also a member of a named group, so the 23 contact paths lead to 22
 * contacts, that is 44 recipients (22 emails and 22 mobiles).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ResolutionBenchmark -f 1 -wi 3 -i 5 -w 1s -r 2s -prof gc}
 *
 * <p>Not thread-safe; JMH gives each trial its own state.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ResolutionBenchmark {

    static final int CONTACTS = 1_000;
    static final int GROUPS = 100;
    static final int GROUP_SIZE = 10;
    static final int VAULTS = 5;
    static final int INSTANCES = 10_000;
    static final String ACCOUNT = "acme";
    static final String CUSTOM = "i-custom";
    static final String SAME_AS_VAULT = "i-00000";

    private Configuration config;

    // The baseline's own data: plain hash maps filled from the same configuration.
    private Map<String, Instance> instances;
    private Map<String, Vault> vaults;
    private Map<String, Contact> contacts;
    private Map<String, ContactGroup> groups;

    /** Creates the benchmark; JMH calls this. */
    public ResolutionBenchmark() {
    }

    /** Builds the configuration and the baseline's maps, and checks both give the same answer. */
    @Setup
    public void setUp() {
        config = configuration();
        instances = new HashMap<>();
        config.instances().forEach(i -> instances.put(i.id(), i));
        vaults = new HashMap<>();
        config.vaults().forEach(v -> vaults.put(v.id(), v));
        contacts = new HashMap<>();
        config.contacts().forEach(c -> contacts.put(c.id(), c));
        groups = new HashMap<>();
        config.groups().forEach(g -> groups.put(g.id(), g));
        for (String id : List.of(CUSTOM, SAME_AS_VAULT)) {
            Set<Recipient> resolved = RecipientResolver.recipients(config, id);
            Set<Address> baseline = byHand(id);
            if (resolved.size() != 44 || baseline.size() != resolved.size()) {
                throw new IllegalStateException(id + ": resolver " + resolved.size() + ", baseline " + baseline.size());
            }
        }
    }

    static String contactId(int n) {
        return String.format("c-%04d", n);
    }

    static String groupId(int n) {
        return String.format("g-%03d", n);
    }

    /** The configuration described in the class comment. */
    static Configuration configuration() {
        Configuration.Builder builder = Configuration.builder()
                .account(new Account(ACCOUNT, EmailAddress.of("ops@acme.example"), MobileNumber.of("+8613900139000")));
        for (int c = 0; c < CONTACTS; c++) {
            builder.contact(Contact.verified(contactId(c), ACCOUNT, "Contact " + c,
                    EmailAddress.of("person" + c + "@acme.example"), MobileNumber.of(String.format("+86139%08d", c))));
        }
        for (int g = 0; g < GROUPS; g++) {
            List<String> members = new ArrayList<>();
            for (int m = 0; m < GROUP_SIZE; m++) {
                members.add(contactId(g * GROUP_SIZE + m));
            }
            builder.group(new ContactGroup(groupId(g), ACCOUNT, "Group " + g, Set.copyOf(members)));
        }
        // v-0: CUSTOMIZED; c-0105 is also in g-010. The other vaults are DEFAULT.
        builder.vault(new Vault("v-0", ACCOUNT, VaultAlarmPolicy.customized(
                List.of(contactId(105), contactId(501), contactId(777)), List.of(groupId(10), groupId(60)))));
        for (int v = 1; v < VAULTS; v++) {
            builder.vault(new Vault("v-" + v, ACCOUNT, VaultAlarmPolicy.of(PolicyMode.DEFAULT)));
        }
        for (int i = 0; i < INSTANCES - 1; i++) {
            builder.instance(new Instance(String.format("i-%05d", i), "v-" + (i % VAULTS),
                    InstanceAlarmPolicy.of(InstancePolicyMode.SAME_AS_VAULT)));
        }
        // i-custom: CUSTOMIZED; c-0003 is also in g-000.
        builder.instance(new Instance(CUSTOM, "v-1", InstanceAlarmPolicy.customized(
                List.of(contactId(3), contactId(250), contactId(999)), List.of(groupId(0), groupId(42)))));
        return builder.build();
    }

    /** The baseline's recipient: a bare record of channel and address. */
    record Address(String channel, String address) {
    }

    /**
     * The bare minimum by hand: instance, vault, policy, contacts and groups from hash maps, the
     * verified addresses into a hash set. No {@code Optional}, no paths, no copy.
     */
    private Set<Address> byHand(String instanceId) {
        Instance instance = instances.get(instanceId);
        Vault vault = vaults.get(instance.vault());
        io.backupalarm.config.AlarmPolicy policy;
        PolicyMode mode;
        if (instance.alarmPolicy().mode() == InstancePolicyMode.SAME_AS_VAULT) {
            policy = vault.alarmPolicy();
            mode = vault.alarmPolicy().mode();
        } else {
            policy = instance.alarmPolicy();
            mode = PolicyMode.valueOf(instance.alarmPolicy().mode().name());
        }
        Set<Address> out = new HashSet<>();
        if (mode != PolicyMode.CUSTOMIZED) {
            throw new IllegalStateException("the benchmark only resolves CUSTOMIZED policies");
        }
        for (String contactId : policy.contacts()) {
            addContact(out, contacts.get(contactId));
        }
        for (String groupId : policy.groups()) {
            for (String member : groups.get(groupId).members()) {
                addContact(out, contacts.get(member));
            }
        }
        return out;
    }

    private static void addContact(Set<Address> out, Contact contact) {
        if (contact.emailVerified()) {
            out.add(new Address("email", contact.email().value()));
        }
        if (contact.mobileVerified()) {
            out.add(new Address("sms", contact.mobile().value()));
        }
    }

    /**
     * Baseline for the {@code CUSTOMIZED} instance.
     *
     * @return the addresses
     */
    @Benchmark
    public Set<Address> baselineCustomized() {
        return byHand(CUSTOM);
    }

    /**
     * Baseline for the {@code SAME_AS_VAULT} instance.
     *
     * @return the addresses
     */
    @Benchmark
    public Set<Address> baselineSameAsVault() {
        return byHand(SAME_AS_VAULT);
    }

    /**
     * The resolver's fast path for the {@code CUSTOMIZED} instance.
     *
     * @return the recipients
     */
    @Benchmark
    public Set<Recipient> recipientsCustomized() {
        return RecipientResolver.recipients(config, CUSTOM);
    }

    /**
     * The resolver's fast path for the {@code SAME_AS_VAULT} instance.
     *
     * @return the recipients
     */
    @Benchmark
    public Set<Recipient> recipientsSameAsVault() {
        return RecipientResolver.recipients(config, SAME_AS_VAULT);
    }

    /**
     * The resolver with every path, for the {@code CUSTOMIZED} instance.
     *
     * @return the resolution
     */
    @Benchmark
    public Resolution explainCustomized() {
        return RecipientResolver.explain(config, CUSTOM);
    }
}
