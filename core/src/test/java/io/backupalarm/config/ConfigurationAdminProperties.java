package io.backupalarm.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.backupalarm.InUseException;
import io.backupalarm.NotFoundException;
import io.backupalarm.ValidationException;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * A stateful property of the administration service: sequences of creates, edits, deletes and
 * policy changes over small id pools (so that ids collide, references cross accounts and deletes
 * hit things in use) are applied to the service and to a simple model of the contract. After
 * every step the service's snapshot is a valid configuration equal to the model, and a rejected
 * step changed nothing.
 *
 * <p>A sequence is a generated list of steps, so a failing one shrinks to fewer and simpler steps.
 * The seed of a failing run is printed; {@code -DQT_SEED=<seed>} replays it.
 */
@DisplayName("ConfigurationAdmin, over any sequence of changes")
final class ConfigurationAdminProperties {

    private static final List<String> ACCOUNTS = List.of("a-1", "a-2");
    private static final List<String> CONTACTS = List.of("c-1", "c-2", "c-3", "c-4");
    private static final List<String> GROUPS = List.of("g-1", "g-2", "g-3");
    private static final List<String> VAULTS = List.of("v-1", "v-2");
    private static final List<String> INSTANCES = List.of("i-1", "i-2", "i-3");
    private static final List<EmailAddress> EMAILS = List.of(
            EmailAddress.of("one@example.com"), EmailAddress.of("two@example.com"), EmailAddress.of("three@example.org"));
    private static final List<MobileNumber> MOBILES = List.of(
            MobileNumber.of("+8613800138000"), MobileNumber.of("+447911123456"));

    enum Kind {
        CREATE_ACCOUNT, UPDATE_ACCOUNT, DELETE_ACCOUNT,
        CREATE_CONTACT, IMPORT_CONTACT, UPDATE_CONTACT, MARK_VERIFIED, DELETE_CONTACT,
        CREATE_GROUP, UPDATE_GROUP, DELETE_GROUP,
        CREATE_VAULT, SET_VAULT_POLICY, DELETE_VAULT,
        CREATE_INSTANCE, SET_INSTANCE_POLICY, DELETE_INSTANCE
    }

    /** One generated change; {@code x}, {@code y} and {@code bits} pick ids, addresses and policies. */
    record Step(Kind kind, int x, int y, int bits) {
    }

    /** What the contract says a step does. */
    private enum Outcome { OK, NOT_FOUND, INVALID, IN_USE }

    static Gen<List<Step>> steps() {
        Gen<Step> step = kinds().zip(integers().between(0, 11), integers().between(0, 11), integers().between(0, 4095),
                Step::new);
        // A step may shrink away anywhere in the sequence, not only at its end (one in a hundred is left out).
        return lists().of(step.toOptionals(1)).ofSizeBetween(5, 60)
                .map(list -> list.stream().flatMap(Optional::stream).toList());
    }

    /** Creates and policy changes more often than deletes, so that sequences build something to delete. */
    private static Gen<Kind> kinds() {
        return Generate.frequency(List.of(
                weight(6, Kind.CREATE_ACCOUNT), weight(1, Kind.UPDATE_ACCOUNT), weight(1, Kind.DELETE_ACCOUNT),
                weight(8, Kind.CREATE_CONTACT), weight(4, Kind.IMPORT_CONTACT), weight(3, Kind.UPDATE_CONTACT),
                weight(2, Kind.MARK_VERIFIED), weight(4, Kind.DELETE_CONTACT),
                weight(6, Kind.CREATE_GROUP), weight(3, Kind.UPDATE_GROUP), weight(3, Kind.DELETE_GROUP),
                weight(6, Kind.CREATE_VAULT), weight(5, Kind.SET_VAULT_POLICY), weight(2, Kind.DELETE_VAULT),
                weight(6, Kind.CREATE_INSTANCE), weight(5, Kind.SET_INSTANCE_POLICY), weight(2, Kind.DELETE_INSTANCE)));
    }

    private static Pair<Integer, Gen<Kind>> weight(int weight, Kind kind) {
        return Pair.of(weight, Generate.constant(kind));
    }

    @Test
    @DisplayName("no reference ever dangles or crosses accounts, the store follows the model, and a rejected step changes nothing")
    void followsTheModel() {
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        qt().withExamples(400).forAll(steps()).checkAssert(steps -> followTheModel(steps, outcomes));

        // The generator must keep exercising every kind of answer, or the property proves little.
        int total = outcomes.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(percent(outcomes, Outcome.OK, total)).as("%% of steps accepted, of %s", outcomes).isGreaterThan(20);
        assertThat(percent(outcomes, Outcome.IN_USE, total)).as("%% refused as in use, of %s", outcomes).isGreaterThan(1);
        assertThat(percent(outcomes, Outcome.INVALID, total)).as("%% refused as invalid, of %s", outcomes).isGreaterThan(5);
        assertThat(percent(outcomes, Outcome.NOT_FOUND, total)).as("%% refused as not found, of %s", outcomes).isGreaterThan(5);
    }

