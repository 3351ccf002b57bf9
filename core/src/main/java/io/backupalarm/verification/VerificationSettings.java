package io.backupalarm.verification;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of address verification: code length, how long a code is valid, how many wrong tries
 * it allows, how often a new code may be asked for the same address, and how a code whose
 * sending failed temporarily is sent again.
 *
 * <p>Build with {@link #ofDefaults()} (6 digits, 10 minutes, 5 wrong tries, one code a minute,
 * 3 attempts to send, the second after 1 second and the third 2 seconds later) or
 * {@link #custom()}; each setter rejects a bad value at once. Immutable and thread-safe.
 */
public final class VerificationSettings {

    private static final VerificationSettings DEFAULTS = custom().build();

    private final int codeLength;
    private final Duration codeValidity;
    private final int maxWrongTries;
    private final Duration resendInterval;
    private final int sendAttempts;
    private final Duration sendRetryWait;

    private VerificationSettings(Builder b) {
        this.codeLength = b.codeLength;
        this.codeValidity = b.codeValidity;
        this.maxWrongTries = b.maxWrongTries;
        this.resendInterval = b.resendInterval;
        this.sendAttempts = b.sendAttempts;
        this.sendRetryWait = b.sendRetryWait;
    }

    /** @return the defaults of the behaviour contract */
    public static VerificationSettings ofDefaults() {
        return DEFAULTS;
    }

    /** @return a builder starting from the defaults */
    public static Builder custom() {
        return new Builder();
    }

    /** @return how many digits a code has */
    public int codeLength() {
        return codeLength;
    }

    /** @return how long a code is valid */
    public Duration codeValidity() {
        return codeValidity;
    }

    /** @return how many wrong tries a code allows before it is void */
    public int maxWrongTries() {
        return maxWrongTries;
    }

    /** @return how long after a code a new one may be asked for the same address */
    public Duration resendInterval() {
        return resendInterval;
    }

    /** @return how many times a code is handed to its channel while sending fails temporarily */
    public int sendAttempts() {
        return sendAttempts;
    }

    /** @return the pause before the second attempt to send a code; it doubles before each later one */
    public Duration sendRetryWait() {
        return sendRetryWait;
    }

    /** Builds {@link VerificationSettings}. Not thread-safe. */
    public static final class Builder {
        private int codeLength = 6;
        private Duration codeValidity = Duration.ofMinutes(10);
        private int maxWrongTries = 5;
        private Duration resendInterval = Duration.ofMinutes(1);
        private int sendAttempts = 3;
        private Duration sendRetryWait = Duration.ofSeconds(1);

        private Builder() {
        }

        /**
         * How many digits a code has.
         *
         * @param digits 4 to 10
         * @return this builder
         */
        public Builder codeLength(int digits) {
            if (digits < 4 || digits > 10) {
                throw new IllegalArgumentException("codeLength must be 4 to 10: " + digits);
            }
            this.codeLength = digits;
            return this;
        }

        /**
         * How long a code is valid.
         *
         * @param validity at least one minute
         * @return this builder
         */
        public Builder codeValidity(Duration validity) {
            Objects.requireNonNull(validity, "codeValidity");
            if (validity.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("codeValidity must be at least one minute: " + validity);
            }
            this.codeValidity = validity;
            return this;
        }

        /**
         * How many wrong tries a code allows.
         *
         * @param tries at least 1
         * @return this builder
         */
        public Builder maxWrongTries(int tries) {
            if (tries < 1) {
                throw new IllegalArgumentException("maxWrongTries must be at least 1: " + tries);
            }
            this.maxWrongTries = tries;
            return this;
        }

        /**
         * How long after a code a new one may be asked for the same address.
         *
         * @param interval zero or more
         * @return this builder
         */
        public Builder resendInterval(Duration interval) {
            Objects.requireNonNull(interval, "resendInterval");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("resendInterval must not be negative: " + interval);
            }
            this.resendInterval = interval;
            return this;
        }

        /**
         * How many times a code is handed to its channel while sending fails temporarily, on the
         * caller's thread (a person is waiting for the code). A permanent failure is never sent
         * again.
         *
         * @param attempts 1 (no retry) to 5
         * @return this builder
         */
        public Builder sendAttempts(int attempts) {
            if (attempts < 1 || attempts > 5) {
                throw new IllegalArgumentException("sendAttempts must be 1 to 5: " + attempts);
            }
            this.sendAttempts = attempts;
            return this;
        }

        /**
         * The pause before the second attempt to send a code; it doubles before each later one. A
         * temporary failure whose provider asks for a longer pause is not retried.
         *
         * @param wait zero to 10 seconds
         * @return this builder
         */
        public Builder sendRetryWait(Duration wait) {
            Objects.requireNonNull(wait, "sendRetryWait");
            if (wait.isNegative() || wait.compareTo(Duration.ofSeconds(10)) > 0) {
                throw new IllegalArgumentException("sendRetryWait must be zero to 10 seconds: " + wait);
            }
            this.sendRetryWait = wait;
            return this;
        }

        /** @return the settings */
        public VerificationSettings build() {
            return new VerificationSettings(this);
        }
    }
}
