package io.backupalarm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.backupalarm.AlarmException;
import io.backupalarm.InUseException;
import io.backupalarm.ValidationException;
import io.backupalarm.config.Account;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactGroup;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.Repositories;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Two nodes, each with its own {@link JdbcStore} over its own {@link DataSource}, on one PostgreSQL
 * database: what one node's admin checks holds against what the other node's admin changes at
 * the same time, because both lock the account's row.
 */
@DisplayName("Two nodes on one PostgreSQL database keep the integrity rules under concurrent admin changes")
final class JdbcConfigurationStoreTwoNodesTest {

    /** A reference to contact c-1 that node B adds while node A deletes c-1. */
    enum Reference {
        GROUP_MEMBER {
            @Override
            void add(ConfigurationAdmin admin) {
                admin.updateGroup(new ContactGroup("g-1", "a-1", "Group", Set.of("c-anchor", "c-1")));
            }

            @Override
            boolean holds(Configuration configuration) {
                return configuration.group("g-1").orElseThrow().members().contains("c-1");
            }
        },
        VAULT_POLICY {
            @Override
            void add(ConfigurationAdmin admin) {
                admin.setVaultPolicy("v-1", VaultAlarmPolicy.customized(Set.of("c-1"), Set.of("g-1")));
            }

            @Override
            boolean holds(Configuration configuration) {
                return configuration.vault("v-1").orElseThrow().alarmPolicy().contacts().contains("c-1");
            }
        },
        INSTANCE_POLICY {
            @Override
            void add(ConfigurationAdmin admin) {
                admin.setInstancePolicy("i-1", InstanceAlarmPolicy.customized(Set.of("c-1"), Set.of()));
            }

            @Override
            boolean holds(Configuration configuration) {
                return configuration.instance("i-1").orElseThrow().alarmPolicy().contacts().contains("c-1");
            }
        };

        abstract void add(ConfigurationAdmin admin);

        abstract boolean holds(Configuration configuration);
    }

    private DataSource databaseOfA;
    private DataSource databaseOfB;
    private ConfigurationStore nodeA;
    private ConfigurationStore nodeB;

    @BeforeEach
    void twoNodes() {
        databaseOfA = TestDatabases.postgres();
        PGSimpleDataSource other = new PGSimpleDataSource();
        other.setUrl(TestPostgres.url(databaseOfA));
        databaseOfB = other;
        nodeA = TestDatabases.migrated(databaseOfA).configuration();
        nodeB = TestDatabases.migrated(databaseOfB).configuration();   // the second migrate finds nothing to do
    }

