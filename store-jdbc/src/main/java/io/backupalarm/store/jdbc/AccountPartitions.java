package io.backupalarm.store.jdbc;

import io.backupalarm.text.SafeText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Routes accounts to partitions: a host that splits its accounts across several databases (each
 * partition one database, served by its own {@link JdbcStore}, engine and
 * {@code ConfigurationAdmin} on every node) asks this class which partition holds an account, and
 * sends every event and administrative call of that account there. An account is self-contained
 * (its contacts, groups, vaults, instances, alarms and notifications never refer to another
 * account), so no statement ever spans two partitions; see {@code docs/deployment.md}, section
 * "Partitioning by account".
 *
 * <p><b>The hash, fixed forever.</b> An account's partition is the jump consistent hash (Lamping
 * and Veach, 2014) of the first 8 bytes, read big-endian, of the SHA-256 of the account id's UTF-8
 * bytes, over the number of partitions. It decides where an account's data lives, so it depends on
 * nothing but the id and the number of partitions (not on the JVM, its version, the locale or
 * {@link String#hashCode()}) and will not change in any later version of this library: a test pins
 * the partitions of a few ids. SHA-256 spreads even similar ids ({@code acct-1}, {@code acct-2})
 * evenly, and every JVM has it. Jump hashing (rather than the remainder) means that going from
 * {@code n} to {@code n + 1} partitions moves only the accounts that now land in the new
 * partition, about one in {@code n + 1}, and moves none between existing partitions; moving those
 * accounts' data is the host's job. The id is hashed exactly as given: {@code Acct-1} and
 * {@code acct-1} are different accounts.
 *
 * <p><b>Events carry an instance, not an account.</b> {@code AlarmEvent.instance()} names the
 * instance (backup client); its account is that of its vault. The host already knows which
 * customer each of its clients belongs to, so it keeps its own map from instance to account and
 * routes with {@link #forInstance(String, Function)}. Instance ids must then be unique across all
 * partitions, not only within one database. Asking every partition whether it holds the instance
 * would cost a query per partition and event, and is not offered.
 *
 * <p>Immutable and thread-safe; what each partition is (its store, engine and administration) is
 * as thread-safe as its own parts.
 *
 * @param <T> what the host holds per partition, for example a record of a {@link JdbcStore}, an
 *     {@code AlarmEngine} and a {@code ConfigurationAdmin}
 */
public final class AccountPartitions<T> {

    /** The multiplier of the 64-bit linear congruential generator of jump consistent hashing. */
    private static final long JUMP_MULTIPLIER = 2862933555777941757L;

    private final List<T> partitions;

    private AccountPartitions(List<T> partitions) {
        this.partitions = partitions;
    }

    /**
     * Partitions in a fixed order: partition {@code i} is {@code partitions.get(i)}. The order and
     * the number are part of where data lives: keep them for the life of the data.
     *
     * @param partitions one or more, none {@code null}
     * @param <T> what the host holds per partition
     * @return the partitions
     * @throws NullPointerException if {@code partitions} is {@code null}
     * @throws IllegalArgumentException if there are none, or one is {@code null}
     */
    public static <T> AccountPartitions<T> of(List<? extends T> partitions) {
        Objects.requireNonNull(partitions, "partitions");
        if (partitions.isEmpty()) {
            throw new IllegalArgumentException("partitions must not be empty: give at least one");
        }
        for (int i = 0; i < partitions.size(); i++) {
            if (partitions.get(i) == null) {
                throw new IllegalArgumentException("partitions[" + i + "] is null; every partition must be given");
            }
        }
        return new AccountPartitions<>(List.copyOf(partitions));
    }

    /**
     * Which of {@code partitions} partitions holds an account: the hash described in the class
     * comment. For tools that need the number without partition objects (a migration that moves
     * accounts, a report of where each account lives).
     *
     * @param accountId the account id, not blank
     * @param partitions how many partitions, one or more
     * @return a partition number from 0 to {@code partitions - 1}
     * @throws NullPointerException if {@code accountId} is {@code null}
     * @throws IllegalArgumentException if {@code accountId} is blank or {@code partitions} is less
     *     than one
     */
    public static int partitionOf(String accountId, int partitions) {
        checkAccountId(accountId);
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, not " + partitions);
        }
        return jump(sha256Prefix(accountId), partitions);
    }

    /**
     * The partition number of an account among these partitions.
     *
     * @param accountId the account id, not blank
     * @return from 0 to {@link #size()} - 1
     * @throws NullPointerException if {@code accountId} is {@code null}
     * @throws IllegalArgumentException if {@code accountId} is blank
     */
    public int indexOf(String accountId) {
        return partitionOf(accountId, partitions.size());
    }

    /**
     * The partition that holds an account: where to send its administrative calls, and the
     * events of its instances.
     *
     * @param accountId the account id, not blank
     * @return its partition
     * @throws NullPointerException if {@code accountId} is {@code null}
     * @throws IllegalArgumentException if {@code accountId} is blank
     */
    public T forAccount(String accountId) {
        return partitions.get(indexOf(accountId));
    }

    /**
     * The partition that holds an instance, through the host's own map from instance to account
     * (events name the instance only): {@code partitions.forInstance(event.instance(),
     * accountOfInstance).engine().report(event)}.
     *
     * @param instanceId the instance id, not blank
     * @param accountOfInstance the host's map: the account id of an instance, {@code null} for an
     *     instance it does not know
     * @return the partition of the instance's account
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code instanceId} is blank, or {@code accountOfInstance}
     *     knows no account (or a blank one) for it
     */
    public T forInstance(String instanceId, Function<? super String, String> accountOfInstance) {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(accountOfInstance, "accountOfInstance");
        if (instanceId.isBlank()) {
            throw new IllegalArgumentException("instanceId must not be blank: '" + SafeText.printable(instanceId)
                    + "'");
        }
        String account = accountOfInstance.apply(instanceId);
        if (account == null || account.isBlank()) {
            throw new IllegalArgumentException("instance '" + SafeText.printable(instanceId) + "' has no account: "
                    + "accountOfInstance gave " + (account == null ? "null" : "'" + SafeText.printable(account) + "'"));
        }
        return forAccount(account);
    }

    /**
     * Every partition, in partition order: for what concerns them all (starting, migrating and
     * closing each, or listing the accounts of all).
     *
     * @return an unmodifiable list
     */
    public List<T> all() {
        return partitions;
    }

    /**
     * How many partitions there are.
     *
     * @return one or more
     */
    public int size() {
        return partitions.size();
    }

    @Override
    public String toString() {
        return "AccountPartitions[" + partitions.size() + " partitions]";
    }

    private static void checkAccountId(String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        if (accountId.isBlank()) {
            throw new IllegalArgumentException("accountId must not be blank: '" + SafeText.printable(accountId) + "'");
        }
    }

    /** The first 8 bytes of SHA-256(UTF-8 of id), big-endian. */
    private static long sha256Prefix(String id) {
        byte[] digest;
        try {
            // A new digest per call: MessageDigest is not thread-safe, and one costs far less than a round trip.
            digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing, though every Java platform must provide it", e);
        }
        long key = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            key = (key << 8) | (digest[i] & 0xFF);
        }
        return key;
    }

    /**
     * Jump consistent hash: the bucket in [0, buckets) of a 64-bit key, as published (arithmetic
     * on unsigned 64 bits, wrapping, and IEEE doubles, which Java evaluates the same everywhere).
     */
    static int jump(long key, int buckets) {
        long b = -1;
        long j = 0;
        while (j < buckets) {
            b = j;
            key = key * JUMP_MULTIPLIER + 1;
            j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((key >>> 33) + 1)));
        }
        return (int) b;
    }
}
