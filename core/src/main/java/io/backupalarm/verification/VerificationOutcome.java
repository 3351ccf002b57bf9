package io.backupalarm.verification;

/**
 * The answer to a confirmation attempt.
 *
 * <p>Immutable and thread-safe.
 */
public enum VerificationOutcome {
    /** The code was right; the address is verified and may receive alarms. */
    VERIFIED,
    /** The code was wrong; tries remain. */
    WRONG_CODE,
    /** The code was wrong too often; it is void, ask for a new one. */
    TOO_MANY_TRIES,
    /** The code has expired; ask for a new one. */
    EXPIRED,
    /** No code is waiting for that address of the contact. */
    NO_PENDING_CODE,
    /** The contact's address changed since the code was sent; the code is void. */
    ADDRESS_CHANGED
}
