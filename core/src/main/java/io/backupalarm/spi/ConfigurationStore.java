package io.backupalarm.spi;

import java.util.Optional;
import java.util.function.Function;

/**
 * Where the host keeps the configuration (accounts, contacts, groups, vaults, instances), and how
 * the library makes check-and-write atomic on it.
 *
 * <p>The administration service runs every change as one {@link #write} call: it reads what the
 * integrity rules need, checks them, and only then saves or deletes. The store makes that call a
 * transaction:
 * <ul>
 *   <li><b>All or nothing.</b> If {@code work} throws, none of its writes remain, and the
 *       throwable reaches the caller unchanged.</li>
 *   <li><b>Serialised per account.</b> Two {@code write} calls for the same account never
 *       interleave: the second sees everything the first wrote. A JDBC store does this by
 *       starting a transaction and locking the account's row first
 *       ({@code SELECT ... FROM account WHERE id = ? FOR UPDATE}); creating an account relies on
 *       the primary key instead. Writes for different accounts may run in parallel, since every
 *       reference stays inside one account.</li>
 * </ul>
 * {@link #read} sees one consistent state (what committed writes left) across all the look-ups
 * of its work, and never writes: over SQL that means one snapshot for the whole call (a
 * read-only {@code REPEATABLE READ} transaction on PostgreSQL, {@code SERIALIZABLE} on H2),
 * since {@code READ COMMITTED} lets a policy be seen without the group it names. A duplicate id
 * raced in by two concurrent creates surfaces as the store's own exception (a primary-key
 * violation); the service checks for duplicates first, so this needs a true race.
 *
 * <p><b>Thread safety.</b> Implementations must be thread-safe. The {@link Repositories} handed
 * to {@code work} are only used on the calling thread, inside the call.
 */
public interface ConfigurationStore {

    /**
     * Runs reads against a consistent state.
     *
     * @param work what to read; must not write
     * @param <T> the result type
     * @return what {@code work} returned
     */
    <T> T read(Function<Repositories, T> work);

    /**
     * Runs a check-and-write as one transaction, serialised with other writes of the account.
     *
     * @param accountId the account every item the work touches belongs to
     * @param work the checks and writes
     * @param <T> the result type
     * @return what {@code work} returned
     */
    <T> T write(String accountId, Function<Repositories, T> work);

    /**
     * Where an instance belongs now: its vault and the vault's account, as {@link #read} would
     * find them. The engine asks this for every event (does the instance exist, and where does the
     * history record it), so a store may answer it cheaper than a whole read: a database store
     * answers with one query, or with none inside a change of the alarm store whose lock already
     * read it. The default reads the instance and its vault.
     *
     * @param instanceId the instance
     * @return the scope, or empty when no instance has this id
     */
    default Optional<InstanceScope> scopeOf(String instanceId) {
        return read(repos -> repos.instances().find(instanceId).map(instance -> repos.vaults()
                .find(instance.vault())
                .map(vault -> new InstanceScope(instance.id(), vault.id(), vault.account()))
                .orElse(new InstanceScope(instance.id(), null, null))));
    }

    /**
     * Where an instance belongs: what {@link #scopeOf} answers. Immutable.
     *
     * @param instance the instance id
     * @param vault the id of its vault, or {@code null} if no vault has that id
     * @param account the vault's account, or {@code null} with no vault
     */
    record InstanceScope(String instance, String vault, String account) {
    }

    /**
     * A thread-safe store in memory, for tests, tools and small hosts. It serialises all writes.
     *
     * @return a new, empty store
     */
    static ConfigurationStore inMemory() {
        return new io.backupalarm.internal.InMemoryConfigurationStore();
    }

    /**
     * A thread-safe store in memory that starts with a configuration.
     *
     * @param seed the configuration to hold
     * @return a new store
     */
    static ConfigurationStore inMemory(io.backupalarm.config.Configuration seed) {
        return new io.backupalarm.internal.InMemoryConfigurationStore(seed);
    }
}