    private static double percent(Map<Outcome, Integer> counts, Outcome outcome, int total) {
        return 100.0 * counts.getOrDefault(outcome, 0) / total;
    }

    private static void followTheModel(List<Step> steps, Map<Outcome, Integer> outcomes) {
        ConfigurationAdmin admin = ConfigurationAdmin.on(ConfigurationStore.inMemory());
        Model model = new Model();
        // Both accounts exist at the start (a step may still delete them), so more steps build something.
        List<Step> all = new ArrayList<>(List.of(new Step(Kind.CREATE_ACCOUNT, 0, 0, 0), new Step(Kind.CREATE_ACCOUNT, 1, 0, 4)));
        all.addAll(steps);
        for (Step step : all) {
            Configuration before = admin.snapshot();
            Expected expected = model.expect(step);
            outcomes.merge(expected.outcome, 1, Integer::sum);
            Object result;
            try {
                result = apply(admin, step);
            } catch (NotFoundException | ValidationException | InUseException e) {
                assertThat(outcomeOf(e)).as("%s was rejected with %s", step, e.getMessage()).isEqualTo(expected.outcome);
                if (e instanceof InUseException inUse) {
                    assertThat(inUse.heldBy()).as("holders of %s", step).isEqualTo(expected.holders);
                }
                // snapshot() builds a checked Configuration, so it also proves nothing dangles.
                assertThat(admin.snapshot()).as("state after rejected %s", step).isEqualTo(before);
                continue;
            }
            if (expected.outcome != Outcome.OK) {
                fail("%s was accepted but the contract says %s", step, expected.outcome);
            }
            if (expected.result != null) {
                assertThat(result).as("result of %s", step).isEqualTo(expected.result);
            }
            model.commit();
            assertThat(admin.snapshot()).as("state after %s", step).isEqualTo(model.build());
        }
    }

    private static Outcome outcomeOf(RuntimeException e) {
        if (e instanceof NotFoundException) {
            return Outcome.NOT_FOUND;
        }
        return e instanceof InUseException ? Outcome.IN_USE : Outcome.INVALID;
    }

    // ------------------------------------------------------------------ how a step reads its ints

    private static String account(int i) {
        return ACCOUNTS.get(i % ACCOUNTS.size());
    }

    private static String contact(int i) {
        return CONTACTS.get(i % CONTACTS.size());
    }

    private static String group(int i) {
        return GROUPS.get(i % GROUPS.size());
    }

    private static String vault(int i) {
        return VAULTS.get(i % VAULTS.size());
    }

    private static String instance(int i) {
        return INSTANCES.get(i % INSTANCES.size());
    }

    private static Account accountValue(String id, int bits) {
        int which = bits % 3;
        return new Account(id, which != 1 ? EMAILS.get((bits / 3) % EMAILS.size()) : null,
                which != 0 ? MOBILES.get((bits / 9) % MOBILES.size()) : null);
    }

    private static Contact contactValue(String id, String accountId, int bits) {
        int which = bits % 3;
        EmailAddress email = which != 1 ? EMAILS.get((bits / 3) % EMAILS.size()) : null;
        MobileNumber mobile = which != 0 ? MOBILES.get((bits / 9) % MOBILES.size()) : null;
        return new Contact(id, accountId, "Contact " + id, email, mobile,
                email != null && (bits & 64) != 0, mobile != null && (bits & 128) != 0);
    }

    /** One or two ids of a pool: policies and groups that name few things are more often valid. */
    private static Set<String> pick(List<String> pool, int bits) {
        Set<String> out = new LinkedHashSet<>();
        out.add(pool.get(bits % pool.size()));
        if ((bits / pool.size()) % 3 == 0) {
            out.add(pool.get((bits / (3 * pool.size())) % pool.size()));
        }
        return out;
    }

    private static ContactGroup groupValue(String id, String accountId, int bits) {
        return new ContactGroup(id, accountId, "Group " + id, pick(CONTACTS, bits));
    }

    private static VaultAlarmPolicy vaultPolicy(int bits) {
        PolicyMode mode = PolicyMode.values()[bits % 3];
        if (mode != PolicyMode.CUSTOMIZED) {
            return VaultAlarmPolicy.of(mode);
        }
        return customized(bits >> 2, VaultAlarmPolicy::customized);
    }

