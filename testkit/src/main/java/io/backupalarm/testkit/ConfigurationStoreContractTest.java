package io.backupalarm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupalarm.AlarmException;
import io.backupalarm.config.Account;
import io.backupalarm.config.AlarmMatcher;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactAddress;
import io.backupalarm.config.ContactGroup;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.MaintenanceWindow;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.AccountRepository;
import io.backupalarm.spi.ContactGroupRepository;
import io.backupalarm.spi.ContactRepository;
import io.backupalarm.spi.InstanceRepository;
import io.backupalarm.spi.MaintenanceWindowRepository;
import io.backupalarm.spi.Repositories;
import io.backupalarm.spi.VaultRepository;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ConfigurationStore} must meet: what its repositories keep and find
 * (including the reverse look-ups the integrity rules rely on), that a write is all or nothing,
 * that committed writes are seen by later reads, and that the integrity rules of
 * {@link ConfigurationAdmin} hold when many threads change the configuration at once.
 *
 * <p>A host that keeps the configuration in its own database extends this class in its tests:
 *
 * <pre>{@code
 * final class JdbcConfigurationStoreTest extends ConfigurationStoreContractTest {
 *     protected ConfigurationStore createStore() {
 *         return new JdbcConfigurationStore(freshDataSource());
 *     }
 * }
 * }</pre>
 *
 * <p>Every test starts from a new, empty store. Not thread-safe; JUnit creates one instance per
 * test.
 */
public abstract class ConfigurationStoreContractTest {

    /** Threads used by the concurrency test. */
    private static final int THREADS = 8;

    /** Rounds each thread of the concurrency test runs. */
    private static final int ROUNDS = 200;

    private ConfigurationStore store;

    /** Creates the test; subclasses need no constructor of their own. */
    protected ConfigurationStoreContractTest() {
    }

    /**
     * A new, empty store for one test.
     *
     * @return the store under test; never {@code null}
     * @throws Exception if it cannot be created
     */
    protected abstract ConfigurationStore createStore() throws Exception;

    /**
     * The store under test.
     *
     * @return the store created for this test
     */
    protected final ConfigurationStore store() {
        return store;
    }

    @BeforeEach
    void createStoreUnderTest() throws Exception {
        store = createStore();
        assertThat(store).as("createStore()").isNotNull();
    }

    // ----------------------------------------------------------------------------- repositories

    @Test
    @DisplayName("accounts can be saved, found, listed, replaced and deleted")
    void accounts() {
        Account first = account("a-1");
        Account second = account("a-2");
        write("a-1", repos -> repos.accounts().save(first));
        write("a-2", repos -> repos.accounts().save(second));

        assertThat(find(repos -> repos.accounts().find("a-1"))).contains(first);
        assertThat(find(repos -> repos.accounts().find("a-missing"))).isEmpty();
        assertThat(list(repos -> repos.accounts().findAll())).containsExactlyInAnyOrder(first, second);

        Account replaced = new Account("a-1", null, MobileNumber.of("+8613900139000"));
        write("a-1", repos -> repos.accounts().save(replaced));
        assertThat(find(repos -> repos.accounts().find("a-1"))).contains(replaced);
        assertThat(list(repos -> repos.accounts().findAll())).hasSize(2);

        assertThat(store.<Boolean>write("a-1", repos -> repos.accounts().delete("a-1"))).isTrue();
        assertThat(store.<Boolean>write("a-1", repos -> repos.accounts().delete("a-1"))).isFalse();
        assertThat(list(repos -> repos.accounts().findAll())).containsExactly(second);
    }

    @Test
    @DisplayName("contacts can be saved, found by id and by account, replaced and deleted")
    void contacts() {
        seedAccounts("a-1", "a-2");
        Contact alice = contact("c-alice", "a-1");
        Contact bob = contact("c-bob", "a-1");
        Contact carol = contact("c-carol", "a-2");
        write("a-1", repos -> {
            repos.contacts().save(alice);
            repos.contacts().save(bob);
        });
        write("a-2", repos -> repos.contacts().save(carol));

        assertThat(find(repos -> repos.contacts().find("c-alice"))).contains(alice);
        assertThat(find(repos -> repos.contacts().find("c-nobody"))).isEmpty();
        assertThat(list(repos -> repos.contacts().findByAccount("a-1"))).containsExactlyInAnyOrder(alice, bob);
        assertThat(list(repos -> repos.contacts().findByAccount("a-2"))).containsExactly(carol);
        assertThat(list(repos -> repos.contacts().findByAccount("a-none"))).isEmpty();

        Contact renamed = alice.withName("Alice Liddell").withEmail(EmailAddress.of("alice@example.org"));
        write("a-1", repos -> repos.contacts().save(renamed));
        assertThat(find(repos -> repos.contacts().find("c-alice"))).contains(renamed);

        assertThat(store.<Boolean>write("a-1", repos -> repos.contacts().delete("c-bob"))).isTrue();
        assertThat(store.<Boolean>write("a-1", repos -> repos.contacts().delete("c-bob"))).isFalse();
        assertThat(list(repos -> repos.contacts().findByAccount("a-1"))).containsExactly(renamed);
    }