    private void seed() {
        ConfigurationAdmin admin = ConfigurationAdmin.on(nodeA);
        admin.createAccount(account("a-1"));
        admin.createContact(contact("c-1", "a-1"));
        admin.createContact(contact("c-anchor", "a-1"));
        admin.createGroup(new ContactGroup("g-1", "a-1", "Group", Set.of("c-anchor")));
        admin.createVault(new Vault("v-1", "a-1", null));
        admin.createInstance(new Instance("i-1", "v-1", null));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Reference.class)
    @DisplayName("node B adds a reference to a contact first: node A's delete waits for B's commit, then is refused as in use")
    void aReferenceAddedFirstMakesTheDeleteWaitAndFailAsInUse(Reference reference) throws Exception {
        seed();
        Pausing pausedB = new Pausing(nodeB);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> add = pool.submit(() -> reference.add(ConfigurationAdmin.on(pausedB)));
            Await.latch("B holds the account's lock", pausedB.holding);
            Future<?> delete = pool.submit(() -> ConfigurationAdmin.on(nodeA).deleteContact("c-1"));
            Await.until("A's delete waits for a lock or ends",
                    () -> delete.isDone() || TestDatabases.aSessionWaitsForALock(databaseOfA));
            assertThat(delete).as("A's delete, ended while B holds the account's lock").isNotDone();

            pausedB.release.countDown();
            add.get(Await.HANG.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(failureOf(delete)).isInstanceOf(InUseException.class);
        } finally {
            pausedB.release.countDown();
            pool.shutdownNow();
        }
        Configuration after = consistentOnBothNodes();
        assertThat(after.contact("c-1")).isPresent();
        assertThat(reference.holds(after)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Reference.class)
    @DisplayName("node A deletes a contact first: node B's new reference waits for A's commit, then is refused as dangling")
    void aDeleteFirstMakesTheNewReferenceWaitAndFailAsDangling(Reference reference) throws Exception {
        seed();
        Pausing pausedA = new Pausing(nodeA);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> delete = pool.submit(() -> ConfigurationAdmin.on(pausedA).deleteContact("c-1"));
            Await.latch("A holds the account's lock", pausedA.holding);
            Future<?> add = pool.submit(() -> reference.add(ConfigurationAdmin.on(nodeB)));
            Await.until("B's change waits for a lock or ends",
                    () -> add.isDone() || TestDatabases.aSessionWaitsForALock(databaseOfA));
            assertThat(add).as("B's change, ended while A holds the account's lock").isNotDone();

            pausedA.release.countDown();
            delete.get(Await.HANG.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(failureOf(add)).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("contact c-1 does not exist");
        } finally {
            pausedA.release.countDown();
            pool.shutdownNow();
        }
        Configuration after = consistentOnBothNodes();
        assertThat(after.contact("c-1")).isEmpty();
        assertThat(reference.holds(after)).isFalse();
    }

    @Test
    @DisplayName("many threads on both nodes adding and deleting references at once leave no dangling reference, in the model or in the tables")
    void manyConcurrentChangesOnBothNodesLeaveNoDanglingReference() throws Exception {
        List<String> contactIds = new ArrayList<>();
        ConfigurationAdmin setup = ConfigurationAdmin.on(nodeA);
        for (String accountId : List.of("a-1", "a-2")) {
            setup.createAccount(account(accountId));
            for (int c = 0; c < 3; c++) {
                contactIds.add(accountId + "-c" + c);
                setup.createContact(contact(accountId + "-c" + c, accountId));
            }
            setup.createContact(contact(accountId + "-anchor", accountId));
            setup.createGroup(new ContactGroup(accountId + "-g", accountId, "Group", Set.of(accountId + "-anchor")));
            setup.createVault(new Vault(accountId + "-v", accountId, null));
            setup.createInstance(new Instance(accountId + "-i", accountId + "-v", null));
        }
        List<ConfigurationAdmin> admins = List.of(ConfigurationAdmin.on(nodeA), ConfigurationAdmin.on(nodeB));
        Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Void>> workers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            ConfigurationAdmin admin = admins.get(t % 2);
            boolean deleter = t / 2 % 2 == 0;   // both nodes have deleters and adders
            long seed = 17L * t + 3;
            workers.add(() -> {
                Random random = new Random(seed);
                start.await();
                for (int round = 0; round < 100; round++) {
                    String contactId = contactIds.get(random.nextInt(contactIds.size()));
                    String accountId = contactId.substring(0, contactId.indexOf("-c"));
                    try {
                        if (deleter) {
                            if (random.nextInt(3) == 0) {
                                admin.createContact(contact(contactId, accountId));
                            } else {
                                admin.deleteContact(contactId);
                            }
                        } else {
                            boolean release = random.nextBoolean();
                            switch (random.nextInt(3)) {
                                case 0 -> admin.updateGroup(new ContactGroup(accountId + "-g", accountId, "Group",
                                        release ? Set.of(accountId + "-anchor") : Set.of(accountId + "-anchor", contactId)));
                                case 1 -> admin.setVaultPolicy(accountId + "-v", release ? VaultAlarmPolicy.DEFAULT
                                        : VaultAlarmPolicy.customized(Set.of(contactId), Set.of(accountId + "-g")));
                                default -> admin.setInstancePolicy(accountId + "-i", release
                                        ? InstanceAlarmPolicy.SAME_AS_VAULT
                                        : InstanceAlarmPolicy.customized(Set.of(contactId), Set.of()));
                            }
                        }
                    } catch (AlarmException e) {
                        // a rule said no: expected when the other node got there first
                    } catch (RuntimeException | Error e) {
                        unexpected.add(e);
                    }
                }
                return null;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers.size());
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (Callable<Void> worker : workers) {
                futures.add(pool.submit(worker));
            }
            start.countDown();
            for (Future<Void> future : futures) {
                future.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(unexpected).as("unexpected exceptions").isEmpty();
        consistentOnBothNodes();
    }

    // --------------------------------------------------------------------------- helpers

    /**
     * Both nodes read the same configuration, which {@code snapshot()} has checked (it throws on a
     * dangling or cross-account reference), and no policy row names a contact or group that is gone
     * (those links have no foreign key).
     */
    private Configuration consistentOnBothNodes() throws SQLException {
        Configuration seenByA = ConfigurationAdmin.on(nodeA).snapshot();
        assertThat(ConfigurationAdmin.on(nodeB).snapshot()).isEqualTo(seenByA);
        String dangling = "SELECT (SELECT COUNT(*) FROM ba_vault_policy_contact p"
                + " WHERE NOT EXISTS (SELECT 1 FROM ba_contact c WHERE c.id = p.contact_id))"
                + " + (SELECT COUNT(*) FROM ba_vault_policy_group p"
                + " WHERE NOT EXISTS (SELECT 1 FROM ba_contact_group g WHERE g.id = p.group_id))"
                + " + (SELECT COUNT(*) FROM ba_instance_policy_contact p"
                + " WHERE NOT EXISTS (SELECT 1 FROM ba_contact c WHERE c.id = p.contact_id))"
                + " + (SELECT COUNT(*) FROM ba_instance_policy_group p"
                + " WHERE NOT EXISTS (SELECT 1 FROM ba_contact_group g WHERE g.id = p.group_id))";
        try (Connection connection = databaseOfB.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(dangling)) {
            rows.next();
            assertThat(rows.getLong(1)).as("policy rows naming a contact or group that is gone").isZero();
        }
        return seenByA;
    }

    private static Throwable failureOf(Future<?> future) throws Exception {
        try {
            future.get(Await.HANG.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        return fail("expected %s to fail", future);
    }

    private static Account account(String id) {
        return new Account(id, EmailAddress.of(id + "@example.com"), null);
    }

    private static Contact contact(String id, String accountId) {
        return Contact.unverified(id, accountId, "Contact " + id, EmailAddress.of(id + "@example.com"), null);
    }

    /** A store whose writes, once their work is done, hold their transaction (and the account's lock) until released. */
    private static final class Pausing implements ConfigurationStore {
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final ConfigurationStore store;

        Pausing(ConfigurationStore store) {
            this.store = store;
        }

        @Override
        public <T> T read(Function<Repositories, T> work) {
            return store.read(work);
        }

        @Override
        public <T> T write(String accountId, Function<Repositories, T> work) {
            return store.write(accountId, repos -> {
                try {
                    return work.apply(repos);
                } finally {
                    holding.countDown();
                    Await.latch("the test releases the write", release);
                }
            });
        }
    }
}