    private static InstanceAlarmPolicy instancePolicy(int bits) {
        InstancePolicyMode mode = InstancePolicyMode.values()[bits % 4];
        if (mode != InstancePolicyMode.CUSTOMIZED) {
            return InstanceAlarmPolicy.of(mode);
        }
        return customized(bits >> 2, InstanceAlarmPolicy::customized);
    }

    private interface PolicyFactory<P> {
        P create(Set<String> contacts, Set<String> groups);
    }

    private static <P> P customized(int bits, PolicyFactory<P> factory) {
        int which = bits % 3; // contacts only, groups only, both
        return factory.create(which != 1 ? pick(CONTACTS, bits / 3) : Set.of(),
                which != 0 ? pick(GROUPS, bits / 7) : Set.of());
    }

    private static String channel(int i) {
        return i % 2 == 0 ? Channel.EMAIL : Channel.SMS;
    }

    private static String address(String channel, int bits) {
        return Channel.EMAIL.equals(channel) ? EMAILS.get(bits % EMAILS.size()).value() : MOBILES.get(bits % MOBILES.size()).value();
    }

    private static Object apply(ConfigurationAdmin admin, Step s) {
        switch (s.kind()) {
            case CREATE_ACCOUNT -> admin.createAccount(accountValue(account(s.x()), s.bits()));
            case UPDATE_ACCOUNT -> admin.updateAccount(accountValue(account(s.x()), s.bits()));
            case DELETE_ACCOUNT -> admin.deleteAccount(account(s.x()));
            case CREATE_CONTACT -> {
                return admin.createContact(contactValue(contact(s.x()), account(s.y()), s.bits()));
            }
            case IMPORT_CONTACT -> {
                return admin.importContact(contactValue(contact(s.x()), account(s.y()), s.bits()));
            }
            case UPDATE_CONTACT -> {
                return admin.updateContact(contactValue(contact(s.x()), account(s.y()), s.bits()));
            }
            case MARK_VERIFIED -> {
                return admin.markVerified(contact(s.x()), channel(s.y()), address(channel(s.y()), s.bits()));
            }
            case DELETE_CONTACT -> admin.deleteContact(contact(s.x()));
            case CREATE_GROUP -> admin.createGroup(groupValue(group(s.x()), account(s.y()), s.bits()));
            case UPDATE_GROUP -> admin.updateGroup(groupValue(group(s.x()), account(s.y()), s.bits()));
            case DELETE_GROUP -> admin.deleteGroup(group(s.x()));
            case CREATE_VAULT -> admin.createVault(new Vault(vault(s.x()), account(s.y()), vaultPolicy(s.bits())));
            case SET_VAULT_POLICY -> admin.setVaultPolicy(vault(s.x()), vaultPolicy(s.bits()));
            case DELETE_VAULT -> admin.deleteVault(vault(s.x()));
            case CREATE_INSTANCE -> admin.createInstance(new Instance(instance(s.x()), vault(s.y()), instancePolicy(s.bits())));
            case SET_INSTANCE_POLICY -> admin.setInstancePolicy(instance(s.x()), instancePolicy(s.bits()));
            case DELETE_INSTANCE -> admin.deleteInstance(instance(s.x()));
            default -> throw new AssertionError(s);
        }
        return null;
    }

    // ------------------------------------------------------------------------------- the model

    private record Expected(Outcome outcome, Object result, List<String> holders) {
        static Expected ok() {
            return new Expected(Outcome.OK, null, List.of());
        }

        static Expected of(Outcome outcome) {
            return new Expected(outcome, null, List.of());
        }
    }

    /** The contract's rules over plain maps; a step is staged by {@link #expect} and kept by {@link #commit}. */
    private static final class Model {
        final Map<String, Account> accounts = new LinkedHashMap<>();
        final Map<String, Contact> contacts = new LinkedHashMap<>();
        final Map<String, ContactGroup> groups = new LinkedHashMap<>();
        final Map<String, Vault> vaults = new LinkedHashMap<>();
        final Map<String, Instance> instances = new LinkedHashMap<>();
        private Runnable staged = () -> { };

        Configuration build() {
            Configuration.Builder builder = Configuration.builder();
            accounts.values().forEach(builder::account);
            contacts.values().forEach(builder::contact);
            groups.values().forEach(builder::group);
            vaults.values().forEach(builder::vault);
            instances.values().forEach(builder::instance);
            return builder.build();
        }

        void commit() {
            staged.run();
            staged = () -> { };
        }