    @Test
    @DisplayName("further addresses are kept in order with their channel, target, secret id and verification, in every look-up")
    void furtherAddressesRoundTrip() {
        seedAccounts("a-1");
        List<ContactAddress> addresses = List.of(
                ContactAddress.verified("wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=z", null),
                ContactAddress.unverified("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=b", "ding-b"),
                ContactAddress.verified("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=a", "ding-a"),
                ContactAddress.unverified("pager", "team " + "\u00e9".repeat(ContactAddress.MAX_ADDRESS_LENGTH - 5), null));
        // Only further addresses: no email and no mobile.
        Contact room = new Contact("c-room", "a-1", "Ops room", null, null, false, false, addresses);
        Contact mixed = new Contact("c-mixed", "a-1", "Mixed", EmailAddress.of("m@example.com"), null, true, false,
                List.of(ContactAddress.verified("slack", "https://hooks.slack.com/services/T/B/x", "slack-1")));
        Contact plain = contact("c-plain", "a-1");
        write("a-1", repos -> {
            repos.contacts().save(room);
            repos.contacts().save(mixed);
            repos.contacts().save(plain);
        });

        Contact found = find(repos -> repos.contacts().find("c-room")).orElseThrow();
        assertThat(found).isEqualTo(room);
        assertThat(found.addresses()).containsExactlyElementsOf(addresses);
        assertThat(found.addresses()).extracting(ContactAddress::secret).containsExactly(null, "ding-b", "ding-a", null);
        assertThat(found.addresses()).extracting(ContactAddress::verified).containsExactly(true, false, true, false);
        assertThat(list(repos -> repos.contacts().findByAccount("a-1"))).containsExactlyInAnyOrder(room, mixed, plain);
        assertThat(find(repos -> repos.contacts().find("c-plain")).orElseThrow().addresses()).isEmpty();
        assertThat(store.<Optional<Contact>>read(repos -> repos.contacts().find("c-mixed"))).contains(mixed);
    }

    @Test
    @DisplayName("saving a contact replaces its further addresses: reordered, added, removed, all removed")
    void furtherAddressesReplaced() {
        seedAccounts("a-1");
        ContactAddress a = ContactAddress.verified("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=a", "s-a");
        ContactAddress b = ContactAddress.unverified("feishu", "https://open.feishu.cn/open-apis/bot/v2/hook/b", null);
        ContactAddress c = ContactAddress.unverified("webhook", "https://hooks.example.com/c", "s-c");
        Contact first = new Contact("c-1", "a-1", "One", EmailAddress.of("one@example.com"), null, false, false,
                List.of(a, b));
        write("a-1", repos -> repos.contacts().save(first));

        Contact reordered = new Contact("c-1", "a-1", "One", EmailAddress.of("one@example.com"), null, false, false,
                List.of(c, b.asVerified(), a));
        write("a-1", repos -> repos.contacts().save(reordered));
        assertThat(find(repos -> repos.contacts().find("c-1")).orElseThrow().addresses())
                .containsExactly(c, b.asVerified(), a);

        Contact fewer = reordered.withAddresses(List.of(a));
        write("a-1", repos -> repos.contacts().save(fewer));
        assertThat(find(repos -> repos.contacts().find("c-1"))).contains(fewer);

        Contact none = fewer.withAddresses(List.of());
        write("a-1", repos -> repos.contacts().save(none));
        assertThat(find(repos -> repos.contacts().find("c-1")).orElseThrow().addresses()).isEmpty();
    }

    @Test
    @DisplayName("deleting a contact removes its further addresses; a contact of the same id created later starts with none")
    void furtherAddressesDeletedWithTheContact() {
        seedAccounts("a-1");
        Contact room = new Contact("c-room", "a-1", "Room", null, null, false, false, List.of(
                ContactAddress.verified("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=a", "s-a")));
        Contact other = new Contact("c-other", "a-1", "Other", null, null, false, false, List.of(
                ContactAddress.verified("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=a", "s-a")));
        write("a-1", repos -> {
            repos.contacts().save(room);
            repos.contacts().save(other);
        });
        assertThat(store.<Boolean>write("a-1", repos -> repos.contacts().delete("c-room"))).isTrue();
        assertThat(find(repos -> repos.contacts().find("c-room"))).isEmpty();
        assertThat(find(repos -> repos.contacts().find("c-other"))).as("the same address of another contact").contains(other);

        Contact again = contact("c-room", "a-1");
        write("a-1", repos -> repos.contacts().save(again));
        assertThat(find(repos -> repos.contacts().find("c-room")).orElseThrow().addresses()).isEmpty();
    }

