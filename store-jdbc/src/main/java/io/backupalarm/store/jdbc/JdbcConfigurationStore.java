package io.backupalarm.store.jdbc;

import io.backupalarm.config.Account;
import io.backupalarm.config.AlarmPolicy;
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
import io.backupalarm.spi.AccountRepository;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.ContactGroupRepository;
import io.backupalarm.spi.ContactRepository;
import io.backupalarm.spi.InstanceRepository;
import io.backupalarm.spi.Repositories;
import io.backupalarm.spi.VaultRepository;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration (accounts, contacts, groups, vaults and instances) in PostgreSQL or H2: the
 * {@link ConfigurationStore} that {@link JdbcStore#configuration()} returns. {@link JdbcStore#migrate()}
 * creates its tables (Flyway migration {@code V1__configuration.sql} in
 * {@link JdbcStore#MIGRATIONS}). Several engines on several hosts can share one database: every
 * check-and-write of {@link io.backupalarm.config.ConfigurationAdmin} is one transaction here,
 * and the database's constraints hold the integrity rules too.
 *
 * <p><b>Transactions.</b> {@link #write} takes a connection, switches auto-commit off, sets
 * {@code READ COMMITTED}, locks the account's row with
 * {@code SELECT id FROM ba_account WHERE id = ? FOR UPDATE}, runs the work and commits. If the
 * work throws, the transaction is rolled back and the throwable reaches the caller unchanged.
 * Two writes of one account, on one node or on two, therefore run one after the other, and the
 * second, whose statements each see what was committed before they ran, sees everything the
 * first wrote. Writes of different accounts lock different rows and run in parallel. Creating an
 * account has no row to lock yet, and two accounts' writes can create items of one id: such
 * creations are kept apart by the primary key. A {@code save} of an id that the same write looked
 * up and did not find is an {@code INSERT} (otherwise an {@code UPDATE}, then an {@code INSERT} if
 * no row was there), so of two creations that both found the id free, the second fails with a
 * {@link JdbcStoreException} whose {@link JdbcStoreException#sqlState() SQL state} is
 * {@code 23505} instead of overwriting the first. A write is never run again: its work runs
 * exactly once per call.
 *
 * <p><b>Isolation.</b> {@link #read} runs in a read-only transaction at the database's snapshot
 * level ({@code REPEATABLE READ} on PostgreSQL, {@code SERIALIZABLE} on H2), so all its
 * statements see one state, and ends with a rollback, so that nothing it might write is kept.
 * On both databases such a transaction takes no locks: reads and writes do not wait for each other.
 *
 * <p><b>Connections.</b> Every call takes a connection of its own from the data source and
 * gives it back with auto-commit, read-only and isolation as it found them. A call never joins
 * a transaction of the {@link JdbcStore}'s other stores that the calling thread may be running.
 * A database error becomes a {@link JdbcStoreException}, after the rollback; a lock wait that
 * runs out (PostgreSQL's {@code lock_timeout}, H2's {@code LOCK_TIMEOUT}) is one.
 *
 * <p><b>Thread safety.</b> Thread-safe, as long as the data source is (a connection pool in
 * production). The {@link Repositories} handed to the work use the call's connection and are
 * meant for the calling thread only, inside the call.
 */
public final class JdbcConfigurationStore implements ConfigurationStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcConfigurationStore.class);

    private final Database database;

    /**
     * A store over a database whose schema has been migrated.
     *
     * @param database the connections of the {@link JdbcStore}
     */
    JdbcConfigurationStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /**
     * Runs reads against one snapshot of the database, in a read-only transaction at
     * {@code REPEATABLE READ} (PostgreSQL) or {@code SERIALIZABLE} (H2) that is rolled back at the
     * end.
     *
     * @param work what to read; must not write
     * @param <T> the result type
     * @return what {@code work} returned
     * @throws JdbcStoreException if a statement fails; whatever {@code work} throws otherwise,
     *     unchanged
     */
    @Override
    public <T> T read(Function<Repositories, T> work) {
        Objects.requireNonNull(work, "work");
        return transaction("read", database.dialect().snapshotIsolation(), true,
                sql -> work.apply(new JdbcRepositories(sql)));
    }

    /**
     * Runs a check-and-write as one transaction at {@code READ COMMITTED}, after locking the
     * account's row ({@code SELECT ... FOR UPDATE}) so that it runs after every other write of
     * the account, on any node, and sees all of them. All or nothing; never run again.
     *
     * @param accountId the account every item the work touches belongs to; it need not exist
     *     yet (creating it)
     * @param work the checks and writes
     * @param <T> the result type
     * @return what {@code work} returned
     * @throws JdbcStoreException if a statement or the commit fails, for example with SQL state
     *     {@code 23505} for an id that a concurrent write took first; whatever {@code work}
     *     throws otherwise, unchanged
     */
    @Override
    public <T> T write(String accountId, Function<Repositories, T> work) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(work, "work");
        return transaction("write for account " + accountId, Connection.TRANSACTION_READ_COMMITTED, false, sql -> {
            // Held until commit or rollback. An account that does not exist yet has no row to
            // lock: its creation relies on the primary key, and nothing can belong to it before.
            sql.list("SELECT id FROM ba_account WHERE id = ? FOR UPDATE", row -> row.getString(1), accountId);
            return work.apply(new JdbcRepositories(sql));
        });
    }

    /**
     * Runs work in a transaction of its own, on a connection of its own. A read ({@code readOnly})
     * ends with a rollback, a write with a commit; on any throwable the transaction is rolled back
     * and the throwable rethrown as it is.
     */
    private <T> T transaction(String what, int isolation, boolean readOnly, Function<Sql, T> work) {
        try (Connection connection = database.dataSource().getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            boolean wasReadOnly = connection.isReadOnly();
            // On PostgreSQL the level is set for this transaction only, with one statement: the
            // JDBC way costs a SHOW and two SETs per call, a third of a read's round trips.
            boolean perTransaction = database.dialect() == Dialect.POSTGRESQL;
            int wasIsolation = perTransaction ? KEPT : connection.getTransactionIsolation();
            connection.setAutoCommit(false);
            connection.setReadOnly(readOnly);
            if (!perTransaction) {
                connection.setTransactionIsolation(isolation);
            }
            try {
                Sql sql = new Sql(connection);
                if (perTransaction) {
                    sql.update("SET TRANSACTION ISOLATION LEVEL "
                            + (isolation == Connection.TRANSACTION_READ_COMMITTED ? "READ COMMITTED" : "REPEATABLE READ"));
                }
                T result = work.apply(sql);
                if (readOnly) {
                    connection.rollback();
                } else {
                    connection.commit();
                }
                return result;
            } catch (Throwable e) {
                Database.rollback(connection, e);
                throw e;
            } finally {
                restore(connection, autoCommit, wasReadOnly, wasIsolation);
            }
        } catch (SQLException e) {
            throw new JdbcStoreException(what + " failed", e);
        }
    }

    /** The connection's isolation level was not changed, so there is nothing to restore. */
    private static final int KEPT = -1;

    /** Gives the connection back as it came, for the pool's next user; a failure here is not the caller's. */
    private static void restore(Connection connection, boolean autoCommit, boolean readOnly, int isolation) {
        try {
            connection.setAutoCommit(autoCommit);
            connection.setReadOnly(readOnly);
            if (isolation != KEPT) {
                connection.setTransactionIsolation(isolation);
            }
        } catch (SQLException e) {
            LOG.debug("Cannot reset a connection after a transaction: {}", e.toString());
        }
    }

    /** The repositories of one transaction, on its connection. Used on one thread only. */
    private static final class JdbcRepositories implements Repositories {

        private final Sql sql;
        private final AccountRepository accounts = new Accounts();
        private final ContactRepository contacts = new Contacts();
        private final ContactGroupRepository groups = new Groups();
        private final VaultRepository vaults = new Vaults();
        private final InstanceRepository instances = new Instances();

        JdbcRepositories(Sql sql) {
            this.sql = sql;
        }

        @Override
        public AccountRepository accounts() {
            return accounts;
        }

        @Override
        public ContactRepository contacts() {
            return contacts;
        }

        @Override
        public ContactGroupRepository groups() {
            return groups;
        }

        @Override
        public VaultRepository vaults() {
            return vaults;
        }

        @Override
        public InstanceRepository instances() {
            return instances;
        }

        // ----------------------------------------------------------------------------- accounts

        private final class Accounts implements AccountRepository {
            private static final String SELECT = "SELECT id, email, mobile, time_zone, locale FROM ba_account";

            private final Set<String> seenAbsent = new HashSet<>();

            @Override
            public Optional<Account> find(String id) {
                return noted(seenAbsent, id, sql.one(SELECT + " WHERE id = ?", Accounts::account, id));
            }

            @Override
            public List<Account> findAll() {
                return sql.list(SELECT, Accounts::account);
            }

            @Override
            public void save(Account a) {
                String email = a.email() == null ? null : a.email().value();
                String mobile = a.mobile() == null ? null : a.mobile().value();
                String zone = a.timeZone() == null ? null : a.timeZone().getId();
                String locale = a.locale() == null ? null : a.locale().toLanguageTag();
                upsert(seenAbsent, a.id(),
                        "UPDATE ba_account SET email = ?, mobile = ?, time_zone = ?, locale = ? WHERE id = ?",
                        new Object[] {email, mobile, zone, locale, a.id()},
                        "INSERT INTO ba_account (id, email, mobile, time_zone, locale) VALUES (?, ?, ?, ?, ?)",
                        new Object[] {a.id(), email, mobile, zone, locale});
            }

            @Override
            public boolean delete(String id) {
                return sql.update("DELETE FROM ba_account WHERE id = ?", id) > 0;
            }

            private static Account account(ResultSet row) throws SQLException {
                String email = row.getString("email");
                String mobile = row.getString("mobile");
                String zone = row.getString("time_zone");
                String locale = row.getString("locale");
                return new Account(row.getString("id"),
                        email == null ? null : EmailAddress.of(email),
                        mobile == null ? null : MobileNumber.of(mobile),
                        zone == null ? null : ZoneId.of(zone),
                        locale == null ? null : Locale.forLanguageTag(locale));
            }
        }

        // ----------------------------------------------------------------------------- contacts

        private final class Contacts implements ContactRepository {
            private static final String SELECT =
                    "SELECT id, account_id, name, email, mobile, email_verified, mobile_verified FROM ba_contact";

            private final Set<String> seenAbsent = new HashSet<>();

            @Override
            public Optional<Contact> find(String id) {
                return noted(seenAbsent, id, sql.one(SELECT + " WHERE id = ?", Contacts::contact, id));
            }

            @Override
            public List<Contact> findByAccount(String accountId) {
                return sql.list(SELECT + " WHERE account_id = ?", Contacts::contact, accountId);
            }

            @Override
            public void save(Contact c) {
                String email = c.email() == null ? null : c.email().value();
                String mobile = c.mobile() == null ? null : c.mobile().value();
                upsert(seenAbsent, c.id(),
                        "UPDATE ba_contact SET account_id = ?, name = ?, email = ?, mobile = ?, "
                                + "email_verified = ?, mobile_verified = ? WHERE id = ?",
                        new Object[] {c.account(), c.name(), email, mobile, c.emailVerified(), c.mobileVerified(), c.id()},
                        "INSERT INTO ba_contact (id, account_id, name, email, mobile, email_verified, mobile_verified) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                        new Object[] {c.id(), c.account(), c.name(), email, mobile, c.emailVerified(), c.mobileVerified()});
            }

            @Override
            public boolean delete(String id) {
                return sql.update("DELETE FROM ba_contact WHERE id = ?", id) > 0;
            }

            private static Contact contact(ResultSet row) throws SQLException {
                String email = row.getString("email");
                String mobile = row.getString("mobile");
                return new Contact(row.getString("id"), row.getString("account_id"), row.getString("name"),
                        email == null ? null : EmailAddress.of(email),
                        mobile == null ? null : MobileNumber.of(mobile),
                        row.getBoolean("email_verified"), row.getBoolean("mobile_verified"));
            }
        }

        // ------------------------------------------------------------------------------- groups

        private final class Groups implements ContactGroupRepository {
            private final Set<String> seenAbsent = new HashSet<>();

            @Override
            public Optional<ContactGroup> find(String id) {
                return noted(seenAbsent, id, first(groups("id = ?", id)));
            }

            @Override
            public List<ContactGroup> findByAccount(String accountId) {
                return groups("account_id = ?", accountId);
            }

            @Override
            public List<ContactGroup> findByMember(String contactId) {
                return groups("id IN (SELECT group_id FROM ba_group_member WHERE contact_id = ?)", contactId);
            }

            @Override
            public void save(ContactGroup g) {
                upsert(seenAbsent, g.id(),
                        "UPDATE ba_contact_group SET account_id = ?, name = ? WHERE id = ?",
                        new Object[] {g.account(), g.name(), g.id()},
                        "INSERT INTO ba_contact_group (id, account_id, name) VALUES (?, ?, ?)",
                        new Object[] {g.id(), g.account(), g.name()});
                sql.update("DELETE FROM ba_group_member WHERE group_id = ?", g.id());
                sql.batch("INSERT INTO ba_group_member (group_id, contact_id) VALUES (?, ?)", rows(g.id(), g.members()));
            }

            @Override
            public boolean delete(String id) {
                sql.update("DELETE FROM ba_group_member WHERE group_id = ?", id);
                return sql.update("DELETE FROM ba_contact_group WHERE id = ?", id) > 0;
            }

            /** The groups a condition selects, with their members: two statements in all. */
            private List<ContactGroup> groups(String where, String parameter) {
                List<String[]> rows = sql.list("SELECT id, account_id, name FROM ba_contact_group WHERE " + where,
                        row -> new String[] {row.getString(1), row.getString(2), row.getString(3)}, parameter);
                if (rows.isEmpty()) {
                    return List.of();
                }
                Map<String, Set<String>> members = links("SELECT group_id, contact_id FROM ba_group_member "
                        + "WHERE group_id IN (SELECT id FROM ba_contact_group WHERE " + where + ")", parameter);
                List<ContactGroup> result = new ArrayList<>(rows.size());
                for (String[] row : rows) {
                    result.add(new ContactGroup(row[0], row[1], row[2], members.getOrDefault(row[0], Set.of())));
                }
                return result;
            }
        }

        // ------------------------------------------------------------------------------- vaults

        private final class Vaults implements VaultRepository {
            private final PolicyTables tables = PolicyTables.VAULT;
            private final Set<String> seenAbsent = new HashSet<>();

            @Override
            public Optional<Vault> find(String id) {
                return noted(seenAbsent, id, first(vaults("id = ?", id)));
            }

            @Override
            public List<Vault> findByAccount(String accountId) {
                return vaults("account_id = ?", accountId);
            }

            @Override
            public List<Vault> findByPolicyContact(String contactId) {
                return vaults("id IN (SELECT vault_id FROM " + tables.contacts() + " WHERE contact_id = ?)", contactId);
            }

            @Override
            public List<Vault> findByPolicyGroup(String groupId) {
                return vaults("id IN (SELECT vault_id FROM " + tables.groups() + " WHERE group_id = ?)", groupId);
            }

            @Override
            public void save(Vault v) {
                String mode = v.alarmPolicy().mode().name();
                upsert(seenAbsent, v.id(),
                        "UPDATE ba_vault SET account_id = ?, policy_mode = ? WHERE id = ?",
                        new Object[] {v.account(), mode, v.id()},
                        "INSERT INTO ba_vault (id, account_id, policy_mode) VALUES (?, ?, ?)",
                        new Object[] {v.id(), v.account(), mode});
                saveTargets(tables, v.id(), v.alarmPolicy());
            }

            @Override
            public boolean delete(String id) {
                deleteTargets(tables, id);
                return sql.update("DELETE FROM ba_vault WHERE id = ?", id) > 0;
            }

            /** The vaults a condition selects, with their policies: three statements in all. */
            private List<Vault> vaults(String where, String parameter) {
                List<String[]> rows = sql.list("SELECT id, account_id, policy_mode FROM ba_vault WHERE " + where,
                        row -> new String[] {row.getString(1), row.getString(2), row.getString(3)}, parameter);
                if (rows.isEmpty()) {
                    return List.of();
                }
                Targets targets = targets(tables, "SELECT id FROM ba_vault WHERE " + where, parameter);
                List<Vault> result = new ArrayList<>(rows.size());
                for (String[] row : rows) {
                    result.add(new Vault(row[0], row[1], new VaultAlarmPolicy(PolicyMode.valueOf(row[2]),
                            targets.contacts(row[0]), targets.groups(row[0]))));
                }
                return result;
            }
        }

        // ---------------------------------------------------------------------------- instances

        private final class Instances implements InstanceRepository {
            private final PolicyTables tables = PolicyTables.INSTANCE;
            private final Set<String> seenAbsent = new HashSet<>();

            @Override
            public Optional<Instance> find(String id) {
                return noted(seenAbsent, id, first(instances("id = ?", id)));
            }

            @Override
            public List<Instance> findByVault(String vaultId) {
                return instances("vault_id = ?", vaultId);
            }

            @Override
            public List<Instance> findByPolicyContact(String contactId) {
                return instances("id IN (SELECT instance_id FROM " + tables.contacts() + " WHERE contact_id = ?)",
                        contactId);
            }

            @Override
            public List<Instance> findByPolicyGroup(String groupId) {
                return instances("id IN (SELECT instance_id FROM " + tables.groups() + " WHERE group_id = ?)", groupId);
            }

            @Override
            public void save(Instance i) {
                String mode = i.alarmPolicy().mode().name();
                upsert(seenAbsent, i.id(),
                        "UPDATE ba_instance SET vault_id = ?, policy_mode = ? WHERE id = ?",
                        new Object[] {i.vault(), mode, i.id()},
                        "INSERT INTO ba_instance (id, vault_id, policy_mode) VALUES (?, ?, ?)",
                        new Object[] {i.id(), i.vault(), mode});
                saveTargets(tables, i.id(), i.alarmPolicy());
            }

            @Override
            public boolean delete(String id) {
                deleteTargets(tables, id);
                return sql.update("DELETE FROM ba_instance WHERE id = ?", id) > 0;
            }

            /** The instances a condition selects, with their policies: three statements in all. */
            private List<Instance> instances(String where, String parameter) {
                List<String[]> rows = sql.list("SELECT id, vault_id, policy_mode FROM ba_instance WHERE " + where,
                        row -> new String[] {row.getString(1), row.getString(2), row.getString(3)}, parameter);
                if (rows.isEmpty()) {
                    return List.of();
                }
                Targets targets = targets(tables, "SELECT id FROM ba_instance WHERE " + where, parameter);
                List<Instance> result = new ArrayList<>(rows.size());
                for (String[] row : rows) {
                    result.add(new Instance(row[0], row[1], new InstanceAlarmPolicy(InstancePolicyMode.valueOf(row[2]),
                            targets.contacts(row[0]), targets.groups(row[0]))));
                }
                return result;
            }
        }

        // ----------------------------------------------------------------------- policy targets

        /** The contacts and groups the policies of some owners name, by owner id. */
        private record Targets(Map<String, Set<String>> byContact, Map<String, Set<String>> byGroup) {
            Set<String> contacts(String owner) {
                return byContact.getOrDefault(owner, Set.of());
            }

            Set<String> groups(String owner) {
                return byGroup.getOrDefault(owner, Set.of());
            }
        }

        /** The targets of the owners that {@code owners} (a query of their ids) selects. */
        private Targets targets(PolicyTables tables, String owners, String parameter) {
            String in = " WHERE " + tables.owner() + " IN (" + owners + ")";
            return new Targets(
                    links("SELECT " + tables.owner() + ", contact_id FROM " + tables.contacts() + in, parameter),
                    links("SELECT " + tables.owner() + ", group_id FROM " + tables.groups() + in, parameter));
        }

        private void saveTargets(PolicyTables tables, String ownerId, AlarmPolicy policy) {
            deleteTargets(tables, ownerId);
            sql.batch("INSERT INTO " + tables.contacts() + " (" + tables.owner() + ", contact_id) VALUES (?, ?)",
                    rows(ownerId, policy.contacts()));
            sql.batch("INSERT INTO " + tables.groups() + " (" + tables.owner() + ", group_id) VALUES (?, ?)",
                    rows(ownerId, policy.groups()));
        }

        private void deleteTargets(PolicyTables tables, String ownerId) {
            sql.update("DELETE FROM " + tables.contacts() + " WHERE " + tables.owner() + " = ?", ownerId);
            sql.update("DELETE FROM " + tables.groups() + " WHERE " + tables.owner() + " = ?", ownerId);
        }

        // ------------------------------------------------------------------------------ helpers

        /**
         * Saves a row: inserts it if this transaction looked the id up and found nothing (a
         * creation), else updates it, inserting if there was nothing to update. At
         * {@code READ COMMITTED} an update sees rows that other transactions committed after the
         * look-up; without the first rule, a creation racing another creation of the same id (in
         * another account, or the account itself) would overwrite the winner's row, or move it to
         * another account, instead of failing with a unique violation.
         */
        private void upsert(Set<String> seenAbsent, String id, String update, Object[] updateParameters,
                            String insert, Object[] insertParameters) {
            if (seenAbsent.remove(id) || sql.update(update, updateParameters) == 0) {
                sql.update(insert, insertParameters);
            }
        }

        /** Records whether a look-up by id found the item, for {@link #upsert}. */
        private static <T> Optional<T> noted(Set<String> seenAbsent, String id, Optional<T> found) {
            if (found.isPresent()) {
                seenAbsent.remove(id);
            } else {
                seenAbsent.add(id);
            }
            return found;
        }

        /** Pairs of a query's first and second column, grouped by the first. */
        private Map<String, Set<String>> links(String query, String parameter) {
            Map<String, Set<String>> links = new HashMap<>();
            sql.list(query, row -> links.computeIfAbsent(row.getString(1), k -> new HashSet<>()).add(row.getString(2)),
                    parameter);
            return links;
        }

        private static List<Object[]> rows(String first, Set<String> seconds) {
            List<Object[]> rows = new ArrayList<>(seconds.size());
            for (String second : seconds) {
                rows.add(new Object[] {first, second});
            }
            return rows;
        }

        private static <T> Optional<T> first(List<T> items) {
            return items.isEmpty() ? Optional.empty() : Optional.of(items.get(0));
        }
    }

    /** The two link tables of one kind of policy owner, and their owner column. */
    private enum PolicyTables {
        VAULT("ba_vault_policy_contact", "ba_vault_policy_group", "vault_id"),
        INSTANCE("ba_instance_policy_contact", "ba_instance_policy_group", "instance_id");

        private final String contacts;
        private final String groups;
        private final String owner;

        PolicyTables(String contacts, String groups, String owner) {
            this.contacts = contacts;
            this.groups = groups;
            this.owner = owner;
        }

        String contacts() {
            return contacts;
        }

        String groups() {
            return groups;
        }

        String owner() {
            return owner;
        }
    }
}