        Expected expect(Step s) {
            staged = () -> { };
            switch (s.kind()) {
                case CREATE_ACCOUNT -> {
                    Account a = accountValue(account(s.x()), s.bits());
                    if (accounts.containsKey(a.id())) {
                        return Expected.of(Outcome.INVALID);
                    }
                    staged = () -> accounts.put(a.id(), a);
                }
                case UPDATE_ACCOUNT -> {
                    Account a = accountValue(account(s.x()), s.bits());
                    if (!accounts.containsKey(a.id())) {
                        return Expected.of(Outcome.NOT_FOUND);
                    }
                    staged = () -> accounts.put(a.id(), a);
                }
                case DELETE_ACCOUNT -> {
                    String id = account(s.x());
                    if (!accounts.containsKey(id)) {
                        return Expected.of(Outcome.NOT_FOUND);
                    }
                    List<String> holders = new ArrayList<>();
                    contacts.values().stream().filter(c -> c.account().equals(id)).forEach(c -> holders.add("contact " + c.id()));
                    groups.values().stream().filter(g -> g.account().equals(id)).forEach(g -> holders.add("group " + g.id()));
                    vaults.values().stream().filter(v -> v.account().equals(id)).forEach(v -> holders.add("vault " + v.id()));
                    if (!holders.isEmpty()) {
                        return inUse(holders);
                    }
                    staged = () -> accounts.remove(id);
                }
                case CREATE_CONTACT, IMPORT_CONTACT -> {
                    Contact given = contactValue(contact(s.x()), account(s.y()), s.bits());
                    if (contacts.containsKey(given.id()) || !accounts.containsKey(given.account())) {
                        return Expected.of(Outcome.INVALID);
                    }
                    Contact stored = s.kind() == Kind.IMPORT_CONTACT ? given
                            : new Contact(given.id(), given.account(), given.name(), given.email(), given.mobile(), false, false);
                    staged = () -> contacts.put(stored.id(), stored);
                    return new Expected(Outcome.OK, stored, List.of());
                }
                case UPDATE_CONTACT -> {
                    Contact given = contactValue(contact(s.x()), account(s.y()), s.bits());
                    Contact old = contacts.get(given.id());
                    if (old == null) {
                        return Expected.of(Outcome.NOT_FOUND);
                    }
                    if (!old.account().equals(given.account())) {
                        return Expected.of(Outcome.INVALID);
                    }
                    boolean sameEmail = given.email() != null && given.email().equals(old.email());
                    boolean sameMobile = given.mobile() != null && given.mobile().equals(old.mobile());
                    Contact stored = new Contact(old.id(), old.account(), given.name(), given.email(), given.mobile(),
                            sameEmail && old.emailVerified(), sameMobile && old.mobileVerified());
                    staged = () -> contacts.put(stored.id(), stored);
                    return new Expected(Outcome.OK, stored, List.of());
                }
                case MARK_VERIFIED -> {
                    Contact old = contacts.get(contact(s.x()));
                    if (old == null) {
                        return Expected.of(Outcome.NOT_FOUND);
                    }
                    String channel = channel(s.y());
                    String address = address(channel, s.bits());
                    boolean email = Channel.EMAIL.equals(channel);
                    boolean matches = email ? old.email() != null && old.email().value().equals(address)
                            : old.mobile() != null && old.mobile().value().equals(address);
                    if (matches) {
                        Contact stored = new Contact(old.id(), old.account(), old.name(), old.email(), old.mobile(),
                                email || old.emailVerified(), !email || old.mobileVerified());
                        staged = () -> contacts.put(stored.id(), stored);
                    }
                    return new Expected(Outcome.OK, matches, List.of());
                }
                case DELETE_CONTACT -> {
                    String id = contact(s.x());
                    if (!contacts.containsKey(id)) {
                        return Expected.of(Outcome.NOT_FOUND);
                    }
                    List<String> holders = new ArrayList<>();
                    groups.values().stream().filter(g -> g.members().contains(id)).forEach(g -> holders.add("group " + g.id()));
                    vaults.values().stream().filter(v -> v.alarmPolicy().namesContact(id))
                            .forEach(v -> holders.add("vault " + v.id() + " policy"));
                    instances.values().stream().filter(i -> i.alarmPolicy().namesContact(id))
                            .forEach(i -> holders.add("instance " + i.id() + " policy"));
                    if (!holders.isEmpty()) {
                        return inUse(holders);
                    }
                    staged = () -> contacts.remove(id);
                }
                case CREATE_GROUP, UPDATE_GROUP -> {
                    ContactGroup g = groupValue(group(s.x()), account(s.y()), s.bits());
                    ContactGroup old = groups.get(g.id());
                    if (s.kind() == Kind.UPDATE_GROUP && old == null) {
                        return Expected.of(Outcome.NOT_FOUND);
                    }
                    boolean bad = s.kind() == Kind.CREATE_GROUP ? old != null : !old.account().equals(g.account());
                    bad |= !accounts.containsKey(g.account());
                    bad |= g.members().stream().anyMatch(m -> !contactOf(m, g.account()));
                    if (bad) {
                        return Expected.of(Outcome.INVALID);
                    }
                    staged = () -> groups.put(g.id(), g);
                }
                case DELETE_GROUP -> {
                    String id = group(s.x());
                    if (!groups.containsKey(id)) {
                        return Expected.of(Outcome.NOT_FOUND);
                    }
                    List<String> holders = new ArrayList<>();
                    vaults.values().stream().filter(v -> v.alarmPolicy().namesGroup(id))
                            .forEach(v -> holders.add("vault " + v.id() + " policy"));
                    instances.values().stream().filter(i -> i.alarmPolicy().namesGroup(id))
                            .forEach(i -> holders.add("instance " + i.id() + " policy"));
                    if (!holders.isEmpty()) {
                        return inUse(holders);
                    }
                    staged = () -> groups.remove(id);
                }
                case CREATE_VAULT -> {
                    Vault v = new Vault(vault(s.x()), account(s.y()), vaultPolicy(s.bits()));
                    if (vaults.containsKey(v.id()) || !accounts.containsKey(v.account())
                            || !targetsValid(v.alarmPolicy(), v.account())) {
                        return Expected.of(Outcome.INVALID);
                    }
                    staged = () -> vaults.put(v.id(), v);
                }
                case SET_VAULT_POLICY -> {
                    Vault old = vaults.get(vault(s.x()));
                    if (old == null) {
                        return Expected.of(Outcome.NOT_FOUND);
                    }
                    VaultAlarmPolicy policy = vaultPolicy(s.bits());
                    if (!targetsValid(policy, old.account())) {
                        return Expected.of(Outcome.INVALID);
                    }
                    staged = () -> vaults.put(old.id(), old.withAlarmPolicy(policy));
                }
                case DELETE_VAULT -> {
                    String id = vault(s.x());
                    if (!vaults.containsKey(id)) {
                        return Expected.of(Outcome.NOT_FOUND);
                    }
                    List<String> holders = new ArrayList<>();
                    instances.values().stream().filter(i -> i.vault().equals(id)).forEach(i -> holders.add("instance " + i.id()));
                    if (!holders.isEmpty()) {
                        return inUse(holders);
                    }
                    staged = () -> vaults.remove(id);
                }
                case CREATE_INSTANCE -> {
                    Instance i = new Instance(instance(s.x()), vault(s.y()), instancePolicy(s.bits()));
                    Vault v = vaults.get(i.vault());
                    if (v == null || instances.containsKey(i.id()) || !targetsValid(i.alarmPolicy(), v.account())) {
                        return Expected.of(Outcome.INVALID);
                    }
                    staged = () -> instances.put(i.id(), i);
                }
                case SET_INSTANCE_POLICY -> {
                    Instance old = instances.get(instance(s.x()));
                    if (old == null) {
                        return Expected.of(Outcome.NOT_FOUND);
                    }
                    InstanceAlarmPolicy policy = instancePolicy(s.bits());
                    if (!targetsValid(policy, vaults.get(old.vault()).account())) {
                        return Expected.of(Outcome.INVALID);
                    }
                    staged = () -> instances.put(old.id(), old.withAlarmPolicy(policy));
                }
                case DELETE_INSTANCE -> {
                    String id = instance(s.x());
                    if (!instances.containsKey(id)) {
                        return Expected.of(Outcome.NOT_FOUND);
                    }
                    staged = () -> instances.remove(id);
                }
                default -> throw new AssertionError(s);
            }
            return Expected.ok();
        }

        private boolean contactOf(String contactId, String accountId) {
            Contact c = contacts.get(contactId);
            return c != null && c.account().equals(accountId);
        }

        private boolean targetsValid(AlarmPolicy policy, String accountId) {
            return policy.contacts().stream().allMatch(c -> contactOf(c, accountId))
                    && policy.groups().stream().allMatch(g -> groups.containsKey(g) && groups.get(g).account().equals(accountId));
        }

        private static Expected inUse(List<String> holders) {
            List<String> sorted = new ArrayList<>(holders);
            sorted.sort(null);
            return new Expected(Outcome.IN_USE, null, sorted);
        }
    }
}