    @Test
    @DisplayName("a write that changes further addresses and then throws leaves them as they were")
    void failedWriteKeepsFurtherAddresses() {
        seedAccounts("a-1");
        Contact room = new Contact("c-room", "a-1", "Room", null, null, false, false, List.of(
                ContactAddress.verified("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=a", "s-a")));
        write("a-1", repos -> repos.contacts().save(room));
        IllegalStateException failure = new IllegalStateException("abort");
        assertThatThrownBy(() -> write("a-1", repos -> {
            repos.contacts().save(room.withAddresses(List.of(
                    ContactAddress.unverified("slack", "https://hooks.slack.com/services/T/B/y", null))));
            repos.contacts().delete("c-room");
            throw failure;
        })).isSameAs(failure);
        assertThat(find(repos -> repos.contacts().find("c-room"))).contains(room);
    }

    @Test
    @DisplayName("groups can be found by account and by member, and a replaced group is found by its new members only")
    void groups() {
        seedAccounts("a-1", "a-2");
        write("a-1", repos -> {
            repos.contacts().save(contact("c-1", "a-1"));
            repos.contacts().save(contact("c-2", "a-1"));
            repos.contacts().save(contact("c-3", "a-1"));
        });
        write("a-2", repos -> repos.contacts().save(contact("c-9", "a-2")));
        ContactGroup ops = new ContactGroup("g-ops", "a-1", "Operations", Set.of("c-1", "c-2"));
        ContactGroup dev = new ContactGroup("g-dev", "a-1", "Developers", Set.of("c-2"));
        ContactGroup other = new ContactGroup("g-other", "a-2", "Other", Set.of("c-9"));
        write("a-1", repos -> {
            repos.groups().save(ops);
            repos.groups().save(dev);
        });
        write("a-2", repos -> repos.groups().save(other));

        assertThat(find(repos -> repos.groups().find("g-ops"))).contains(ops);
        assertThat(find(repos -> repos.groups().find("g-none"))).isEmpty();
        assertThat(list(repos -> repos.groups().findByAccount("a-1"))).containsExactlyInAnyOrder(ops, dev);
        assertThat(list(repos -> repos.groups().findByAccount("a-2"))).containsExactly(other);
        assertThat(list(repos -> repos.groups().findByMember("c-1"))).containsExactly(ops);
        assertThat(list(repos -> repos.groups().findByMember("c-2"))).containsExactlyInAnyOrder(ops, dev);
        assertThat(list(repos -> repos.groups().findByMember("c-3"))).isEmpty();

        ContactGroup opsChanged = new ContactGroup("g-ops", "a-1", "Operations", Set.of("c-3"));
        write("a-1", repos -> repos.groups().save(opsChanged));
        assertThat(list(repos -> repos.groups().findByMember("c-1"))).isEmpty();
        assertThat(list(repos -> repos.groups().findByMember("c-3"))).containsExactly(opsChanged);

        assertThat(store.<Boolean>write("a-1", repos -> repos.groups().delete("g-dev"))).isTrue();
        assertThat(store.<Boolean>write("a-1", repos -> repos.groups().delete("g-dev"))).isFalse();
        assertThat(list(repos -> repos.groups().findByMember("c-2"))).isEmpty();
    }

    @Test
    @DisplayName("vaults can be found by account and by the contacts and groups their policy names")
    void vaults() {
        seedAccounts("a-1", "a-2");
        Vault named = new Vault("v-named", "a-1", VaultAlarmPolicy.customized(Set.of("c-1", "c-2"), Set.of("g-1")));
        Vault plain = new Vault("v-plain", "a-1", null);
        Vault other = new Vault("v-other", "a-2", VaultAlarmPolicy.customized(Set.of("c-2"), Set.of()));
        write("a-1", repos -> {
            repos.vaults().save(named);
            repos.vaults().save(plain);
        });
        write("a-2", repos -> repos.vaults().save(other));

        assertThat(find(repos -> repos.vaults().find("v-plain"))).contains(plain);
        assertThat(find(repos -> repos.vaults().find("v-plain")).orElseThrow().alarmPolicy())
                .isEqualTo(VaultAlarmPolicy.DEFAULT);
        assertThat(find(repos -> repos.vaults().find("v-none"))).isEmpty();
        assertThat(list(repos -> repos.vaults().findByAccount("a-1"))).containsExactlyInAnyOrder(named, plain);
        assertThat(list(repos -> repos.vaults().findByPolicyContact("c-1"))).containsExactly(named);
        assertThat(list(repos -> repos.vaults().findByPolicyContact("c-2"))).containsExactlyInAnyOrder(named, other);
        assertThat(list(repos -> repos.vaults().findByPolicyContact("c-3"))).isEmpty();
        assertThat(list(repos -> repos.vaults().findByPolicyGroup("g-1"))).containsExactly(named);
        assertThat(list(repos -> repos.vaults().findByPolicyGroup("g-2"))).isEmpty();

        write("a-1", repos -> repos.vaults().save(named.withAlarmPolicy(VaultAlarmPolicy.DISABLED)));
        assertThat(list(repos -> repos.vaults().findByPolicyContact("c-1"))).isEmpty();
        assertThat(list(repos -> repos.vaults().findByPolicyGroup("g-1"))).isEmpty();

        assertThat(store.<Boolean>write("a-1", repos -> repos.vaults().delete("v-plain"))).isTrue();
        assertThat(store.<Boolean>write("a-1", repos -> repos.vaults().delete("v-plain"))).isFalse();
        assertThat(list(repos -> repos.vaults().findByAccount("a-1"))).hasSize(1);
    }

