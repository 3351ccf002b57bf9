package io.backupalarm.store.jdbc;

import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.Repositories;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The configuration (accounts, contacts, groups, vaults, instances and maintenance windows) in
 * PostgreSQL or H2: the {@link ConfigurationStore} that {@link JdbcStore#configuration()} returns.
 * {@link JdbcStore#migrate()} creates its tables (Flyway migrations {@code V1__configuration.sql}
 * and, for maintenance windows, {@code V4__quiet_and_grouping.sql} in {@link JdbcStore#MIGRATIONS}).
 * Several engines on several hosts can share one database: every
 * check-and-write of {@link io.backupalarm.config.ConfigurationAdmin} is one transaction here,
 * and the database's constraints hold the integrity rules too. The statements of each kind of
 * item are in a repository class of their own ({@code JdbcAccountRepository} and so on; vaults
 * and instances share {@code JdbcPolicyHolderRepository}; maintenance windows are in
 * {@code JdbcMaintenanceWindowRepository}).
 *
 * <p><b>Writes.</b> {@link #write} takes a connection of its own, runs at {@code READ COMMITTED},
 * locks the account's row with {@code SELECT id FROM ba_account WHERE id = ? FOR UPDATE}, runs the
 * work and commits. If the work throws, the transaction is rolled back and the throwable reaches
 * the caller unchanged. Two writes of one account, on one node or on two, therefore run one after
 * the other, and the second, whose statements each see what was committed before they ran, sees
 * everything the first wrote. Writes of different accounts lock different rows and run in
 * parallel. Creating an account has no row to lock yet, and two accounts' writes can create items
 * of one id: such creations are kept apart by the primary key. A {@code save} of an id that the
 * same write looked up and did not find is an {@code INSERT} (otherwise an {@code UPDATE}, then an
 * {@code INSERT} if no row was there), so of two creations that both found the id free, the second
 * fails with a {@link JdbcStoreException} whose {@link JdbcStoreException#sqlState() SQL state}
 * is {@code 23505} instead of overwriting the first. A write is never run again: its work runs
 * exactly once per call. It never joins a transaction of the other stores that the calling
 * thread may be running.
 *
 * <p><b>Reads.</b> {@link #read} called inside a transaction of the {@link JdbcStore}'s alarm store
 * (the engine firing an alarm in {@link io.backupalarm.spi.AlarmStore#forEachDue}, or changing
 * one in {@link io.backupalarm.spi.AlarmStore#atomically}) runs on that transaction's connection
 * and sees what it sees: a firing takes one pooled connection, not two, and its transaction runs
 * at the snapshot level, so that all reads of one sweep see one state (a change in
 * {@code atomically} runs at {@code READ COMMITTED}: each statement sees what was committed
 * before it). Otherwise a read takes a
 * connection of its own and runs in a read-only transaction at the database's snapshot level
 * ({@code REPEATABLE READ} on PostgreSQL, {@code SERIALIZABLE} on H2), so all its statements see
 * one state, ended by a rollback; on both databases such a transaction takes no locks, so reads
 * and writes do not wait for each other. Either way its repositories refuse to save or delete
 * with an {@link IllegalStateException}, before anything reaches the database.
 *
 * <p><b>Connections.</b> A connection taken for a call is given back with auto-commit, read-only
 * and isolation as it was found. A database error becomes a {@link JdbcStoreException}, after the
 * rollback; a lock wait that runs out (PostgreSQL's {@code lock_timeout}, H2's
 * {@code LOCK_TIMEOUT}) is one.
 *
 * <p><b>Thread safety.</b> Thread-safe, as long as the data source is (a connection pool in
 * production). The {@link Repositories} handed to the work use the call's connection and are
 * meant for the calling thread only, inside the call.
 */
public final class JdbcConfigurationStore implements ConfigurationStore {

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
     * Runs reads against one state of the database: inside the calling thread's transaction of
     * the alarm store if there is one, else in a read-only transaction of its own at
     * {@code REPEATABLE READ} (PostgreSQL) or {@code SERIALIZABLE} (H2), rolled back at the end.
     *
     * @param work what to read; its repositories refuse to save or delete
     * @param <T> the result type
     * @return what {@code work} returned
     * @throws JdbcStoreException if a statement fails; whatever {@code work} throws otherwise,
     *     unchanged
     * @throws IllegalStateException if {@code work} saves or deletes
     */
    @Override
    public <T> T read(Function<Repositories, T> work) {
        Objects.requireNonNull(work, "work");
        return database.read("read the configuration", sql -> {
            Map<List<Object>, Object> found = database.inSnapshot() ? lookUps(database) : null;
            return work.apply(found == null ? new JdbcRepositories(sql) : JdbcRepositories.remembering(sql, found));
        });
    }

    /**
     * Where an instance belongs, with one query ({@code ba_instance} joined to {@code ba_vault}),
     * in the calling thread's transaction if it has one, else in auto-commit (one statement sees
     * one state). Inside a change of the alarm store that read it with its lock on PostgreSQL
     * ({@link JdbcAlarmStore#atomically}), with no query at all.
     *
     * @param instanceId the instance
     * @return the scope, or empty when no instance has this id
     * @throws JdbcStoreException if the query fails
     */
    @Override
    public Optional<InstanceScope> scopeOf(String instanceId) {
        Objects.requireNonNull(instanceId, "instanceId");
        Map<Object, Object> remembered = database.remembered();
        Object known = remembered == null ? null : remembered.get(new ScopeOf(instanceId));
        if (known != null) {
            @SuppressWarnings("unchecked")
            Optional<InstanceScope> scope = (Optional<InstanceScope>) known;
            return scope;
        }
        return database.statements("read the scope of instance " + instanceId, sql -> sql.one(
                "SELECT i.id AS scope_instance, v.id AS scope_vault, v.account_id AS scope_account FROM ba_instance i "
                        + "LEFT JOIN ba_vault v ON v.id = i.vault_id WHERE i.id = ?", JdbcConfigurationStore::scope,
                instanceId));
    }

    /** The key under which a transaction remembers what its configuration look-ups found. */
    private static final Object LOOK_UPS = new Object();

    /**
     * What the configuration look-ups of the calling thread's transaction found, for
     * {@link JdbcRepositories#remembering}; forgotten with the rest of what the transaction
     * remembers (when it ends, or rolls back to a savepoint).
     */
    @SuppressWarnings("unchecked")
    private static Map<List<Object>, Object> lookUps(Database database) {
        return (Map<List<Object>, Object>) database.remembered().computeIfAbsent(LOOK_UPS, k -> new HashMap<>());
    }

    /** The key under which a transaction remembers the scope of an instance it read. */
    record ScopeOf(String instance) {
    }

    /**
     * Remembers for the calling thread's transaction where an instance belongs, as a statement of
     * it read it: {@link #scopeOf} answers from it until the transaction ends.
     */
    static void remember(Database database, String instance, Optional<InstanceScope> scope) {
        Map<Object, Object> remembered = database.remembered();
        if (remembered != null) {
            remembered.put(new ScopeOf(instance), scope);
        }
    }

    /** The scope in columns {@code scope_instance}, {@code scope_vault}, {@code scope_account}; null without an instance. */
    static InstanceScope scope(java.sql.ResultSet row) throws java.sql.SQLException {
        String instance = row.getString("scope_instance");
        return instance == null ? null
                : new InstanceScope(instance, row.getString("scope_vault"), row.getString("scope_account"));
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
        return database.write("write for account " + accountId, sql -> {
            // Held until commit or rollback. An account that does not exist yet has no row to
            // lock: its creation relies on the primary key, and nothing can belong to it before.
            sql.list("SELECT id FROM ba_account WHERE id = ? FOR UPDATE", row -> row.getString(1), accountId);
            return work.apply(new JdbcRepositories(sql));
        });
    }
}
