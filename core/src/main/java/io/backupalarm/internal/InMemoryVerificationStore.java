package io.backupalarm.internal;

import io.backupalarm.spi.VerificationStore;
import io.backupalarm.verification.PendingVerification;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Pending verifications in a concurrent map keyed by contact and channel. Thread-safe. */
public final class InMemoryVerificationStore implements VerificationStore {

    private final Map<String, PendingVerification> pending = new ConcurrentHashMap<>();

    /** Creates an empty store. */
    public InMemoryVerificationStore() {
    }

    @Override
    public Optional<PendingVerification> find(String contactId, String channel) {
        return Optional.ofNullable(pending.get(key(contactId, channel)));
    }

    @Override
    public void save(PendingVerification verification) {
        pending.put(key(verification.contactId(), verification.channel()), verification);
    }

    @Override
    public void delete(String contactId, String channel) {
        pending.remove(key(contactId, channel));
    }

    private static String key(String contactId, String channel) {
        return contactId + "\u0000" + channel;
    }
}