    @Test
    @DisplayName("instances can be found by vault and by the contacts and groups their policy names")
    void instances() {
        seedAccounts("a-1");
        write("a-1", repos -> {
            repos.vaults().save(new Vault("v-1", "a-1", null));
            repos.vaults().save(new Vault("v-2", "a-1", null));
        });
        Instance web = new Instance("i-web", "v-1", InstanceAlarmPolicy.customized(Set.of("c-1"), Set.of("g-1", "g-2")));
        Instance db = new Instance("i-db", "v-1", null);
        Instance mail = new Instance("i-mail", "v-2", InstanceAlarmPolicy.customized(Set.of("c-1", "c-2"), Set.of()));
        write("a-1", repos -> {
            repos.instances().save(web);
            repos.instances().save(db);
            repos.instances().save(mail);
        });

        assertThat(find(repos -> repos.instances().find("i-db"))).contains(db);
        assertThat(find(repos -> repos.instances().find("i-db")).orElseThrow().alarmPolicy())
                .isEqualTo(InstanceAlarmPolicy.SAME_AS_VAULT);
        assertThat(find(repos -> repos.instances().find("i-none"))).isEmpty();
        assertThat(list(repos -> repos.instances().findByVault("v-1"))).containsExactlyInAnyOrder(web, db);
        assertThat(list(repos -> repos.instances().findByVault("v-2"))).containsExactly(mail);
        assertThat(list(repos -> repos.instances().findByVault("v-none"))).isEmpty();
        assertThat(list(repos -> repos.instances().findByPolicyContact("c-1"))).containsExactlyInAnyOrder(web, mail);
        assertThat(list(repos -> repos.instances().findByPolicyContact("c-2"))).containsExactly(mail);
        assertThat(list(repos -> repos.instances().findByPolicyGroup("g-2"))).containsExactly(web);
        assertThat(list(repos -> repos.instances().findByPolicyGroup("g-3"))).isEmpty();

        write("a-1", repos -> repos.instances().save(web.withAlarmPolicy(InstanceAlarmPolicy.DISABLED)));
        assertThat(list(repos -> repos.instances().findByPolicyGroup("g-1"))).isEmpty();

        assertThat(store.<Boolean>write("a-1", repos -> repos.instances().delete("i-db"))).isTrue();
        assertThat(store.<Boolean>write("a-1", repos -> repos.instances().delete("i-db"))).isFalse();
        assertThat(list(repos -> repos.instances().findByVault("v-1"))).containsExactly(
                web.withAlarmPolicy(InstanceAlarmPolicy.DISABLED));
    }

    @Test
    @DisplayName("maintenance windows can be found by account, vault and instance, replaced and deleted, every field kept")
    void maintenanceWindows() {
        seedAccounts("a-1", "a-2");
        write("a-1", repos -> {
            repos.vaults().save(new Vault("v-1", "a-1", null));
            repos.vaults().save(new Vault("v-2", "a-1", null));
            repos.instances().save(new Instance("i-1", "v-1", null));
            repos.instances().save(new Instance("i-2", "v-2", null));
        });
        write("a-2", repos -> repos.vaults().save(new Vault("v-9", "a-2", null)));
        MaintenanceWindow nightly = window("w-nightly", "a-1", new AlarmMatcher("v-1", "i-1", AlarmType.BACKUP_FAILED));
        MaintenanceWindow weekly = new MaintenanceWindow("w-weekly", "a-1", AlarmMatcher.ANY, ZoneId.of("UTC"),
                Set.of(DayOfWeek.SUNDAY), LocalTime.of(0, 0, 15, 123_456_789), Duration.ofDays(7));
        MaintenanceWindow other = new MaintenanceWindow("w-other", "a-2",
                new AlarmMatcher("v-9", null, AlarmType.CLIENT_DISCONNECTED), ZoneId.of("America/New_York"),
                EnumSet.allOf(DayOfWeek.class), LocalTime.NOON, Duration.ofMinutes(90).plusNanos(1));
        write("a-1", repos -> {
            repos.maintenanceWindows().save(nightly);
            repos.maintenanceWindows().save(weekly);
        });
        write("a-2", repos -> repos.maintenanceWindows().save(other));

        assertThat(find(repos -> repos.maintenanceWindows().find("w-nightly"))).contains(nightly);
        assertThat(find(repos -> repos.maintenanceWindows().find("w-weekly"))).contains(weekly);
        assertThat(find(repos -> repos.maintenanceWindows().find("w-other"))).contains(other);
        assertThat(find(repos -> repos.maintenanceWindows().find("w-none"))).isEmpty();
        assertThat(list(repos -> repos.maintenanceWindows().findByAccount("a-1")))
                .containsExactlyInAnyOrder(nightly, weekly);
        assertThat(list(repos -> repos.maintenanceWindows().findByAccount("a-2"))).containsExactly(other);
        assertThat(list(repos -> repos.maintenanceWindows().findByAccount("a-none"))).isEmpty();
        assertThat(list(repos -> repos.maintenanceWindows().findByVault("v-1"))).containsExactly(nightly);
        assertThat(list(repos -> repos.maintenanceWindows().findByVault("v-2"))).isEmpty();
        assertThat(list(repos -> repos.maintenanceWindows().findByInstance("i-1"))).containsExactly(nightly);
        assertThat(list(repos -> repos.maintenanceWindows().findByInstance("i-2"))).isEmpty();

        MaintenanceWindow moved = new MaintenanceWindow("w-nightly", "a-1", new AlarmMatcher("v-2", "i-2", null),
                ZoneId.of("Asia/Kolkata"), Set.of(DayOfWeek.TUESDAY), LocalTime.of(23, 0), Duration.ofHours(1));
        write("a-1", repos -> repos.maintenanceWindows().save(moved));
        assertThat(find(repos -> repos.maintenanceWindows().find("w-nightly"))).contains(moved);
        assertThat(list(repos -> repos.maintenanceWindows().findByVault("v-1"))).isEmpty();
        assertThat(list(repos -> repos.maintenanceWindows().findByInstance("i-1"))).isEmpty();
        assertThat(list(repos -> repos.maintenanceWindows().findByVault("v-2"))).containsExactly(moved);
        assertThat(list(repos -> repos.maintenanceWindows().findByInstance("i-2"))).containsExactly(moved);

        assertThat(store.<Boolean>write("a-1", repos -> repos.maintenanceWindows().delete("w-nightly"))).isTrue();
        assertThat(store.<Boolean>write("a-1", repos -> repos.maintenanceWindows().delete("w-nightly"))).isFalse();
        assertThat(list(repos -> repos.maintenanceWindows().findByAccount("a-1"))).containsExactly(weekly);
        assertThat(list(repos -> repos.maintenanceWindows().findByVault("v-2"))).isEmpty();
    }

