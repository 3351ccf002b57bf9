package io.backupalarm.spi;

import io.backupalarm.verification.PendingVerification;
import java.util.Optional;

/**
 * Where codes waiting for confirmation are kept (salted hashes only), one per contact and
 * channel.
 *
 * <p>Implementations must be thread-safe.
 */
public interface VerificationStore {

    /**
     * The code waiting for a contact's address on a channel.
     *
     * @param contactId the contact
     * @param channel the channel
     * @return the pending verification, or empty
     */
    Optional<PendingVerification> find(String contactId, String channel);

    /**
     * Inserts or replaces the pending verification of its contact and channel.
     *
     * @param pending the pending verification
     */
    void save(PendingVerification pending);

    /**
     * Removes the pending verification of a contact and channel.
     *
     * @param contactId the contact
     * @param channel the channel
     */
    void delete(String contactId, String channel);

    /**
     * A thread-safe store in memory.
     *
     * @return a new, empty store
     */
    static VerificationStore inMemory() {
        return new io.backupalarm.internal.InMemoryVerificationStore();
    }
}
