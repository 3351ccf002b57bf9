package io.backupalarm.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link Channel#send(OutboundMessage)}: delivered, a temporary failure worth
 * retrying, or a permanent failure.
 *
 * <p>Instances are immutable and thread-safe.
 */
public sealed interface DeliveryResult {

    /**
     * The provider accepted the message.
     *
     * @param receipt the provider's id for the message (a Message-ID, a provider receipt), or an
     *        empty string when it gives none; never {@code null}
     */
    record Delivered(String receipt) implements DeliveryResult {
        /** Validates the receipt. */
        public Delivered {
            Objects.requireNonNull(receipt, "receipt");
        }
    }

    /**
     * Sending failed in a way that may work later.
     *
     * @param reason what went wrong, including the provider's answer; never blank, never a secret
     * @param retryAfter how long the provider asked to wait before trying again; empty when it did
     *        not ask
     */
    record TemporaryFailure(String reason, Optional<Duration> retryAfter) implements DeliveryResult {
        /** Validates the reason and the pause. */
        public TemporaryFailure {
            requireReason(reason);
            Objects.requireNonNull(retryAfter, "retryAfter");
            if (retryAfter.isPresent() && retryAfter.get().isNegative()) {
                throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter.get());
            }
        }
    }

    /**
     * Sending failed and will fail again as it is: the message is dead-lettered at once.
     *
     * @param reason what went wrong, including the provider's answer; never blank, never a secret
     */
    record PermanentFailure(String reason) implements DeliveryResult {
        /** Validates the reason. */
        public PermanentFailure {
            requireReason(reason);
        }
    }

    /**
     * A delivered result.
     *
     * @param receipt the provider's id for the message, or an empty string
     * @return the result
     */
    static DeliveryResult delivered(String receipt) {
        return new Delivered(receipt);
    }

    /**
     * A temporary failure without a pause hint.
     *
     * @param reason what went wrong
     * @return the result
     */
    static DeliveryResult temporaryFailure(String reason) {
        return new TemporaryFailure(reason, Optional.empty());
    }

    /**
     * A temporary failure with the pause the provider asked for.
     *
     * @param reason what went wrong
     * @param retryAfter the pause, or {@code null} when the provider did not ask for one
     * @return the result
     */
    static DeliveryResult temporaryFailure(String reason, Duration retryAfter) {
        return new TemporaryFailure(reason, Optional.ofNullable(retryAfter));
    }

    /**
     * A permanent failure.
     *
     * @param reason what went wrong
     * @return the result
     */
    static DeliveryResult permanentFailure(String reason) {
        return new PermanentFailure(reason);
    }

    private static void requireReason(String reason) {
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("reason must not be blank");
        }
    }
}
