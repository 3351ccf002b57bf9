package io.backupalarm.examples.jdbc;

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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * A {@link ConfigurationStore} over JDBC: the configuration in seven tables
 * ({@code schema.sql} in this package), read and written with plain SQL.
 *
 * <p><b>Transactions.</b> {@link #write} takes a connection, switches auto-commit off, locks
 * the account's row with {@code SELECT id FROM ba_account WHERE id = ? FOR UPDATE}, runs the
 * work and commits. If the work throws, the transaction is rolled back and the throwable
 * reaches the caller unchanged. Two writes of one account therefore run one after the other,
 * and the second, reading at {@code READ COMMITTED} after it got the lock, sees everything the
 * first wrote. Writes of different accounts lock different rows and run in parallel. Creating
 * an account has no row to lock yet; two creations of the same id are kept apart by the primary
 * key. {@link #read} runs in a read-only {@code SERIALIZABLE} transaction, so that all its
 * statements see one snapshot (on H2 and PostgreSQL a read-only serializable transaction takes
 * no locks).
 *
 * <p><b>Thread safety.</b> Thread-safe: every call takes its own connection from the
 * {@link DataSource}, which must be thread-safe (a connection pool in production).
 */
public final class JdbcConfigurationStore implements ConfigurationStore {

    private static final String SCHEMA = "schema.sql";

    private final DataSource dataSource;

    /**
     * A store over a database that already has the schema (see {@link #createSchema}).
     *
     * @param dataSource where connections come from
     */
    public JdbcConfigurationStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Creates the tables and indexes if they do not exist yet. A host with its own migration
     * tool (Flyway, Liquibase) runs {@code schema.sql} from there instead.
     *
     * @param dataSource the database
     * @throws JdbcStoreException if a statement fails
     */
    public static void createSchema(DataSource dataSource) {
        String script;
        try (InputStream in = JdbcConfigurationStore.class.getResourceAsStream(SCHEMA)) {
            script = new String(Objects.requireNonNull(in, SCHEMA).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SCHEMA, e);
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : script.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!sql.isBlank()) {
                    statement.execute(sql);
                }
            }
        } catch (SQLException e) {
            throw new JdbcStoreException("cannot create the schema", e);
        }
    }

    @Override
    public <T> T read(Function<Repositories, T> work) {
        Objects.requireNonNull(work, "work");
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            // One snapshot for every statement of the read: at READ COMMITTED (or H2's REPEATABLE READ)
            // a vault row and its policy targets could come from two different commits.
            connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            try {
                T result = work.apply(new JdbcRepositories(connection));
                connection.commit();
                return result;
            } catch (RuntimeException | Error e) {
                rollback(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new JdbcStoreException("read failed", e);
        }
    }

    @Override
    public <T> T write(String accountId, Function<Repositories, T> work) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(work, "work");
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            try {
                lockAccount(connection, accountId);
                T result = work.apply(new JdbcRepositories(connection));
                connection.commit();
                return result;
            } catch (RuntimeException | Error e) {
                rollback(connection, e);
                throw e;
            } catch (SQLException e) {
                rollback(connection, e);
                throw new JdbcStoreException("write for account " + accountId + " failed", e);
            }
        } catch (SQLException e) {
            throw new JdbcStoreException("write for account " + accountId + " failed", e);
        }
    }

    /** Serialises the writes of one account: the lock is held until commit or rollback. */
    private static void lockAccount(Connection connection, String accountId) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT id FROM ba_account WHERE id = ? FOR UPDATE")) {
            lock.setString(1, accountId);
            try (ResultSet rows = lock.executeQuery()) {
                // An account that does not exist yet has nothing to lock: its creation relies on
                // the primary key, and nothing else can belong to it before it exists.
                rows.next();
            }
        }
    }

    private static void rollback(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** The repositories of one transaction, on its connection. Used on one thread only. */
    private static final class JdbcRepositories implements Repositories {

        private final Sql sql;
        private final AccountRepository accounts;
        private final ContactRepository contacts;
        private final ContactGroupRepository groups;
        private final VaultRepository vaults;
        private final InstanceRepository instances;

        JdbcRepositories(Connection connection) {
            this.sql = new Sql(connection);
            this.accounts = new Accounts();
            this.contacts = new Contacts();
            this.groups = new Groups();
            this.vaults = new Vaults();
            this.instances = new Instances();
        }

        @Override public AccountRepository accounts() { return accounts; }
        @Override public ContactRepository contacts() { return contacts; }
        @Override public ContactGroupRepository groups() { return groups; }
        @Override public VaultRepository vaults() { return vaults; }
        @Override public InstanceRepository instances() { return instances; }

        // ------------------------------------------------------------------------- accounts

        private final class Accounts implements AccountRepository {
            private static final String COLUMNS = "SELECT id, email, mobile, time_zone, locale FROM ba_account";

            @Override
            public Optional<Account> find(String id) {
                return sql.one(COLUMNS + " WHERE id = ?", this::account, id);
            }

            @Override
            public List<Account> findAll() {
                return sql.list(COLUMNS, this::account);
            }

            @Override
            public void save(Account a) {
                String email = a.email() == null ? null : a.email().value();
                String mobile = a.mobile() == null ? null : a.mobile().value();
                String zone = a.timeZone() == null ? null : a.timeZone().getId();
                String locale = a.locale() == null ? null : a.locale().toLanguageTag();
                if (sql.update("UPDATE ba_account SET email = ?, mobile = ?, time_zone = ?, locale = ? WHERE id = ?",
                        email, mobile, zone, locale, a.id()) == 0) {
                    sql.update("INSERT INTO ba_account (id, email, mobile, time_zone, locale) VALUES (?, ?, ?, ?, ?)",
                            a.id(), email, mobile, zone, locale);
                }
            }

            @Override
            public boolean delete(String id) {
                return sql.update("DELETE FROM ba_account WHERE id = ?", id) > 0;
            }

            private Account account(ResultSet row) throws SQLException {
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

        // ------------------------------------------------------------------------- contacts

        private final class Contacts implements ContactRepository {
            private static final String COLUMNS =
                    "SELECT id, account_id, name, email, mobile, email_verified, mobile_verified FROM ba_contact";

            @Override
            public Optional<Contact> find(String id) {
                return sql.one(COLUMNS + " WHERE id = ?", this::contact, id);
            }

            @Override
            public List<Contact> findByAccount(String accountId) {
                return sql.list(COLUMNS + " WHERE account_id = ?", this::contact, accountId);
            }

            @Override
            public void save(Contact c) {
                String email = c.email() == null ? null : c.email().value();
                String mobile = c.mobile() == null ? null : c.mobile().value();
                if (sql.update("UPDATE ba_contact SET account_id = ?, name = ?, email = ?, mobile = ?, "
                        + "email_verified = ?, mobile_verified = ? WHERE id = ?",
                        c.account(), c.name(), email, mobile, c.emailVerified(), c.mobileVerified(), c.id()) == 0) {
                    sql.update("INSERT INTO ba_contact (id, account_id, name, email, mobile, email_verified, "
                            + "mobile_verified) VALUES (?, ?, ?, ?, ?, ?, ?)",
                            c.id(), c.account(), c.name(), email, mobile, c.emailVerified(), c.mobileVerified());
                }
            }

            @Override
            public boolean delete(String id) {
                return sql.update("DELETE FROM ba_contact WHERE id = ?", id) > 0;
            }

            private Contact contact(ResultSet row) throws SQLException {
                String email = row.getString("email");
                String mobile = row.getString("mobile");
                return new Contact(row.getString("id"), row.getString("account_id"), row.getString("name"),
                        email == null ? null : EmailAddress.of(email),
                        mobile == null ? null : MobileNumber.of(mobile),
                        row.getBoolean("email_verified"), row.getBoolean("mobile_verified"));
            }
        }

        // --------------------------------------------------------------------------- groups

        private final class Groups implements ContactGroupRepository {
            private static final String COLUMNS = "SELECT id, account_id, name FROM ba_contact_group";

            @Override
            public Optional<ContactGroup> find(String id) {
                return sql.one(COLUMNS + " WHERE id = ?", this::group, id);
            }

            @Override
            public List<ContactGroup> findByAccount(String accountId) {
                return sql.list(COLUMNS + " WHERE account_id = ?", this::group, accountId);
            }

            @Override
            public List<ContactGroup> findByMember(String contactId) {
                return sql.list(COLUMNS + " WHERE id IN (SELECT group_id FROM ba_group_member WHERE contact_id = ?)",
                        this::group, contactId);
            }

            @Override
            public void save(ContactGroup g) {
                if (sql.update("UPDATE ba_contact_group SET account_id = ?, name = ? WHERE id = ?",
                        g.account(), g.name(), g.id()) == 0) {
                    sql.update("INSERT INTO ba_contact_group (id, account_id, name) VALUES (?, ?, ?)",
                            g.id(), g.account(), g.name());
                }
                sql.update("DELETE FROM ba_group_member WHERE group_id = ?", g.id());
                for (String member : g.members()) {
                    sql.update("INSERT INTO ba_group_member (group_id, contact_id) VALUES (?, ?)", g.id(), member);
                }
            }

            @Override
            public boolean delete(String id) {
                sql.update("DELETE FROM ba_group_member WHERE group_id = ?", id);
                return sql.update("DELETE FROM ba_contact_group WHERE id = ?", id) > 0;
            }

            private ContactGroup group(ResultSet row) throws SQLException {
                String id = row.getString("id");
                Set<String> members = new HashSet<>(sql.list(
                        "SELECT contact_id FROM ba_group_member WHERE group_id = ?", r -> r.getString(1), id));
                return new ContactGroup(id, row.getString("account_id"), row.getString("name"), members);
            }
        }

        // --------------------------------------------------------------------------- vaults

        private final class Vaults implements VaultRepository {
            private static final String COLUMNS = "SELECT id, account_id, policy_mode FROM ba_vault";

            @Override
            public Optional<Vault> find(String id) {
                return sql.one(COLUMNS + " WHERE id = ?", this::vault, id);
            }

            @Override
            public List<Vault> findByAccount(String accountId) {
                return sql.list(COLUMNS + " WHERE account_id = ?", this::vault, accountId);
            }

            @Override
            public List<Vault> findByPolicyContact(String contactId) {
                return sql.list(COLUMNS + " WHERE id IN " + owners(VAULT, CONTACT), this::vault, contactId);
            }

            @Override
            public List<Vault> findByPolicyGroup(String groupId) {
                return sql.list(COLUMNS + " WHERE id IN " + owners(VAULT, GROUP), this::vault, groupId);
            }

            @Override
            public void save(Vault v) {
                String mode = v.alarmPolicy().mode().name();
                if (sql.update("UPDATE ba_vault SET account_id = ?, policy_mode = ? WHERE id = ?",
                        v.account(), mode, v.id()) == 0) {
                    sql.update("INSERT INTO ba_vault (id, account_id, policy_mode) VALUES (?, ?, ?)",
                            v.id(), v.account(), mode);
                }
                saveTargets(VAULT, v.id(), v.alarmPolicy());
            }

            @Override
            public boolean delete(String id) {
                deleteTargets(VAULT, id);
                return sql.update("DELETE FROM ba_vault WHERE id = ?", id) > 0;
            }

            private Vault vault(ResultSet row) throws SQLException {
                String id = row.getString("id");
                PolicyMode mode = PolicyMode.valueOf(row.getString("policy_mode"));
                return new Vault(id, row.getString("account_id"),
                        new VaultAlarmPolicy(mode, targets(VAULT, id, CONTACT), targets(VAULT, id, GROUP)));
            }
        }

        // ------------------------------------------------------------------------ instances

        private final class Instances implements InstanceRepository {
            private static final String COLUMNS = "SELECT id, vault_id, policy_mode FROM ba_instance";

            @Override
            public Optional<Instance> find(String id) {
                return sql.one(COLUMNS + " WHERE id = ?", this::instance, id);
            }

            @Override
            public List<Instance> findByVault(String vaultId) {
                return sql.list(COLUMNS + " WHERE vault_id = ?", this::instance, vaultId);
            }

            @Override
            public List<Instance> findByPolicyContact(String contactId) {
                return sql.list(COLUMNS + " WHERE id IN " + owners(INSTANCE, CONTACT), this::instance, contactId);
            }

            @Override
            public List<Instance> findByPolicyGroup(String groupId) {
                return sql.list(COLUMNS + " WHERE id IN " + owners(INSTANCE, GROUP), this::instance, groupId);
            }

            @Override
            public void save(Instance i) {
                String mode = i.alarmPolicy().mode().name();
                if (sql.update("UPDATE ba_instance SET vault_id = ?, policy_mode = ? WHERE id = ?",
                        i.vault(), mode, i.id()) == 0) {
                    sql.update("INSERT INTO ba_instance (id, vault_id, policy_mode) VALUES (?, ?, ?)",
                            i.id(), i.vault(), mode);
                }
                saveTargets(INSTANCE, i.id(), i.alarmPolicy());
            }

            @Override
            public boolean delete(String id) {
                deleteTargets(INSTANCE, id);
                return sql.update("DELETE FROM ba_instance WHERE id = ?", id) > 0;
            }

            private Instance instance(ResultSet row) throws SQLException {
                String id = row.getString("id");
                InstancePolicyMode mode = InstancePolicyMode.valueOf(row.getString("policy_mode"));
                return new Instance(id, row.getString("vault_id"),
                        new InstanceAlarmPolicy(mode, targets(INSTANCE, id, CONTACT), targets(INSTANCE, id, GROUP)));
            }
        }

        // ------------------------------------------------------------------ policy targets

        private static final String VAULT = "vault";
        private static final String INSTANCE = "instance";
        private static final String CONTACT = "contact";
        private static final String GROUP = "group";

        /** The sub-query of owners whose policy names a target; its one parameter is the target id. */
        private static String owners(String ownerKind, String targetKind) {
            return "(SELECT owner_id FROM ba_policy_target WHERE target_kind = '" + targetKind
                    + "' AND target_id = ? AND owner_kind = '" + ownerKind + "')";
        }

        private Set<String> targets(String ownerKind, String ownerId, String targetKind) {
            return new HashSet<>(sql.list("SELECT target_id FROM ba_policy_target "
                    + "WHERE owner_kind = ? AND owner_id = ? AND target_kind = ?",
                    row -> row.getString(1), ownerKind, ownerId, targetKind));
        }

        private void saveTargets(String ownerKind, String ownerId, AlarmPolicy policy) {
            deleteTargets(ownerKind, ownerId);
            for (String contact : policy.contacts()) {
                sql.update("INSERT INTO ba_policy_target (owner_kind, owner_id, target_kind, target_id) "
                        + "VALUES (?, ?, ?, ?)", ownerKind, ownerId, CONTACT, contact);
            }
            for (String group : policy.groups()) {
                sql.update("INSERT INTO ba_policy_target (owner_kind, owner_id, target_kind, target_id) "
                        + "VALUES (?, ?, ?, ?)", ownerKind, ownerId, GROUP, group);
            }
        }

        private void deleteTargets(String ownerKind, String ownerId) {
            sql.update("DELETE FROM ba_policy_target WHERE owner_kind = ? AND owner_id = ?", ownerKind, ownerId);
        }
    }

    /** Reads one row into a value. */
    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** Prepared statements on one connection, with SQLException turned into JdbcStoreException. */
    private static final class Sql {
        private final Connection connection;

        Sql(Connection connection) {
            this.connection = connection;
        }

        <T> List<T> list(String query, RowMapper<T> mapper, Object... parameters) {
            try (PreparedStatement statement = prepare(query, parameters); ResultSet rows = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
                return result;
            } catch (SQLException e) {
                throw new JdbcStoreException("query failed: " + query, e);
            }
        }

        <T> Optional<T> one(String query, RowMapper<T> mapper, Object... parameters) {
            List<T> rows = list(query, mapper, parameters);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
        }

        int update(String statementSql, Object... parameters) {
            try (PreparedStatement statement = prepare(statementSql, parameters)) {
                return statement.executeUpdate();
            } catch (SQLException e) {
                throw new JdbcStoreException("update failed: " + statementSql, e);
            }
        }

        private PreparedStatement prepare(String query, Object... parameters) throws SQLException {
            PreparedStatement statement = connection.prepareStatement(query);
            try {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                return statement;
            } catch (SQLException e) {
                statement.close();
                throw e;
            }
        }
    }
}
