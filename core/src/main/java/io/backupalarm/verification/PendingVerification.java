package io.backupalarm.verification;

import java.time.Instant;
import java.util.Objects;

/**
 * A code sent to an address and not yet confirmed. Only a salted hash of the code is kept.
 *
 * <p>Immutable and thread-safe (the arrays are copied in and out).
 *
 * @param contactId the contact
 * @param channel {@code email} or {@code sms}
 * @param address the address the code was sent to
 * @param salt the random salt
 * @param hash the salted hash of the code
 * @param sentAt when the code was sent
 * @param expiresAt when the code stops being valid
 * @param wrongTries how many wrong codes were tried
 */
public record PendingVerification(String contactId, String channel, String address, byte[] salt, byte[] hash,
                                  Instant sentAt, Instant expiresAt, int wrongTries) {

    /** Validates and copies. */
    public PendingVerification {
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(address, "address");
        salt = salt.clone();
        hash = hash.clone();
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /**
     * The salt.
     *
     * @return a copy of the salt
     */
    @Override
    public byte[] salt() {
        return salt.clone();
    }

    /**
     * The salted hash of the code.
     *
     * @return a copy of the hash
     */
    @Override
    public byte[] hash() {
        return hash.clone();
    }

    /**
     * This verification with one more wrong try.
     *
     * @return the copy
     */
    public PendingVerification withWrongTry() {
        return new PendingVerification(contactId, channel, address, salt, hash, sentAt, expiresAt, wrongTries + 1);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PendingVerification that && contactId.equals(that.contactId)
                && channel.equals(that.channel) && address.equals(that.address)
                && java.util.Arrays.equals(salt, that.salt) && java.util.Arrays.equals(hash, that.hash)
                && sentAt.equals(that.sentAt) && expiresAt.equals(that.expiresAt) && wrongTries == that.wrongTries;
    }

    @Override
    public int hashCode() {
        return Objects.hash(contactId, channel, address, sentAt, expiresAt, wrongTries);
    }

    @Override
    public String toString() {
        return "PendingVerification[" + contactId + ", " + channel + ", " + address + ", expires " + expiresAt
                + ", wrongTries " + wrongTries + "]";
    }
}
