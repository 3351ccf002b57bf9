package io.backupalarm.internal;

import io.backupalarm.spi.VerificationStore;
import io.backupalarm.verification.PendingVerification;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Pending verifications in a concurrent map keyed by contact and channel. Thread-safe: a try is
 * taken and a code removed inside the map's atomic compute of that key.
 */
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
        Objects.requireNonNull(verification, "pending");
        pending.put(key(verification.contactId(), verification.channel()), verification);
    }

    @Override
    public Optional<PendingVerification> takeTry(String contactId, String channel, int maxTries, Instant now) {
        requireMaxTries(maxTries);
        Objects.requireNonNull(now, "now");
        AtomicReference<PendingVerification> taken = new AtomicReference<>();
        pending.computeIfPresent(key(contactId, channel), (key, stored) -> {
            if (stored.wrongTries() >= maxTries || !now.isBefore(stored.expiresAt())) {
                return stored;
            }
            PendingVerification tried = stored.withWrongTry();
            taken.set(tried);
            return tried;
        });
        return Optional.ofNullable(taken.get());
    }

    @Override
    public void delete(String contactId, String channel) {
        pending.remove(key(contactId, channel));
    }

    @Override
    public boolean remove(PendingVerification verification) {
        Objects.requireNonNull(verification, "pending");
        AtomicBoolean removed = new AtomicBoolean();
        pending.computeIfPresent(key(verification.contactId(), verification.channel()), (key, stored) -> {
            if (stored.sameCodeAs(verification)) {
                removed.set(true);
                return null;
            }
            return stored;
        });
        return removed.get();
    }

    private static void requireMaxTries(int maxTries) {
        if (maxTries < 1) {
            throw new IllegalArgumentException("maxTries must be at least 1: " + maxTries);
        }
    }

    private static String key(String contactId, String channel) {
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(channel, "channel");
        return contactId + "\u0000" + channel;
    }
}
