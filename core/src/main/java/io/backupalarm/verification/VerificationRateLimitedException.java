package io.backupalarm.verification;

import io.backupalarm.AlarmException;
import java.time.Duration;

/**
 * A new code was asked for an address too soon after the previous one. Nothing was sent.
 *
 * <p>Immutable once created, so safe to share between threads.
 */
public class VerificationRateLimitedException extends AlarmException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    /**
     * Creates the exception.
     *
     * @param contactId the contact
     * @param channel the channel
     * @param retryAfter how long until a new code may be asked
     */
    public VerificationRateLimitedException(String contactId, String channel, Duration retryAfter) {
        super("a new " + channel + " code for contact " + contactId + " may be asked in " + retryAfter.toSeconds() + " s");
        this.retryAfter = retryAfter;
    }

    /** @return how long until a new code may be asked */
    public Duration retryAfter() {
        return retryAfter;
    }
}
