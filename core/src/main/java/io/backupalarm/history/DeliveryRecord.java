package io.backupalarm.history;

import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.spi.OutboundMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One delivery attempt of one message: a notification, a grouped message, a test or a
 * verification code (whose code is never recorded). A grouped message is recorded under the
 * alarm, instance and vault of its first notification; {@link #items()} says how many it carried.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sequence the store's number of the record, unique and growing in the order records were
 *        appended; 0 in a record not yet appended (the store assigns it)
 * @param at when the attempt ended
 * @param node the engine (node) that made the attempt: 1 to 128 characters
 * @param notificationKey the message's idempotency key (the same for every attempt)
 * @param kind what the message is
 * @param channel the channel
 * @param address the recipient's address on the channel
 * @param account the account, or {@code null}
 * @param vault the vault, or {@code null}
 * @param instance the instance, or {@code null} (a test of a contact, a verification code)
 * @param type the alarm type, or {@code null} (a test, a verification code)
 * @param job the job of a backup failure, or {@code null}
 * @param items how many notifications the message carried, at least 1
 * @param attempt the attempt's number, from 1
 * @param outcome how it ended
 * @param receipt the provider's receipt or message id once delivered, or {@code null}
 * @param error why it failed, or {@code null}; at most {@link #MAX_TEXT} characters
 * @param duration how long the channel took (zero when no channel was tried)
 */
public record DeliveryRecord(long sequence, Instant at, String node, String notificationKey,
                             OutboundMessage.Kind kind, String channel, String address, String account, String vault,
                             String instance, AlarmType type, String job, int items, int attempt, Outcome outcome,
                             String receipt, String error, Duration duration) {

    /** The longest receipt or error kept; a longer one is cut to this length. */
    public static final int MAX_TEXT = 1000;

    /** How an attempt ended. */
    public enum Outcome {
        /** The channel accepted the message. */
        DELIVERED,
        /** A temporary failure: the message is tried again later. */
        FAILED,
        /** Given up: a permanent failure, the last attempt, or no such channel; a notification is dead-lettered. */
        DEAD
    }

    /** Validates the fields and cuts long texts. */
    public DeliveryRecord {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative: " + sequence);
        }
        Objects.requireNonNull(at, "at");
        HistoryText.node(node);
        Objects.requireNonNull(notificationKey, "notificationKey");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(duration, "duration");
        if (items < 1) {
            throw new IllegalArgumentException("items must be at least 1: " + items);
        }
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1: " + attempt);
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative: " + duration);
        }
        receipt = HistoryText.cut(receipt, MAX_TEXT);
        error = HistoryText.cut(error, MAX_TEXT);
    }

    /**
     * This record with the sequence a store assigned.
     *
     * @param assigned the sequence, at least 1
     * @return the record
     */
    public DeliveryRecord withSequence(long assigned) {
        return new DeliveryRecord(assigned, at, node, notificationKey, kind, channel, address, account, vault, instance,
                type, job, items, attempt, outcome, receipt, error, duration);
    }
}
