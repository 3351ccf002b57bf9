package io.backupalarm.policy;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.backupalarm.config.Account;
import io.backupalarm.config.AlarmPolicy;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactAddress;
import io.backupalarm.config.ContactGroup;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.InstancePolicyMode;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.config.PolicyMode;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.spi.Channel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.quicktheories.core.Gen;

/**
 * Generates whole valid configurations, and an independent reading of the resolution rules of
 * the behaviour contract (section 3) to check the resolver against.
 *
 * <p>A configuration is read off a "tape" of small generated numbers: every choice (how many
 * contacts, which address, verified or not, which mode...) takes the next number, and a missing
 * number reads as 0, the smallest choice. QuickTheories shrinks the numbers of the tape towards 0,
 * so a failing configuration shrinks towards one account, one contact, one vault and one instance.
 */
final class Configurations {

    /** Small pools, so that contacts and accounts share addresses and duplicates must be merged. */
    static final List<EmailAddress> EMAILS = List.of(
            EmailAddress.of("ops@example.com"), EmailAddress.of("alice@example.com"), EmailAddress.of("bob@example.org"),
            EmailAddress.of("\"night shift\"@example.com"), EmailAddress.of("carol@[192.0.2.1]"),
            EmailAddress.of("dave@example.net"));
    static final List<MobileNumber> MOBILES = List.of(
            MobileNumber.of("+8613800138000"), MobileNumber.of("+8613900139000"), MobileNumber.of("+447911123456"),
            MobileNumber.of("+4915123456789"));

    /** Further addresses, shared between contacts with varying secret ids and verification. */
    static final List<ContactAddress> FURTHER = List.of(
            ContactAddress.unverified("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=ops", null),
            ContactAddress.unverified("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=night", null),
            ContactAddress.unverified("slack", "https://hooks.slack.com/services/T0/B0/ops", null),
            ContactAddress.unverified("pager", "ops-rotation", null));
    /** The secret ids a further address may name; {@code null}: none. */
    static final List<String> SECRETS = java.util.Arrays.asList(null, "secret-1", "secret-2");

    private Configurations() {
    }

    /** @return valid configurations of 1-2 accounts with contacts, groups, vaults and instances in every mode */
    static Gen<Configuration> configurations() {
        return lists().of(integers().between(0, 1_000)).ofType(lists().arrayList()).ofSize(200)
                .map(Configurations::fromTape).describedAs(Configurations::describe);
    }

    /** Every item of a configuration, one kind a line: what a failing run prints. */
    static String describe(Configuration configuration) {
        return Stream.of(configuration.accounts(), configuration.contacts(), configuration.groups(), configuration.vaults(),
                configuration.instances()).map(String::valueOf).collect(Collectors.joining("\n  ", "Configuration\n  ", ""));
    }

    private static final class Tape {
        private final List<Integer> values;
        private int next;

        Tape(List<Integer> values) {
            this.values = values;
        }

        int next(int bound) {
            return next < values.size() ? values.get(next++) % bound : 0;
        }

        boolean coin() {
            return next(2) == 1;
        }
    }

