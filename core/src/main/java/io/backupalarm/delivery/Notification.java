package io.backupalarm.delivery;

import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.spi.OutboundMessage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One message in the outbox: the rendered message for one recipient, the notifications it carries
 * ({@link #items()}: one, or several when grouped), and where its delivery stands. Written before
 * it is sent; updated after every attempt.
 *
 * <p>A grouped message is written when its group opens and collects notifications until
 * {@link #collectsUntil()}, when it is sent (its first attempt is due then).
 *
 * <p>Immutable and thread-safe.
 *
 * @param message the message, with its idempotency key
 * @param alarm the alarm type of the first item; {@code null} for a test
 * @param instance the instance of the first item; {@code null} for a test that named a contact
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
 * @param items the notifications the message carries, in the order they fell due; at least one
 * @param collectsUntil while the message is a group still collecting: the instant it is sent (what
 *        falls due for the same recipient before it joins); {@code null} when not grouped
 */
public record Notification(OutboundMessage message, AlarmType alarm, String instance, String vault, String account,
                           Instant createdAt, Status status, int attempts, Instant nextAttemptAt, String lastError,
                           String receipt, Instant finishedAt, List<NotificationItem> items, Instant collectsUntil) {

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
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(status, "status");
        if (status == Status.PENDING) {
            Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        }
        items = List.copyOf(items);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("a notification carries at least one item");
        }
    }

    /**
     * A notification of one item, as written before grouping existed.
     *
     * @param message the message
     * @param alarm the alarm type
     * @param instance the instance
     * @param vault the vault, or {@code null}
     * @param account the account, or {@code null}
     * @param createdAt when the engine decided to send it
     * @param status where delivery stands
     * @param attempts how many attempts were made
     * @param nextAttemptAt when the next attempt is due, while pending
     * @param lastError the latest failure, or {@code null}
     * @param receipt the provider's receipt, or {@code null}
     * @param finishedAt when it finished, or {@code null}
     */
    public Notification(OutboundMessage message, AlarmType alarm, String instance, String vault, String account,
                        Instant createdAt, Status status, int attempts, Instant nextAttemptAt, String lastError,
                        String receipt, Instant finishedAt) {
        this(message, alarm, instance, vault, account, createdAt, status, attempts, nextAttemptAt, lastError, receipt,
                finishedAt, List.of(itemOf(message, alarm, instance, vault, createdAt)), null);
    }

    private static NotificationItem itemOf(OutboundMessage message, AlarmType alarm, String instance, String vault,
                                           Instant at) {
        Map<String, String> data = message.data();
        String occurrences = data.get(OutboundMessage.DataKeys.OCCURRENCES);
        return new NotificationItem(message.idempotencyKey(), message.kind(), alarm, instance, vault,
                data.get(OutboundMessage.DataKeys.JOB), data.get(OutboundMessage.DataKeys.MESSAGE),
                occurrences == null ? 1 : Integer.parseInt(occurrences), at, at,
                data.get(OutboundMessage.DataKeys.CONTACT));
    }

    /**
     * When the message goes out: the end of its group's collection, or when it was created.
     *
     * @return {@link #collectsUntil()} if grouped, else {@link #createdAt()}
     */
    public Instant sendsAt() {
        return collectsUntil == null ? createdAt : collectsUntil;
    }

    /**
     * Whether this message is a group that still takes notifications that fall due at an instant:
     * pending, never attempted, and {@code at < collectsUntil}. A notification that fell due before
     * the group opened joins it too: it was handled late (another node's change held it up while
     * a later one opened the group), and its recipient is still waiting for this message. (The
     * outbox also refuses a group an engine has claimed for sending.)
     *
     * @param at the instant a notification falls due
     * @return whether it may join
     */
    public boolean collectsAt(Instant at) {
        return collectsUntil != null && status == Status.PENDING && attempts == 0
                && at.isBefore(collectsUntil);
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
     * A new message carrying items, sent at {@code sendsAt}: a group collecting until then when
     * {@code sendsAt} is after {@code at}, else a message due at once.
     *
     * @param message the message rendered from the items
     * @param account the account, or {@code null}
     * @param items the items, at least one
     * @param at when the first item fell due (the group opened)
     * @param sendsAt when it is sent
     * @return the notification
     */
    public static Notification of(OutboundMessage message, String account, List<NotificationItem> items, Instant at,
                                  Instant sendsAt) {
        NotificationItem first = items.get(0);
        return new Notification(message, first.alarm(), first.instance(), first.vault(), account, at, Status.PENDING, 0,
                sendsAt, null, null, null, items, sendsAt.isAfter(at) ? sendsAt : null);
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
                next, error, null, null, items, collectsUntil);
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
                null, lastError, providerReceipt, at, items, collectsUntil);
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
                attempts + (attempted ? 1 : 0), null, error, null, at, items, collectsUntil);
    }

    /**
     * The same notification carrying another message: a group rendered again with every item it
     * collected, or a message kept without its HTML form.
     *
     * @param other the message; its idempotency key must be this notification's
     * @return the copy
     * @throws IllegalArgumentException if the message has another key
     */
    public Notification withMessage(OutboundMessage other) {
        if (!other.idempotencyKey().equals(key())) {
            throw new IllegalArgumentException("message " + other.idempotencyKey() + " is not the message of notification "
                    + key());
        }
        return new Notification(other, alarm, instance, vault, account, createdAt, status, attempts, nextAttemptAt,
                lastError, receipt, finishedAt, items, collectsUntil);
    }

    /**
     * Re-driven from the dead letters: pending, due at {@code at}, attempts counted afresh.
     *
     * @param at when
     * @return the copy
     */
    public Notification redriven(Instant at) {
        return new Notification(message, alarm, instance, vault, account, createdAt, Status.PENDING, 0, at,
                lastError, null, null, items, null);
    }
}
