package io.backupalarm.internal;

import io.backupalarm.spi.VerificationStore;
import io.backupalarm.verification.PendingVerification;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Pending verifications in a concurrent map keyed by contact, channel and address. Thread-safe: a
 * try is taken and a code removed inside the map's atomic compute of that key.
 */
public final class InMemoryVerificationStore implements VerificationStore {

    private final Map<Key, PendingVerification> pending = new ConcurrentHashMap<>();

    /** Creates an empty store. */
    public InMemoryVerificationStore() {
    }

    @Override
    public Optional<PendingVerification> find(String contactId, String channel, String address) {
        return Optional.ofNullable(pending.get(new Key(contactId, channel, address)));
    }

    @Override
    public List<PendingVerification> findAll(String contactId, String channel) {
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(channel, "channel");
        return pending.values().stream()
                .filter(p -> p.contactId().equals(contactId) && p.channel().equals(channel)).toList();
    }

    @Override
    public void save(PendingVerification verification) {
        Objects.requireNonNull(verification, "pending");
        pending.put(Key.of(verification), verification);
    }

    @Override
    public Optional<PendingVerification> takeTry(String contactId, String channel, String address, int maxTries,
                                                 Instant now) {
        requireMaxTries(maxTries);
        Objects.requireNonNull(now, "now");
        AtomicReference<PendingVerification> taken = new AtomicReference<>();
        pending.computeIfPresent(new Key(contactId, channel, address), (key, stored) -> {
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
    public void delete(String contactId, String channel, String address) {
        pending.remove(new Key(contactId, channel, address));
    }

    @Override
    public boolean remove(PendingVerification verification) {
        Objects.requireNonNull(verification, "pending");
        AtomicBoolean removed = new AtomicBoolean();
        pending.computeIfPresent(Key.of(verification), (key, stored) -> {
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

    /** What a code is kept under. */
    private record Key(String contactId, String channel, String address) {
        Key {
            Objects.requireNonNull(contactId, "contactId");
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(address, "address");
        }

        static Key of(PendingVerification p) {
            return new Key(p.contactId(), p.channel(), p.address());
        }
    }
}