    // ----------------------------------------------------------------------------- transactions

    @Test
    @DisplayName("read and write return what their work returns")
    void returnsTheResultOfTheWork() {
        assertThat(store.<String>write("a-1", repos -> "written")).isEqualTo("written");
        assertThat(store.<String>read(repos -> "read")).isEqualTo("read");
    }

    @Test
    @DisplayName("a write whose work throws leaves nothing behind, and the throwable reaches the caller unchanged")
    void failedWriteLeavesNothingBehind() {
        seedAccounts("a-1");
        Contact alice = contact("c-alice", "a-1");
        Vault vault = new Vault("v-1", "a-1", VaultAlarmPolicy.customized(Set.of("c-alice"), Set.of()));
        MaintenanceWindow window = window("w-1", "a-1", new AlarmMatcher("v-1", null, null));
        write("a-1", repos -> {
            repos.contacts().save(alice);
            repos.vaults().save(vault);
            repos.maintenanceWindows().save(window);
        });
        Configuration before = everything();

        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> store.write("a-1", repos -> {
            repos.contacts().save(contact("c-new", "a-1"));
            repos.contacts().save(alice.withName("Changed"));
            repos.groups().save(new ContactGroup("g-new", "a-1", "New", Set.of("c-alice")));
            repos.maintenanceWindows().delete("w-1");
            repos.vaults().delete("v-1");
            repos.vaults().save(new Vault("v-new", "a-1", null));
            repos.instances().save(new Instance("i-new", "v-new", null));
            repos.maintenanceWindows().save(window("w-new", "a-1", new AlarmMatcher(null, "i-new", null)));
            repos.accounts().save(new Account("a-1", EmailAddress.of("changed@example.com"), null));
            throw boom;
        })).isSameAs(boom);

