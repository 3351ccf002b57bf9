package io.backupalarm.delivery;

import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.spi.OutboundMessage;
import java.time.Instant;
import java.util.Objects;

/**
 * One notification in the outbox: the rendered message for one recipient, and where its delivery
 * stands. Written before it is sent; updated after every attempt.
 *
 * <p>Immutable and thread-safe.
 *
 * @param message the message, with its idempotency key
 * @param alarm the alarm type
 * @param instance the instance id
 * @param vault the vault id, or {@code null} if the instance no longer existed
 * @param account the account id, or {@code null} if the instance no longer existed
 * @param createdAt when the engine decided to send it (the instant the alarm fired, repeated or
 *        resolved)
 * @param status where delivery stands
 * @param attempts how many attempts were made
 * @param nextAttemptAt when the next attempt is due, while {@link Status#PENDING}
 * @param lastError the reason of the latest failure, or {@code null}
 * @param receipt the provider's receipt once sent, or {@code null}
 * @param finishedAt when it was sent or dead-lettered, or {@code null}
 */
public record Notification(OutboundMessage message, AlarmType alarm, String instance, String vault, String account,
                           Instant createdAt, Status status, int attempts, Instant nextAttemptAt, String lastError,
                           String receipt, Instant finishedAt) {

    /** Where the delivery of a notification stands. */
    public enum Status {
        /** Waiting for its first or next attempt. */
        PENDING,
        /** The channel accepted it. */
        SENT,
        /** Given up: a permanent failure, retries ran out, or no channel; can be re-driven. */
        DEAD
    }

    /** Validates the fields. */
    public Notification {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(alarm, "alarm");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(status, "status");
        if (status == Status.PENDING) {
            Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        }
    }

    /**
     * A new notification, due at once.
     *
     * @param message the message
     * @param alarm the alarm type
     * @param instance the instance
     * @param vault the vault, or {@code null}
     * @param account the account, or {@code null}
     * @param at when the engine decided to send it
     * @return the notification
     */
    public static Notification create(OutboundMessage message, AlarmType alarm, String instance, String vault,
                                      String account, Instant at) {
        return new Notification(message, alarm, instance, vault, account, at, Status.PENDING, 0, at, null, null, null);
    }

    /**
     * The idempotency key, which is also the notification's id in the outbox.
     *
     * @return the key
     */
    public String key() {
        return message.idempotencyKey();
    }

    /**
     * After a temporary failure: pending again, due at {@code next}.
     *
     * @param error the reason
     * @param next when to try again
     * @return the copy
     */
    public Notification retryAt(String error, Instant next) {
        return new Notification(message, alarm, instance, vault, account, createdAt, Status.PENDING, attempts + 1,
                next, error, null, null);
    }

    /**
     * After a successful attempt.
     *
     * @param providerReceipt the provider's receipt
     * @param at when
     * @return the copy
     */
    public Notification sent(String providerReceipt, Instant at) {
        return new Notification(message, alarm, instance, vault, account, createdAt, Status.SENT, attempts + 1,
                null, lastError, providerReceipt, at);
    }

    /**
     * Given up.
     *
     * @param error the reason
     * @param at when
     * @param attempted whether this counts as an attempt (not when no channel is installed)
     * @return the copy
     */
    public Notification dead(String error, Instant at, boolean attempted) {
        return new Notification(message, alarm, instance, vault, account, createdAt, Status.DEAD,
                attempts + (attempted ? 1 : 0), null, error, null, at);
    }

    /**
     * Re-driven from the dead letters: pending, due at {@code at}, attempts counted afresh.
     *
     * @param at when
     * @return the copy
     */
    public Notification redriven(Instant at) {
        return new Notification(message, alarm, instance, vault, account, createdAt, Status.PENDING, 0, at,
                lastError, null, null);
    }
}
