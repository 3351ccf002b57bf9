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
 * @param wrongTries how many tries were counted: each try is counted before its code is compared,
 *        and a right code ends the verification, so once no comparison is under way these are the
 *        wrong codes tried
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
     * This verification with one more try counted.
     *
     * @return the copy
     */
    public PendingVerification withWrongTry() {
        return new PendingVerification(contactId, channel, address, salt, hash, sentAt, expiresAt, wrongTries + 1);
    }

    /**
     * Whether another pending verification is the same code: the same contact, channel, salt and
     * hash, whatever the tries counted (every code has its own random salt).
     *
     * @param other the other pending verification
     * @return whether both are the same code
     */
    public boolean sameCodeAs(PendingVerification other) {
        return contactId.equals(other.contactId) && channel.equals(other.channel)
                && java.util.Arrays.equals(salt, other.salt) && java.util.Arrays.equals(hash, other.hash);
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