    static Configuration fromTape(List<Integer> values) {
        Tape tape = new Tape(values);
        Configuration.Builder builder = Configuration.builder();
        int accounts = 1 + tape.next(2);
        int contactSeq = 0;
        int groupSeq = 0;
        int vaultSeq = 0;
        int instanceSeq = 0;
        for (int a = 1; a <= accounts; a++) {
            String accountId = "a-" + a;
            int accountAddresses = tape.next(3);
            builder.account(new Account(accountId,
                    accountAddresses != 1 ? EMAILS.get(tape.next(EMAILS.size())) : null,
                    accountAddresses != 0 ? MOBILES.get(tape.next(MOBILES.size())) : null));

            List<String> contacts = new ArrayList<>();
            int contactCount = 1 + tape.next(4);
            for (int c = 0; c < contactCount; c++) {
                String contactId = "c-" + (++contactSeq);
                // 0: email, 1: mobile, 2: both, 3: further addresses only.
                int addresses = tape.next(4);
                EmailAddress email = addresses == 0 || addresses == 2 ? EMAILS.get(tape.next(EMAILS.size())) : null;
                MobileNumber mobile = addresses == 1 || addresses == 2 ? MOBILES.get(tape.next(MOBILES.size())) : null;
                int furtherCount = (addresses == 3 ? 1 : 0) + tape.next(3);
                List<ContactAddress> further = new ArrayList<>();
                for (int f = 0; f < furtherCount; f++) {
                    ContactAddress target = FURTHER.get(tape.next(FURTHER.size()));
                    if (further.stream().noneMatch(held -> held.sameTarget(target.channel(), target.address()))) {
                        further.add(new ContactAddress(target.channel(), target.address(),
                                SECRETS.get(tape.next(SECRETS.size())), tape.coin()));
                    }
                }
                builder.contact(new Contact(contactId, accountId, "Contact " + contactSeq, email, mobile,
                        email != null && tape.coin(), mobile != null && tape.coin(), further));
                contacts.add(contactId);
            }

            List<String> groups = new ArrayList<>();
            int groupCount = tape.next(3);
            for (int g = 0; g < groupCount; g++) {
                String groupId = "g-" + (++groupSeq);
                builder.group(new ContactGroup(groupId, accountId, "Group " + groupSeq, subset(tape, contacts, true)));
                groups.add(groupId);
            }

            int vaultCount = 1 + tape.next(2);
            for (int v = 0; v < vaultCount; v++) {
                String vaultId = "v-" + (++vaultSeq);
                PolicyMode mode = PolicyMode.values()[tape.next(3)];
                VaultAlarmPolicy policy = mode == PolicyMode.CUSTOMIZED
                        ? customized(tape, contacts, groups, VaultAlarmPolicy::customized)
                        : VaultAlarmPolicy.of(mode);
                builder.vault(new Vault(vaultId, accountId, policy));

                int instanceCount = 1 + tape.next(3);
                for (int i = 0; i < instanceCount; i++) {
                    String instanceId = "i-" + (++instanceSeq);
                    InstancePolicyMode instanceMode = List.of(InstancePolicyMode.SAME_AS_VAULT, InstancePolicyMode.DISABLED,
                            InstancePolicyMode.DEFAULT, InstancePolicyMode.CUSTOMIZED).get(tape.next(4));
                    InstanceAlarmPolicy instancePolicy = instanceMode == InstancePolicyMode.CUSTOMIZED
                            ? customized(tape, contacts, groups, InstanceAlarmPolicy::customized)
                            : InstanceAlarmPolicy.of(instanceMode);
                    builder.instance(new Instance(instanceId, vaultId, instancePolicy));
                }
            }
        }
        return builder.build();
    }

    private interface PolicyFactory<P> {
        P create(Set<String> contacts, Set<String> groups);
    }

    private static <P> P customized(Tape tape, List<String> contacts, List<String> groups, PolicyFactory<P> factory) {
        Set<String> namedContacts = subset(tape, contacts, false);
        Set<String> namedGroups = subset(tape, groups, false);
        if (namedContacts.isEmpty() && namedGroups.isEmpty()) {
            namedContacts = Set.of(contacts.get(tape.next(contacts.size())));
        }
        return factory.create(namedContacts, namedGroups);
    }

    private static Set<String> subset(Tape tape, List<String> from, boolean nonEmpty) {
        Set<String> out = new LinkedHashSet<>();
        for (String id : from) {
            if (tape.coin()) {
                out.add(id);
            }
        }
        if (out.isEmpty() && nonEmpty) {
            out.add(from.get(tape.next(from.size())));
        }
        return out;
    }

    /**
     * The same configuration built again with every list and set in another order.
     *
     * @param configuration the configuration
     * @param random the source of the new order
     * @return an equal configuration, built in a shuffled order
     */
    static Configuration shuffled(Configuration configuration, Random random) {
        List<java.util.function.Consumer<Configuration.Builder>> adds = new ArrayList<>();
        configuration.accounts().forEach(a -> adds.add(b -> b.account(a)));
        // A contact's further addresses keep their order: it is part of the contact.
        configuration.contacts().forEach(c -> adds.add(b -> b.contact(c)));
        configuration.groups().forEach(g -> adds.add(b -> b.group(
                new ContactGroup(g.id(), g.account(), g.name(), shuffledSet(g.members(), random)))));
        configuration.vaults().forEach(v -> adds.add(b -> b.vault(new Vault(v.id(), v.account(),
                v.alarmPolicy().mode() == PolicyMode.CUSTOMIZED
                        ? VaultAlarmPolicy.customized(shuffledList(v.alarmPolicy().contacts(), random),
                                shuffledList(v.alarmPolicy().groups(), random))
                        : v.alarmPolicy()))));
        configuration.instances().forEach(i -> adds.add(b -> b.instance(new Instance(i.id(), i.vault(),
                i.alarmPolicy().mode() == InstancePolicyMode.CUSTOMIZED
                        ? InstanceAlarmPolicy.customized(shuffledList(i.alarmPolicy().contacts(), random),
                                shuffledList(i.alarmPolicy().groups(), random))
                        : i.alarmPolicy()))));
        Collections.shuffle(adds, random);
        Configuration.Builder builder = Configuration.builder();
        adds.forEach(add -> add.accept(builder));
        return builder.build();
    }

