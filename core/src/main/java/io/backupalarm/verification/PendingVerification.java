package io.backupalarm.verification;

import java.time.Instant;
import java.util.Objects;

/**
 * A code sent to an address and not yet confirmed. Only a salted hash of the code is kept. A
 * contact has at most one code waiting per address: per (contact, channel, address).
 *
 * <p>Immutable and thread-safe (the arrays are copied in and out).
 *
 * @param contactId the contact
 * @param channel the channel: {@code email}, {@code sms} or that of a further address
 * @param address the address the code was sent to
 * @param secret the secret id of the further address when the code was sent (the code is void once
 *        the address signs with another one), or {@code null}
 * @param salt the random salt
 * @param hash the salted hash of the code
 * @param sentAt when the code was sent
 * @param expiresAt when the code stops being valid
 * @param wrongTries how many tries were counted: each try is counted before its code is compared,
 *        and a right code ends the verification, so once no comparison is under way these are the
 *        wrong codes tried
 */
public record PendingVerification(String contactId, String channel, String address, String secret, byte[] salt,
                                  byte[] hash, Instant sentAt, Instant expiresAt, int wrongTries) {

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
     * A code sent to an address without a secret id (an email, a mobile, or a further address that
     * is not signed).
     *
     * @param contactId the contact
     * @param channel the channel
     * @param address the address the code was sent to
     * @param salt the random salt
     * @param hash the salted hash of the code
     * @param sentAt when the code was sent
     * @param expiresAt when the code stops being valid
     * @param wrongTries how many tries were counted
     */
    public PendingVerification(String contactId, String channel, String address, byte[] salt, byte[] hash,
                               Instant sentAt, Instant expiresAt, int wrongTries) {
        this(contactId, channel, address, null, salt, hash, sentAt, expiresAt, wrongTries);
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
        return new PendingVerification(contactId, channel, address, secret, salt, hash, sentAt, expiresAt,
                wrongTries + 1);
    }

    /**
     * Whether another pending verification is the same code: the same contact, channel, address,
     * salt and hash, whatever the tries counted (every code has its own random salt).
     *
     * @param other the other pending verification
     * @return whether both are the same code
     */
    public boolean sameCodeAs(PendingVerification other) {
        return contactId.equals(other.contactId) && channel.equals(other.channel) && address.equals(other.address)
                && java.util.Arrays.equals(salt, other.salt) && java.util.Arrays.equals(hash, other.hash);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PendingVerification that && contactId.equals(that.contactId)
                && channel.equals(that.channel) && address.equals(that.address) && Objects.equals(secret, that.secret)
                && java.util.Arrays.equals(salt, that.salt) && java.util.Arrays.equals(hash, that.hash)
                && sentAt.equals(that.sentAt) && expiresAt.equals(that.expiresAt) && wrongTries == that.wrongTries;
    }

    @Override
    public int hashCode() {
        return Objects.hash(contactId, channel, address, secret, sentAt, expiresAt, wrongTries);
    }

    @Override
    public String toString() {
        return "PendingVerification[" + contactId + ", " + channel + ", " + address + ", expires " + expiresAt
                + ", wrongTries " + wrongTries + "]";
    }
}
