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
import io.backupalarm.config.ContactAddress;
import io.backupalarm.config.ContactGroup;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmState;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.ManualTime;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.Repositories;
import io.backupalarm.testkit.ConfigurationStoreContractTest;
import io.backupalarm.testkit.RecordingChannel;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
 * row locks, unique violations, constraints, connections (one per firing, given back as they came).
 * Subclasses name the database.
 */
abstract class JdbcConfigurationStoreTestBase extends ConfigurationStoreContractTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

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
    @DisplayName("a write of an account waits, at the database, for the lock of another write of the account, and then sees what it wrote")
    void aWriteWaitsForTheAccountLockAndSeesThePreviousWrite() throws Exception {
        ConfigurationAdmin.on(store()).createAccount(account("a-1"));
        CountDownLatch firstHoldsLock = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = pool.submit(() -> store().write("a-1", repos -> {
                firstHoldsLock.countDown();
                Await.latch("the test releases the first write", releaseFirst);
                repos.accounts().save(new Account("a-1", EmailAddress.of("first@example.com"), null));
                return null;
            }));
            Await.latch("the first write holds the account's lock", firstHoldsLock);
            Future<String> second = pool.submit(() -> store().write("a-1",
                    repos -> repos.accounts().find("a-1").orElseThrow().email().value()));

            // Either the database reports the second write waiting for a lock, or (without the
            // lock) the second write ends at once, having read the account as it was.
            Await.until("the second write waits for a lock or ends",
                    () -> second.isDone() || TestDatabases.aSessionWaitsForALock(dataSource));
            assertThat(second).as("the second write, ended while the first one holds the account's lock").isNotDone();
            releaseFirst.countDown();
            first.get(Await.HANG.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(second.get(Await.HANG.toMillis(), TimeUnit.MILLISECONDS)).as("what the second write read")
                    .isEqualTo("first@example.com");
        } finally {
            releaseFirst.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("a write of another account runs to its end while a write of the first account holds that account's lock")
    void aWriteOfAnotherAccountDoesNotWait() throws Exception {
        ConfigurationAdmin admin = ConfigurationAdmin.on(store());
        admin.createAccount(account("a-1"));
        admin.createAccount(account("a-2"));
        CountDownLatch firstHoldsLock = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = pool.submit(() -> store().write("a-1", repos -> {
                firstHoldsLock.countDown();
                Await.latch("the test releases the first write", releaseFirst);
                return null;
            }));
            Await.latch("the first write holds the account's lock", firstHoldsLock);
            Future<Boolean> other = pool.submit(() -> store().write("a-2",
                    repos -> repos.accounts().find("a-2").isPresent()));
            // The first write is released only after the other one ended: had the other one waited
            // for the first one's lock, it would never end, and this would fail after the limit.
            assertThat(other.get(Await.HANG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(first).as("the first write, still holding its lock").isNotDone();
            releaseFirst.countDown();
            first.get(Await.HANG.toMillis(), TimeUnit.MILLISECONDS);
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
                    Await.barrier("both creations checked the id", bothChecked);
                    if (!taken) {
                        create.accept(repos, accountId);
                    }
                    return taken;
                })));
            }
            List<Throwable> failures = new ArrayList<>();
            for (Future<?> write : writes) {
                try {
                    assertThat(write.get(Await.HANG.toMillis(), TimeUnit.MILLISECONDS)).as("the check found the id free")
                            .isEqualTo(false);
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
    @DisplayName("a read refuses to save or delete, on its own or inside an alarm change, and keeps nothing")
    void aReadRefusesToWrite() {
        ConfigurationAdmin.on(store()).createAccount(account("a-1"));
        JdbcStore jdbc = JdbcStore.builder(dataSource).build();
        List<Function<Repositories, Object>> writes = List.of(
                repos -> {
                    repos.accounts().save(account("a-2"));
                    return null;
                },
                repos -> repos.accounts().delete("a-1"),
                repos -> {
                    repos.vaults().save(new Vault("v-1", "a-1", null));
                    return null;
                });
        AlarmKey key = new AlarmKey(AlarmType.CLIENT_DISCONNECTED, "i-1", null);
        for (Function<Repositories, Object> write : writes) {
            assertThatThrownBy(() -> store().read(write)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("a read cannot write");
            assertThatThrownBy(() -> jdbc.alarms().atomically(key, () -> jdbc.configuration().read(write)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("a read cannot write");
        }
        assertThat(list(repos -> repos.accounts().findAll())).containsExactly(account("a-1"));
        assertThat(list(repos -> repos.vaults().findByAccount("a-1"))).isEmpty();
    }

    @Test
    @DisplayName("a read inside a transaction of the alarm store runs on its connection and sees what it wrote")
    void aReadInsideAnAlarmTransactionJoinsIt() {
        ConfigurationAdmin.on(store()).createAccount(account("a-1"));
        OneConnectionAtATime oneConnection = new OneConnectionAtATime(dataSource);
        JdbcStore jdbc = JdbcStore.builder(oneConnection).build();
        AlarmKey key = new AlarmKey(AlarmType.CLIENT_DISCONNECTED, "i-1", null);
        OpenAlarm alarm = OpenAlarm.pending(key, T0, null, T0);

        Optional<Account> read = jdbc.alarms().atomically(key, () -> {
            jdbc.alarms().save(alarm);
            return jdbc.configuration().read(repos -> {
                assertThat(jdbc.alarms().find(key)).as("the alarm saved by the transaction, not yet committed")
                        .contains(alarm);
                return repos.accounts().find("a-1");
            });
        });
        assertThat(read).contains(account("a-1"));
        List<Optional<Account>> readWhileFiring = new ArrayList<>();
        assertThat(jdbc.alarms().forEachDue(T0, 10, due ->
                readWhileFiring.add(jdbc.configuration().read(repos -> repos.accounts().find("a-1"))))).isEqualTo(1);
        assertThat(readWhileFiring).containsExactly(Optional.of(account("a-1")));
        assertThat(oneConnection.refused()).as("second connections asked for").isZero();
    }

    @Test
    @DisplayName("an engine fires an alarm, resolving its recipients from the configuration, on one connection at a time")
    void anAlarmFiresOnOneConnection() {
        OneConnectionAtATime oneConnection = new OneConnectionAtATime(dataSource);
        JdbcStore jdbc = JdbcStore.builder(oneConnection).build();
        Cluster.seed(jdbc.configuration());
        ManualClock clock = new ManualClock(T0);
        RecordingChannel email = new RecordingChannel(Channel.EMAIL, clock);
        RecordingChannel sms = new RecordingChannel(Channel.SMS, clock);
        AlarmEngine engine = AlarmEngine.builder().configuration(jdbc.configuration()).alarmStore(jdbc.alarms())
                .outbox(jdbc.outbox()).manualTime(clock).settings(Cluster.settings(Duration.ofMinutes(10)))
                .channel(email).channel(sms).build();
        try {
            engine.report(new AlarmEvent.ClientDisconnected("i-00", T0));
            ManualTime.of(engine).advanceTo(T0.plus(Duration.ofMinutes(10)).plus(Cluster.GROUP_WAIT));
        } finally {
            engine.close();
        }
        assertThat(oneConnection.refused()).as("second connections asked for").isZero();
        assertThat(jdbc.alarms().all()).singleElement().satisfies(alarm -> {
            assertThat(alarm.state()).isEqualTo(AlarmState.FIRING);
            assertThat(alarm.recipients()).hasSize(Cluster.RECIPIENTS);
        });
        assertThat(email.sent().size() + sms.sent().size()).isEqualTo(Cluster.RECIPIENTS);
    }

    @Test
    @DisplayName("every call gives its connection back with auto-commit, read-only and isolation as it found them")
    void connectionsAreGivenBackAsTheyCame() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            connection.setReadOnly(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            DataSource single = singleConnection(connection);
            Database database = new Database(single, Dialect.of(single));
            ConfigurationStore store = new JdbcConfigurationStore(database);
            ConfigurationAdmin admin = ConfigurationAdmin.on(store);

            admin.createAccount(account("a-1"));
            assertAsFound(connection);
            assertThat(admin.snapshot().accounts()).hasSize(1);
            assertAsFound(connection);
            assertThatThrownBy(() -> admin.createAccount(account("a-1"))).isInstanceOf(ValidationException.class);
            assertAsFound(connection);
            assertThatThrownBy(() -> store.read(repos -> {
                repos.accounts().save(account("a-2"));
                return null;
            })).isInstanceOf(IllegalStateException.class);
            assertAsFound(connection);
            JdbcAlarmStore alarms = new JdbcAlarmStore(database);
            alarms.save(OpenAlarm.pending(new AlarmKey(AlarmType.CLIENT_DISCONNECTED, "i-1", null), T0, null, T0));
            assertThat(alarms.forEachDue(T0, 10, alarm -> alarms.remove(alarm.key()))).isEqualTo(1);
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
                "INSERT INTO ba_further_address (contact_id, seq, channel, address, verified) "
                        + "VALUES ('c-none', 0, 'dingtalk', 'https://oapi.dingtalk.com/robot/send', FALSE)",
                "INSERT INTO ba_further_address (contact_id, seq, channel, address, verified) "
                        + "VALUES ('c-1', -1, 'dingtalk', 'https://oapi.dingtalk.com/robot/send', FALSE)",
                "INSERT INTO ba_further_address (contact_id, seq, channel, address, verified) "
                        + "VALUES ('c-1', 0, NULL, 'https://oapi.dingtalk.com/robot/send', FALSE)",
                "INSERT INTO ba_further_address (contact_id, seq, channel, address, verified) "
                        + "VALUES ('c-1', 0, 'dingtalk', 'https://oapi.dingtalk.com/robot/send', NULL)",
                "INSERT INTO ba_contact (id, account_id, name, mobile, email_verified, mobile_verified) "
                        + "VALUES ('c-3', 'a-1', 'Three', '+8613800138000', TRUE, FALSE)",
                "UPDATE ba_contact SET mobile_verified = TRUE WHERE id = 'c-1'",
                "UPDATE ba_contact SET name = NULL WHERE id = 'c-1'",
                "INSERT INTO ba_vault (id, account_id, policy_mode) VALUES ('v-3', 'a-1', 'SAME_AS_VAULT')",
                "INSERT INTO ba_vault (id, account_id, policy_mode) VALUES ('v-3', 'a-1', 'customized')",
                "INSERT INTO ba_instance (id, vault_id, policy_mode) VALUES ('i-3', 'v-1', 'SOMETIMES')",
                "INSERT INTO ba_instance (id, vault_id, policy_mode) VALUES ('i-3', 'v-1', NULL)",
                // duplicates
                "INSERT INTO ba_further_address (contact_id, seq, channel, address, verified) "
                        + "VALUES ('c-1', 0, 'slack', 'https://hooks.slack.com/services/T/B/x', FALSE), "
                        + "('c-1', 0, 'wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', FALSE)",
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
    void theLongestValuesAreReadBackAsWritten() {
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
    @DisplayName("null arguments are refused with the argument's name")
    void nullArgumentsAreRefusedNamingTheArgument() {
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
    void aWholeConfigurationImportedInOneWriteMeetsTheConstraints() {
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

    @Test
    @DisplayName("listing an account's contacts reads their further addresses in one statement, however many contacts there are")
    void listingContactsReadsAddressesAtOnce() throws Exception {
        ConfigurationAdmin admin = ConfigurationAdmin.on(store());
        admin.createAccount(account("a-few"));
        admin.createAccount(account("a-many"));
        for (int i = 0; i < 30; i++) {
            String account = i < 2 ? "a-few" : "a-many";
            admin.createContact(new Contact("c-" + i, account, "Contact " + i, null, null, false, false, List.of(
                    ContactAddress.unverified("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=" + i, "s-" + i),
                    ContactAddress.unverified("slack", "https://hooks.slack.com/services/T/B/" + i, null))));
        }
        AtomicInteger statements = new AtomicInteger();
        ConfigurationStore counted = JdbcStore.builder(counting(dataSource, statements)).build().configuration();

        statements.set(0);
        List<Contact> few = counted.read(repos -> repos.contacts().findByAccount("a-few"));
        int forFew = statements.get();
        statements.set(0);
        List<Contact> many = counted.read(repos -> repos.contacts().findByAccount("a-many"));
        int forMany = statements.get();

        assertThat(few).hasSize(2).allSatisfy(c -> assertThat(c.addresses()).hasSize(2));
        assertThat(many).hasSize(28).allSatisfy(c -> assertThat(c.addresses()).hasSize(2));
        assertThat(forMany).as("statements for 28 contacts, against %d for 2", forFew).isEqualTo(forFew);
    }

    @Test
    @DisplayName("a contact deleted by hand in SQL takes its further addresses with it")
    void furtherAddressesCascade() throws Exception {
        ConfigurationAdmin admin = ConfigurationAdmin.on(store());
        admin.createAccount(account("a-1"));
        admin.createContact(new Contact("c-room", "a-1", "Room", null, null, false, false, List.of(
                ContactAddress.unverified("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=a", null))));
        sql("DELETE FROM ba_contact WHERE id = 'c-room'");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT COUNT(*) FROM ba_further_address")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isZero();
        }
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

    /** A data source over another that counts the statements prepared on its connections. */
    private static DataSource counting(DataSource target, AtomicInteger prepared) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (!(result instanceof Connection connection)) {
                        return result;
                    }
                    return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (p, m, a) -> {
                                if (m.getName().equals("prepareStatement")) {
                                    prepared.incrementAndGet();
                                }
                                try {
                                    return m.invoke(connection, a);
                                } catch (InvocationTargetException e) {
                                    throw e.getCause();
                                }
                            });
                });
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

}