    private static List<String> shuffledList(Set<String> ids, Random random) {
        List<String> list = new ArrayList<>(ids);
        Collections.shuffle(list, random);
        return list;
    }

    private static Set<String> shuffledSet(Set<String> ids, Random random) {
        return new LinkedHashSet<>(shuffledList(ids, random));
    }

    // -------------------------------------------------------------------- the contract, read again

    /** The policy that applies to an instance: its own unless SAME_AS_VAULT. */
    static AlarmPolicy effectivePolicy(Configuration configuration, Instance instance) {
        if (instance.alarmPolicy().mode() == InstancePolicyMode.SAME_AS_VAULT) {
            return configuration.vault(instance.vault()).orElseThrow().alarmPolicy();
        }
        return instance.alarmPolicy();
    }

    /** The mode of the policy that applies. */
    static PolicyMode effectiveMode(Configuration configuration, Instance instance) {
        AlarmPolicy policy = effectivePolicy(configuration, instance);
        return policy instanceof VaultAlarmPolicy vault ? vault.mode()
                : PolicyMode.valueOf(((InstanceAlarmPolicy) policy).mode().name());
    }

    /** Every recipient with every path that leads to it, straight from the contract's words. */
    static Map<Recipient, Set<Via>> expectedPaths(Configuration configuration, Instance instance) {
        Map<Recipient, Set<Via>> out = new HashMap<>();
        AlarmPolicy policy = effectivePolicy(configuration, instance);
        Account account = configuration.account(configuration.accountOf(instance)).orElseThrow();
        switch (effectiveMode(configuration, instance)) {
            case DISABLED -> {
            }
            case DEFAULT -> {
                account.emailAddress().ifPresent(e -> add(out, Channel.EMAIL, e.value(), Via.account(account.id())));
                account.mobileNumber().ifPresent(m -> add(out, Channel.SMS, m.value(), Via.account(account.id())));
            }
            case CUSTOMIZED -> {
                for (String contactId : policy.contacts()) {
                    addContact(out, configuration.contact(contactId).orElseThrow(), Via.contact(contactId));
                }
                for (String groupId : policy.groups()) {
                    for (String member : configuration.group(groupId).orElseThrow().members()) {
                        addContact(out, configuration.contact(member).orElseThrow(), Via.group(member, groupId));
                    }
                }
            }
            default -> throw new AssertionError();
        }
        return out;
    }

    private static void addContact(Map<Recipient, Set<Via>> out, Contact contact, Via via) {
        if (contact.email() != null && contact.emailVerified()) {
            add(out, Channel.EMAIL, contact.email().value(), via);
        }
        if (contact.mobile() != null && contact.mobileVerified()) {
            add(out, Channel.SMS, contact.mobile().value(), via);
        }
        for (ContactAddress address : contact.addresses()) {
            if (address.verified()) {
                add(out, address.channel(), address.address(), via);
            }
        }
    }

    /**
     * The secret id a recipient carries, straight from the contract's words: the one its address
     * names on the first path (in the order of {@link Via}) that leads to it.
     */
    static String expectedSecret(Configuration configuration, Recipient recipient, Set<Via> paths) {
        Via first = paths.stream().sorted().findFirst().orElseThrow();
        if (first.contact() == null) {
            return null;
        }
        return configuration.contact(first.contact()).orElseThrow().address(recipient.channel(), recipient.address())
                .map(ContactAddress::secret).orElse(null);
    }

    private static void add(Map<Recipient, Set<Via>> out, String channel, String address, Via via) {
        out.computeIfAbsent(new Recipient(channel, address), r -> new HashSet<>()).add(via);
    }
}