        assertThat(everything()).isEqualTo(before);
        assertThat(find(repos -> repos.contacts().find("c-new"))).isEmpty();
        assertThat(find(repos -> repos.contacts().find("c-alice"))).contains(alice);
        assertThat(find(repos -> repos.vaults().find("v-1"))).contains(vault);
        assertThat(list(repos -> repos.vaults().findByPolicyContact("c-alice"))).containsExactly(vault);
        assertThat(list(repos -> repos.groups().findByMember("c-alice"))).isEmpty();
        assertThat(find(repos -> repos.accounts().find("a-1"))).contains(account("a-1"));
        assertThat(find(repos -> repos.maintenanceWindows().find("w-1"))).contains(window);
        assertThat(find(repos -> repos.maintenanceWindows().find("w-new"))).isEmpty();
        assertThat(list(repos -> repos.maintenanceWindows().findByVault("v-1"))).containsExactly(window);
    }

    @Test
    @DisplayName("a write that saves the same item twice and then throws restores the item as it was")
    void failedWriteRestoresRepeatedChanges() {
        seedAccounts("a-1");
        Contact alice = contact("c-alice", "a-1");
        write("a-1", repos -> repos.contacts().save(alice));

        RuntimeException boom = new RuntimeException("boom");
        assertThatThrownBy(() -> store.write("a-1", repos -> {
            repos.contacts().save(alice.withName("First"));
            repos.contacts().delete("c-alice");
            repos.contacts().save(alice.withName("Second"));
            throw boom;
        })).isSameAs(boom);

        assertThat(find(repos -> repos.contacts().find("c-alice"))).contains(alice);
    }

    @Test
    @DisplayName("a write is seen by every later read and write")
    void writesAreVisibleLater() {
        seedAccounts("a-1");
        write("a-1", repos -> repos.contacts().save(contact("c-1", "a-1")));
        assertThat(find(repos -> repos.contacts().find("c-1"))).isPresent();
        assertThat(store.<Optional<Contact>>write("a-1", repos -> repos.contacts().find("c-1"))).isPresent();

        write("a-1", repos -> repos.contacts().delete("c-1"));
        assertThat(find(repos -> repos.contacts().find("c-1"))).isEmpty();
        assertThat(list(repos -> repos.contacts().findByAccount("a-1"))).isEmpty();
    }

    @Test
    @DisplayName("a write is seen by a read on another thread once it has returned")
    void writesAreVisibleToOtherThreads() throws Exception {
        seedAccounts("a-1");
        write("a-1", repos -> repos.contacts().save(contact("c-1", "a-1")));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            assertThat(pool.submit(() -> find(repos -> repos.contacts().find("c-1"))).get()).isPresent();
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------------------ concurrency

    @Test
    @DisplayName("when many threads at once add contacts to groups and policies and delete those contacts, no reference dangles")
    void integrityUnderConcurrentChanges() throws Exception {
        ConfigurationAdmin admin = ConfigurationAdmin.on(interleaving(store));
        List<String> contactIds = new ArrayList<>();
        for (String accountId : List.of("a-1", "a-2")) {
            admin.createAccount(account(accountId));
            for (int c = 0; c < 2; c++) {
                String contactId = accountId + "-c" + c;
                contactIds.add(contactId);
                admin.createContact(contact(contactId, accountId));
            }
            admin.createContact(contact(accountId + "-anchor", accountId));
            admin.createGroup(new ContactGroup(accountId + "-g", accountId, "Group", Set.of(accountId + "-anchor")));
            admin.createVault(new Vault(accountId + "-v", accountId, null));
            admin.createInstance(new Instance(accountId + "-i", accountId + "-v", null));
        }
        race(admin, ROUNDS, (deleter, random) -> {
            String contactId = contactIds.get(random.nextInt(contactIds.size()));
            String accountId = contactId.substring(0, contactId.indexOf("-c"));
            if (deleter) {
                deleteOrRecreate(admin, contactId, accountId, random);
            } else {
                // A quarter of the references aim at the other account: those must be rejected.
                String target = random.nextInt(4) > 0 ? accountId : accountId.equals("a-1") ? "a-2" : "a-1";
                addOrRelease(admin, contactId, target, random);
            }
        });
    }

    @Test
    @DisplayName("when many threads at once save maintenance windows naming vaults and instances and delete those, no window names a missing one")
    void windowIntegrityUnderConcurrentChanges() throws Exception {
        ConfigurationAdmin admin = ConfigurationAdmin.on(interleaving(store));
        for (String accountId : List.of("a-1", "a-2")) {
            admin.createAccount(account(accountId));
            admin.createVault(new Vault(accountId + "-v", accountId, null));
            admin.createVault(new Vault(accountId + "-spare", accountId, null));
            admin.createInstance(new Instance(accountId + "-i0", accountId + "-v", null));
            admin.createInstance(new Instance(accountId + "-i1", accountId + "-v", null));
        }
        race(admin, ROUNDS / 2, (deleter, random) -> {
            String accountId = random.nextBoolean() ? "a-1" : "a-2";
            if (deleter) {
                deleteOrRecreateTarget(admin, accountId, random);
            } else {
                // A quarter of the windows name a vault or instance of the other account: those must be rejected.
                String target = random.nextInt(4) > 0 ? accountId : accountId.equals("a-1") ? "a-2" : "a-1";
                saveOrReleaseWindow(admin, accountId, target, random);
            }
        });
    }

    /**
     * Runs {@link #THREADS} threads at once, half of them deleters, each doing {@code rounds}
     * changes, while another thread takes snapshots; every snapshot, and the end, must be whole.
     * The rules at work ({@link AlarmException}s) are expected; anything else fails the test.
     */
    private void race(ConfigurationAdmin admin, int rounds, Change change) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean running = new AtomicBoolean(true);
        Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        List<Callable<Integer>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            long seed = 31L * t + 7;
            boolean deleter = t % 2 == 0;
            workers.add(() -> {
                Random random = new Random(seed);
                start.await();
                for (int r = 0; r < rounds; r++) {
                    try {
                        change.run(deleter, random);
                    } catch (AlarmException expected) {
                        // InUse, NotFound and Validation are the rules at work, not failures.
                    } catch (RuntimeException | Error e) {
                        unexpected.add(e);
                    }
                }
                return 0;
            });
        }
        // While the workers run, every consistent read must find every reference intact.
        Callable<Integer> checker = () -> {
            start.await();
            int snapshots = 0;
            while (running.get()) {
                assertNoDanglingReference(admin.snapshot());
                snapshots++;
            }
            return snapshots;
        };
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (Callable<Integer> worker : workers) {
                futures.add(pool.submit(worker));
            }
            Future<Integer> checking = pool.submit(checker);
            start.countDown();
            for (Future<Integer> future : futures) {
                join(future);
            }
            running.set(false);
            assertThat(join(checking)).as("snapshots taken while the workers ran").isPositive();
            assertThat(unexpected).as("unexpected exceptions in the workers").isEmpty();
        } finally {
            running.set(false);
            pool.shutdownNow();
        }

        // snapshot() builds a checked Configuration: it throws if any reference dangles or crosses accounts.
        Configuration snapshot = admin.snapshot();
        assertNoDanglingReference(snapshot);
        assertThat(everything()).isEqualTo(snapshot);
    }

    /** One change of a concurrency test's thread. */
    @FunctionalInterface
    private interface Change {
        void run(boolean deleter, Random random);
    }

    /**
     * The store, with every repository call inside a write preceded by {@link Thread#yield()}. That
     * widens the window between an integrity check and the write that follows it, so that a store
     * whose writes are not serialised fails the concurrency test reliably, even on few cores; a
     * store that keeps its contract is only slowed down a little.
     */
    private static ConfigurationStore interleaving(ConfigurationStore store) {
        return new ConfigurationStore() {
            @Override
            public <T> T read(Function<Repositories, T> work) {
                return store.read(work);
            }

            @Override
            public <T> T write(String accountId, Function<Repositories, T> work) {
                return store.write(accountId, repos -> work.apply(new Repositories() {
                    @Override
                    public AccountRepository accounts() {
                        return yielding(AccountRepository.class, repos.accounts());
                    }

                    @Override
                    public ContactRepository contacts() {
                        return yielding(ContactRepository.class, repos.contacts());
                    }

                    @Override
                    public ContactGroupRepository groups() {
                        return yielding(ContactGroupRepository.class, repos.groups());
                    }

                    @Override
                    public VaultRepository vaults() {
                        return yielding(VaultRepository.class, repos.vaults());
                    }

                    @Override
                    public InstanceRepository instances() {
                        return yielding(InstanceRepository.class, repos.instances());
                    }

                    @Override
                    public MaintenanceWindowRepository maintenanceWindows() {
                        return yielding(MaintenanceWindowRepository.class, repos.maintenanceWindows());
                    }
                }));
            }
        };
    }

    private static <R> R yielding(Class<R> type, R repository) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Thread.yield();
            try {
                return method.invoke(repository, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }

    private static int join(Future<Integer> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new AssertionError("a thread failed: " + e.getCause(), e.getCause());
        }
    }

    private static void addOrRelease(ConfigurationAdmin admin, String contactId, String account, Random random) {
        boolean release = random.nextBoolean();
        switch (random.nextInt(3)) {
            case 0 -> admin.updateGroup(new ContactGroup(account + "-g", account, "Group",
                    release ? Set.of(account + "-anchor") : Set.of(account + "-anchor", contactId)));
            case 1 -> admin.setVaultPolicy(account + "-v", release ? VaultAlarmPolicy.DEFAULT
                    : VaultAlarmPolicy.customized(Set.of(contactId), Set.of(account + "-g")));
            default -> admin.setInstancePolicy(account + "-i", release ? InstanceAlarmPolicy.SAME_AS_VAULT
                    : InstanceAlarmPolicy.customized(Set.of(contactId), Set.of()));
        }
    }

    private static void deleteOrRecreate(ConfigurationAdmin admin, String contactId, String accountId, Random random) {
        if (random.nextInt(3) == 0) {
            admin.createContact(contact(contactId, accountId));
        } else {
            admin.deleteContact(contactId);
        }
    }

    private static void deleteOrRecreateTarget(ConfigurationAdmin admin, String accountId, Random random) {
        String instanceId = accountId + "-i" + random.nextInt(2);
        switch (random.nextInt(4)) {
            case 0 -> admin.createInstance(new Instance(instanceId, accountId + "-v", null));
            case 1 -> admin.createVault(new Vault(accountId + "-spare", accountId, null));
            case 2 -> admin.deleteVault(accountId + "-spare");
            default -> admin.deleteInstance(instanceId);
        }
    }

    private static void saveOrReleaseWindow(ConfigurationAdmin admin, String accountId, String target, Random random) {
        AlarmMatcher matcher = switch (random.nextInt(4)) {
            case 0 -> AlarmMatcher.ANY;
            case 1 -> new AlarmMatcher(target + "-spare", null, null);
            case 2 -> new AlarmMatcher(target + "-v", target + "-i" + random.nextInt(2), AlarmType.BACKUP_FAILED);
            default -> new AlarmMatcher(null, target + "-i" + random.nextInt(2), null);
        };
        String windowId = accountId + "-w" + random.nextInt(2);
        if (random.nextInt(5) == 0) {
            admin.deleteMaintenanceWindow(windowId);
        } else {
            admin.saveMaintenanceWindow(window(windowId, accountId, matcher));
        }
    }

    private static void assertNoDanglingReference(Configuration configuration) {
        for (ContactGroup group : configuration.groups()) {
            for (String member : group.members()) {
                assertThat(configuration.contact(member)).as("group %s member %s", group.id(), member)
                        .hasValueSatisfying(c -> assertThat(c.account()).isEqualTo(group.account()));
            }
        }
        for (Vault vault : configuration.vaults()) {
            vault.alarmPolicy().contacts().forEach(c -> assertThat(configuration.contact(c))
                    .as("vault %s policy contact %s", vault.id(), c)
                    .hasValueSatisfying(found -> assertThat(found.account()).isEqualTo(vault.account())));
            vault.alarmPolicy().groups().forEach(g -> assertThat(configuration.group(g))
                    .as("vault %s policy group %s", vault.id(), g)
                    .hasValueSatisfying(found -> assertThat(found.account()).isEqualTo(vault.account())));
        }
        for (MaintenanceWindow window : configuration.maintenanceWindows()) {
            window.matcher().vaultId().ifPresent(v -> assertThat(configuration.vault(v))
                    .as("window %s vault %s", window.id(), v)
                    .hasValueSatisfying(found -> assertThat(found.account()).isEqualTo(window.account())));
            window.matcher().instanceId().ifPresent(i -> assertThat(configuration.instance(i))
                    .as("window %s instance %s", window.id(), i)
                    .hasValueSatisfying(found -> assertThat(configuration.accountOf(found)).isEqualTo(window.account())));
        }
        for (Instance instance : configuration.instances()) {
            String accountId = configuration.accountOf(instance);
            instance.alarmPolicy().contacts().forEach(c -> assertThat(configuration.contact(c))
                    .as("instance %s policy contact %s", instance.id(), c)
                    .hasValueSatisfying(found -> assertThat(found.account()).isEqualTo(accountId)));
            instance.alarmPolicy().groups().forEach(g -> assertThat(configuration.group(g))
                    .as("instance %s policy group %s", instance.id(), g)
                    .hasValueSatisfying(found -> assertThat(found.account()).isEqualTo(accountId)));
        }
    }

    // ---------------------------------------------------------------------------------- helpers

    /**
     * Runs a write that returns nothing.
     *
     * @param accountId the account the work touches
     * @param work the writes
     */
    protected final void write(String accountId, java.util.function.Consumer<Repositories> work) {
        store.write(accountId, repos -> {
            work.accept(repos);
            return null;
        });
    }

    /**
     * Looks one item up in a read.
     *
     * @param work the look-up
     * @param <T> the item type
     * @return what the look-up found
     */
    protected final <T> Optional<T> find(Function<Repositories, Optional<T>> work) {
        return store.read(work);
    }

    /**
     * Lists items in a read.
     *
     * @param work the query
     * @param <T> the item type
     * @return what the query returned
     */
    protected final <T> List<T> list(Function<Repositories, List<T>> work) {
        return store.read(work);
    }

    /**
     * Everything in the store, read in one transaction and checked like a configuration file.
     *
     * @return the store's content
     */
    protected final Configuration everything() {
        return store.read(repos -> {
            Configuration.Builder builder = Configuration.builder();
            List<Account> accounts = repos.accounts().findAll();
            accounts.forEach(builder::account);
            List<Vault> vaults = new ArrayList<>();
            for (Account account : accounts) {
                repos.contacts().findByAccount(account.id()).forEach(builder::contact);
                repos.groups().findByAccount(account.id()).forEach(builder::group);
                vaults.addAll(repos.vaults().findByAccount(account.id()));
            }
            vaults.forEach(builder::vault);
            vaults.forEach(v -> repos.instances().findByVault(v.id()).forEach(builder::instance));
            accounts.forEach(a -> repos.maintenanceWindows().findByAccount(a.id()).forEach(builder::maintenanceWindow));
            return builder.build();
        });
    }

    private void seedAccounts(String... ids) {
        for (String id : ids) {
            write(id, repos -> repos.accounts().save(account(id)));
        }
    }

    /**
     * An account with an email address derived from its id.
     *
     * @param id the account id
     * @return the account
     */
    protected static Account account(String id) {
        return new Account(id, EmailAddress.of(id + "@example.com"), null);
    }

    /**
     * A maintenance window of an account: Mondays and Fridays from 22:30 in Zurich, for three hours.
     *
     * @param id the window id
     * @param accountId the owning account
     * @param matcher what it covers
     * @return the window
     */
    protected static MaintenanceWindow window(String id, String accountId, AlarmMatcher matcher) {
        return new MaintenanceWindow(id, accountId, matcher, ZoneId.of("Europe/Zurich"),
                EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(22, 30), Duration.ofHours(3));
    }

    /**
     * An unverified contact with an email address derived from its id.
     *
     * @param id the contact id
     * @param accountId the owning account
     * @return the contact
     */
    protected static Contact contact(String id, String accountId) {
        return Contact.unverified(id, accountId, "Contact " + id, EmailAddress.of(id + "@example.com"), null);
    }
}
