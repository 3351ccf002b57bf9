package io.backupalarm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

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
import io.backupalarm.config.MobileNumber;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.Repositories;
import io.backupalarm.testkit.ConfigurationStoreContractTest;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The testkit's contract for {@link JdbcConfigurationStore}, plus what only a database store has:
 * row locks, unique violations, constraints, connection hygiene. Subclasses name the database.
 */
abstract class JdbcConfigurationStoreTestBase extends ConfigurationStoreContractTest {

    private DataSource dataSource;

    /**
     * A new, empty database, not migrated yet.
     *
     * @return its data source
     */
    abstract DataSource newDatabase();

    @Override
    protected ConfigurationStore createStore() {
        dataSource = newDatabase();
        return TestDatabases.migrated(dataSource).configuration();
    }

    // ------------------------------------------------------------------------------ locking

    @Test
    @DisplayName("a write waits while another write of the same account holds the account's row, then sees what it wrote")
    void writesOfOneAccountAreSerialised() throws Exception {
        ConfigurationAdmin.on(store()).createAccount(account("a-1"));
        CountDownLatch firstHoldsLock = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = pool.submit(() -> store().write("a-1", repos -> {
                firstHoldsLock.countDown();
                await(releaseFirst);
                repos.accounts().save(new Account("a-1", EmailAddress.of("first@example.com"), null));
                return null;
            }));
            assertThat(firstHoldsLock.await(10, TimeUnit.SECONDS)).isTrue();
            Future<String> second = pool.submit(() -> store().write("a-1",
                    repos -> repos.accounts().find("a-1").orElseThrow().email().value()));

            Thread.sleep(300);
            assertThat(second).as("the second write waits for the lock").isNotDone();
            releaseFirst.countDown();
            first.get(10, TimeUnit.SECONDS);
            assertThat(second.get(10, TimeUnit.SECONDS)).as("and then sees the first write").isEqualTo("first@example.com");
        } finally {
            releaseFirst.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("a write of another account does not wait for the lock of the first")
    void writesOfDifferentAccountsRunInParallel() throws Exception {
        ConfigurationAdmin admin = ConfigurationAdmin.on(store());
        admin.createAccount(account("a-1"));
        admin.createAccount(account("a-2"));
        CountDownLatch firstHoldsLock = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = pool.submit(() -> store().write("a-1", repos -> {
                firstHoldsLock.countDown();
                await(releaseFirst);
                return null;
            }));
            assertThat(firstHoldsLock.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Boolean> other = pool.submit(() -> store().write("a-2",
                    repos -> repos.accounts().find("a-2").isPresent()));
            assertThat(other.get(10, TimeUnit.SECONDS)).isTrue();
            releaseFirst.countDown();
            first.get(10, TimeUnit.SECONDS);
        } finally {
            releaseFirst.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("two creations of one account id that both passed the check: one commits, the other fails with 23505 and is not run again")
    void racingAccountCreationsFailWithUniqueViolation() throws Exception {
        racingCreations(List.of("a-new", "a-new"), repos -> repos.accounts().find("a-new").isPresent(),
                (repos, accountId) -> repos.accounts().save(account("a-new")));
        assertThat(list(repos -> repos.accounts().findAll())).containsExactly(account("a-new"));
    }

    @Test
    @DisplayName("two creations of one contact id in two accounts (two locks): one commits, the other fails with 23505")
    void racingContactCreationsFailWithUniqueViolation() throws Exception {
        ConfigurationAdmin admin = ConfigurationAdmin.on(store());
        admin.createAccount(account("a-1"));
        admin.createAccount(account("a-2"));
        racingCreations(List.of("a-1", "a-2"), repos -> repos.contacts().find("c-1").isPresent(),
                (repos, accountId) -> repos.contacts().save(contact("c-1", accountId)));
        assertThat(find(repos -> repos.contacts().find("c-1"))).isPresent();
    }

    private void racingCreations(List<String> accounts, Function<Repositories, Boolean> exists,
                                 BiConsumer<Repositories, String> create) throws Exception {
        CyclicBarrier bothChecked = new CyclicBarrier(accounts.size());
        AtomicInteger runs = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(accounts.size());
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (String accountId : accounts) {
                writes.add(pool.submit(() -> store().write(accountId, repos -> {
                    runs.incrementAndGet();
                    boolean taken = exists.apply(repos);
                    awaitBarrier(bothChecked);
                    if (!taken) {
                        create.accept(repos, accountId);
                    }
                    return taken;
                })));
            }
            List<Throwable> failures = new ArrayList<>();
            for (Future<?> write : writes) {
                try {
                    assertThat(write.get(30, TimeUnit.SECONDS)).as("the check found the id free").isEqualTo(false);
                } catch (ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
            assertThat(failures).as("exactly one creation lost").hasSize(1);
            assertThat(failures.get(0)).isInstanceOf(JdbcStoreException.class);
            assertThat(((JdbcStoreException) failures.get(0)).sqlState()).isEqualTo("23505");
            assertThat(runs).as("no write was run again").hasValue(accounts.size());
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------- transactions

    @Test
    @DisplayName("an Error or a checked exception thrown by the work reaches the caller unchanged, after the rollback")
    void anyThrowableReachesTheCallerUnchanged() {
        ConfigurationAdmin.on(store()).createAccount(account("a-1"));
        AssertionError error = new AssertionError("error");
        assertThatThrownBy(() -> store().write("a-1", repos -> {
            repos.contacts().save(contact("c-1", "a-1"));
            throw error;
        })).isSameAs(error);
        IOException checked = new IOException("checked");
        assertThatThrownBy(() -> store().write("a-1", repos -> {
            repos.contacts().save(contact("c-1", "a-1"));
            return sneakyThrow(checked);
        })).isSameAs(checked);
        assertThat(list(repos -> repos.contacts().findByAccount("a-1"))).isEmpty();
    }

    @Test
    @DisplayName("a write that leaves a dangling reference fails as a whole with the constraint's SQL state")
    void aWriteBreakingAConstraintLeavesNothingBehind() {
        ConfigurationAdmin.on(store()).createAccount(account("a-1"));
        Throwable thrown = catchThrowable(() -> write("a-1", repos -> {
            repos.contacts().save(contact("c-1", "a-1"));
            repos.groups().save(new ContactGroup("g-1", "a-1", "Group", Set.of("c-1", "c-missing")));
        }));
        assertThat(thrown).isInstanceOf(JdbcStoreException.class);
        assertThat(((JdbcStoreException) thrown).sqlState()).startsWith("23");
        assertThat(list(repos -> repos.contacts().findByAccount("a-1"))).isEmpty();
        assertThat(list(repos -> repos.groups().findByAccount("a-1"))).isEmpty();
    }

    @Test
    @DisplayName("a read keeps nothing its work writes")
    void aReadKeepsNothing() {
        Throwable thrown = catchThrowable(() -> store().read(repos -> {
            repos.accounts().save(account("a-1"));
            return null;
        }));
        // PostgreSQL refuses the statement (read-only transaction); H2 takes it, and the rollback drops it.
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(JdbcStoreException.class);
        }
        assertThat(list(repos -> repos.accounts().findAll())).isEmpty();
    }

    @Test
    @DisplayName("every call gives its connection back with auto-commit, read-only and isolation as it found them")
    void connectionsAreGivenBackAsTheyCame() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            connection.setReadOnly(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            DataSource single = singleConnection(connection);
            ConfigurationStore store = new JdbcConfigurationStore(new Database(single, Dialect.of(single)));
            ConfigurationAdmin admin = ConfigurationAdmin.on(store);

            admin.createAccount(account("a-1"));
            assertAsFound(connection);
            assertThat(admin.snapshot().accounts()).hasSize(1);
            assertAsFound(connection);
            assertThatThrownBy(() -> admin.createAccount(account("a-1"))).isInstanceOf(ValidationException.class);
            assertAsFound(connection);
            catchThrowable(() -> store.read(repos -> {   // refused on PostgreSQL, rolled back on H2
                repos.accounts().save(account("a-2"));
                return null;
            }));
            assertAsFound(connection);
        }
    }

    private static void assertAsFound(Connection connection) throws SQLException {
        assertThat(connection.getAutoCommit()).as("auto-commit").isTrue();
        assertThat(connection.isReadOnly()).as("read-only").isFalse();
        assertThat(connection.getTransactionIsolation()).as("isolation").isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
    }

    // ------------------------------------------------------------------------ constraints

    @Test
    @DisplayName("the database rejects dangling references, deletes of what is in use and invalid values written with plain SQL")
    void constraintsRejectWhatTheRulesForbid() throws Exception {
        sql("INSERT INTO ba_account (id, email) VALUES ('a-1', 'a-1@example.com')",
                "INSERT INTO ba_contact (id, account_id, name, email, email_verified, mobile_verified) "
                        + "VALUES ('c-1', 'a-1', 'One', 'c-1@example.com', FALSE, FALSE)",
                "INSERT INTO ba_contact_group (id, account_id, name) VALUES ('g-1', 'a-1', 'Group')",
                "INSERT INTO ba_group_member (group_id, contact_id) VALUES ('g-1', 'c-1')",
                "INSERT INTO ba_vault (id, account_id, policy_mode) VALUES ('v-1', 'a-1', 'CUSTOMIZED')",
                "INSERT INTO ba_vault_policy_contact (vault_id, contact_id) VALUES ('v-1', 'c-1')",
                "INSERT INTO ba_vault_policy_group (vault_id, group_id) VALUES ('v-1', 'g-1')",
                "INSERT INTO ba_instance (id, vault_id, policy_mode) VALUES ('i-1', 'v-1', 'CUSTOMIZED')",
                "INSERT INTO ba_instance_policy_contact (instance_id, contact_id) VALUES ('i-1', 'c-1')",
                "INSERT INTO ba_instance_policy_group (instance_id, group_id) VALUES ('i-1', 'g-1')");
        Configuration before = everything();

        List<String> statements = List.of(
                // references to what does not exist
                "INSERT INTO ba_contact (id, account_id, name, email, email_verified, mobile_verified) "
                        + "VALUES ('c-2', 'a-none', 'Two', 'c-2@example.com', FALSE, FALSE)",
                "UPDATE ba_contact SET account_id = 'a-none' WHERE id = 'c-1'",
                "INSERT INTO ba_contact_group (id, account_id, name) VALUES ('g-2', 'a-none', 'Group')",
                "INSERT INTO ba_group_member (group_id, contact_id) VALUES ('g-1', 'c-none')",
                "INSERT INTO ba_group_member (group_id, contact_id) VALUES ('g-none', 'c-1')",
                "INSERT INTO ba_vault (id, account_id, policy_mode) VALUES ('v-2', 'a-none', 'DEFAULT')",
                "INSERT INTO ba_instance (id, vault_id, policy_mode) VALUES ('i-2', 'v-none', 'DEFAULT')",
                "UPDATE ba_instance SET vault_id = 'v-none' WHERE id = 'i-1'",
                "INSERT INTO ba_vault_policy_contact (vault_id, contact_id) VALUES ('v-none', 'c-1')",
                "INSERT INTO ba_vault_policy_group (vault_id, group_id) VALUES ('v-none', 'g-1')",
                "INSERT INTO ba_instance_policy_contact (instance_id, contact_id) VALUES ('i-none', 'c-1')",
                "INSERT INTO ba_instance_policy_group (instance_id, group_id) VALUES ('i-none', 'g-1')",
                // deletes of what is in use
                "DELETE FROM ba_account WHERE id = 'a-1'",
                "DELETE FROM ba_contact WHERE id = 'c-1'",
                "DELETE FROM ba_contact_group WHERE id = 'g-1'",
                "DELETE FROM ba_vault WHERE id = 'v-1'",
                "DELETE FROM ba_instance WHERE id = 'i-1'",
                // values the records reject
                "INSERT INTO ba_account (id) VALUES ('a-2')",
                "INSERT INTO ba_account (id, email) VALUES (NULL, 'x@example.com')",
                "INSERT INTO ba_contact (id, account_id, name, email_verified, mobile_verified) "
                        + "VALUES ('c-3', 'a-1', 'Three', FALSE, FALSE)",
                "INSERT INTO ba_contact (id, account_id, name, mobile, email_verified, mobile_verified) "
                        + "VALUES ('c-3', 'a-1', 'Three', '+8613800138000', TRUE, FALSE)",
                "UPDATE ba_contact SET mobile_verified = TRUE WHERE id = 'c-1'",
                "UPDATE ba_contact SET name = NULL WHERE id = 'c-1'",
                "INSERT INTO ba_vault (id, account_id, policy_mode) VALUES ('v-3', 'a-1', 'SAME_AS_VAULT')",
                "INSERT INTO ba_vault (id, account_id, policy_mode) VALUES ('v-3', 'a-1', 'customized')",
                "INSERT INTO ba_instance (id, vault_id, policy_mode) VALUES ('i-3', 'v-1', 'SOMETIMES')",
                "INSERT INTO ba_instance (id, vault_id, policy_mode) VALUES ('i-3', 'v-1', NULL)",
                // duplicates
                "INSERT INTO ba_group_member (group_id, contact_id) VALUES ('g-1', 'c-1')",
                "INSERT INTO ba_vault_policy_contact (vault_id, contact_id) VALUES ('v-1', 'c-1')");
        List<String> accepted = new ArrayList<>();
        for (String statement : statements) {
            try {
                sql(statement);
                accepted.add(statement);
            } catch (SQLException e) {
                assertThat(e.getSQLState()).as("SQL state of %s (%s)", statement, e.getMessage()).startsWith("23");
            }
        }
        assertThat(accepted).as("statements the database accepted").isEmpty();
        assertThat(everything()).isEqualTo(before);
    }

    @Test
    @DisplayName("a row that the constraints let through but the records reject fails the read loudly")
    void aCorruptRowFailsTheRead() throws Exception {
        sql("INSERT INTO ba_account (id, email) VALUES ('a-1', 'not an address')",
                "INSERT INTO ba_account (id, email) VALUES ('a-2', 'a-2@example.com')",
                "INSERT INTO ba_vault (id, account_id, policy_mode) VALUES ('v-1', 'a-2', 'CUSTOMIZED')");
        assertThatThrownBy(() -> find(repos -> repos.accounts().find("a-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an address");
        assertThatThrownBy(() -> list(repos -> repos.vaults().findByAccount("a-2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CUSTOMIZED");
    }

    // -------------------------------------------------------------------------- values

    @Test
    @DisplayName("the longest ids, names, emails and an account's zone and locale are kept as they are")
    void longestValuesRoundTrip() {
        String id = "x".repeat(127) + ":";
        String name = "\uD83D\uDCBE".repeat(64);   // 64 code points, 128 UTF-16 units
        EmailAddress email = EmailAddress.of("a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "."
                + "d".repeat(57) + ".org");
        assertThat(email.value()).hasSize(254);
        Account account = new Account(id, email, MobileNumber.of("+8613800138000"), ZoneId.of("America/Argentina/Buenos_Aires"),
                Locale.forLanguageTag("zh-Hans-CN-u-ca-chinese-nu-hanidec-x-private"));
        Contact contact = new Contact(id, id, name, email, MobileNumber.of("+8613800138000"), true, false);
        ContactGroup group = new ContactGroup(id, id, name, Set.of(id));
        Vault vault = new Vault(id, id, VaultAlarmPolicy.customized(Set.of(id), Set.of(id)));
        Instance instance = new Instance(id, id, InstanceAlarmPolicy.customized(Set.of(id), Set.of(id)));
        write(id, repos -> {
            repos.accounts().save(account);
            repos.contacts().save(contact);
            repos.groups().save(group);
            repos.vaults().save(vault);
            repos.instances().save(instance);
        });
        assertThat(find(repos -> repos.accounts().find(id))).contains(account);
        assertThat(find(repos -> repos.contacts().find(id))).contains(contact);
        assertThat(find(repos -> repos.groups().find(id))).contains(group);
        assertThat(find(repos -> repos.vaults().find(id))).contains(vault);
        assertThat(find(repos -> repos.instances().find(id))).contains(instance);
    }

    @Test
    @DisplayName("null arguments are refused before any connection is taken")
    void nullArguments() {
        assertThatThrownBy(() -> store().write(null, repos -> null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("accountId");
        assertThatThrownBy(() -> store().write("a-1", null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("work");
        assertThatThrownBy(() -> store().read(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("work");
        assertThatThrownBy(() -> new JdbcConfigurationStore(null)).isInstanceOf(NullPointerException.class);
    }

    // -------------------------------------------------------------------- the admin's flows

    @Test
    @DisplayName("the admin's whole life cycle of a configuration runs under the constraints, and in-use deletes are its own exceptions")
    void adminFlowsRunUnderTheConstraints() {
        ConfigurationAdmin admin = ConfigurationAdmin.on(store());
        admin.createAccount(account("a-1"));
        admin.createContact(contact("c-1", "a-1"));
        admin.importContact(Contact.verified("c-2", "a-1", "Two", null, MobileNumber.of("+8613800138000")));
        admin.createGroup(new ContactGroup("g-1", "a-1", "Group", Set.of("c-1")));
        admin.createVault(new Vault("v-1", "a-1", VaultAlarmPolicy.customized(Set.of("c-2"), Set.of("g-1"))));
        admin.createInstance(new Instance("i-1", "v-1", InstanceAlarmPolicy.customized(Set.of("c-1"), Set.of("g-1"))));
        admin.updateGroup(new ContactGroup("g-1", "a-1", "Group", Set.of("c-1", "c-2")));
        admin.updateContact(contact("c-1", "a-1").withName("One"));
        assertThat(admin.markVerified("c-1", "email", "c-1@example.com")).isTrue();

        assertThatThrownBy(() -> admin.deleteAccount("a-1")).isInstanceOf(InUseException.class);
        assertThatThrownBy(() -> admin.deleteContact("c-1")).isInstanceOf(InUseException.class);
        assertThatThrownBy(() -> admin.deleteGroup("g-1")).isInstanceOf(InUseException.class);
        assertThatThrownBy(() -> admin.deleteVault("v-1")).isInstanceOf(InUseException.class);

        admin.setInstancePolicy("i-1", InstanceAlarmPolicy.SAME_AS_VAULT);
        admin.setVaultPolicy("v-1", VaultAlarmPolicy.DISABLED);
        admin.deleteGroup("g-1");
        admin.deleteContact("c-1");
        admin.deleteContact("c-2");
        admin.deleteInstance("i-1");
        admin.deleteVault("v-1");
        admin.deleteAccount("a-1");
        assertThat(everything()).isEqualTo(Configuration.empty());
    }

    @Test
    @DisplayName("a whole configuration imported in one write, parents before children, meets the constraints")
    void importsAWholeConfiguration() {
        Configuration configuration = Configuration.builder()
                .account(account("a-1"))
                .contact(contact("c-1", "a-1"))
                .contact(contact("c-2", "a-1"))
                .group(new ContactGroup("g-1", "a-1", "Group", Set.of("c-1", "c-2")))
                .vault(new Vault("v-1", "a-1", VaultAlarmPolicy.customized(Set.of("c-1"), Set.of("g-1"))))
                .instance(new Instance("i-1", "v-1", InstanceAlarmPolicy.customized(Set.of("c-2"), Set.of("g-1"))))
                .instance(new Instance("i-2", "v-1", null))
                .build();
        write("a-1", repos -> {
            configuration.accounts().forEach(repos.accounts()::save);
            configuration.contacts().forEach(repos.contacts()::save);
            configuration.groups().forEach(repos.groups()::save);
            configuration.vaults().forEach(repos.vaults()::save);
            configuration.instances().forEach(repos.instances()::save);
        });
        assertThat(everything()).isEqualTo(configuration);
        assertThat(ConfigurationAdmin.on(store()).snapshot()).isEqualTo(configuration);
    }

    // --------------------------------------------------------------------------- helpers

    /** Runs statements in auto-commit mode, outside the store. */
    private void sql(String... statements) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.executeUpdate(sql);
            }
        }
    }

    /** A data source that hands out one connection again and again, and never closes it. */
    private static DataSource singleConnection(Connection connection) {
        Connection unclosable = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        return unclosable;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable, R> R sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitBarrier(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
