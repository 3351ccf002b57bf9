package io.backupalarm.spi;

import io.backupalarm.verification.PendingVerification;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where codes waiting for confirmation are kept (salted hashes only), one per contact address:
 * per contact, channel and address, so that two addresses of one contact on one channel (two chat
 * rooms) each have their own code.
 *
 * <p>Several verification services, in one process or on several nodes, may share the data of
 * one store. The limit on tries holds across all of them because a service counts each try with
 * {@link #takeTry} before it compares the code: that call, and {@link #remove}, must be atomic
 * against every other call on the same data, including calls from other processes.
 *
 * <p>Implementations must be thread-safe.
 */
public interface VerificationStore {

    /**
     * The code waiting for one address of a contact.
     *
     * @param contactId the contact
     * @param channel the channel
     * @param address the address on that channel
     * @return the pending verification, or empty
     */
    Optional<PendingVerification> find(String contactId, String channel, String address);

    /**
     * The codes waiting for any address of a contact on a channel (for example one sent to an
     * email address the contact has changed since).
     *
     * @param contactId the contact
     * @param channel the channel
     * @return the pending verifications, in any order; never {@code null}
     */
    List<PendingVerification> findAll(String contactId, String channel);

    /**
     * Inserts or replaces the pending verification of its contact, channel and address.
     *
     * @param pending the pending verification
     */
    void save(PendingVerification pending);

    /**
     * Takes one try of the code waiting for an address, atomically: if a code is waiting, has
     * fewer than {@code maxTries} tries counted and has not expired at {@code now} (that is,
     * {@code now} is before its {@link PendingVerification#expiresAt() expiry}), its count of tries
     * goes up by one. Of any number of concurrent calls on the same data, at most {@code maxTries}
     * minus the tries already counted get a try.
     *
     * @param contactId the contact
     * @param channel the channel
     * @param address the address on that channel
     * @param maxTries how many tries a code allows, at least 1
     * @param now the instant of the try
     * @return the pending verification as it stands after this try was counted, or empty (and
     *         nothing changed) when no code is waiting, it has no try left, or it has expired
     * @throws IllegalArgumentException if {@code maxTries} is less than 1
     */
    Optional<PendingVerification> takeTry(String contactId, String channel, String address, int maxTries, Instant now);

    /**
     * Removes the code waiting for one address of a contact, if any.
     *
     * @param contactId the contact
     * @param channel the channel
     * @param address the address on that channel
     */
    void delete(String contactId, String channel, String address);

    /**
     * Removes a pending verification only if it is still the code stored for its contact, channel
     * and address (the same salt and hash, whatever its count of tries), so that a code that a
     * newer one replaced meanwhile leaves the newer one in place.
     *
     * @param pending the pending verification as it was read
     * @return whether it was removed
     */
    boolean remove(PendingVerification pending);

    /**
     * A thread-safe store in memory.
     *
     * @return a new, empty store
     */
    static VerificationStore inMemory() {
        return new io.backupalarm.internal.InMemoryVerificationStore();
    }
}
