package io.backupalarm.delivery;

import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.spi.OutboundMessage;
import java.time.Instant;
import java.util.Objects;

/**
 * One notification inside a message: what fell due for one recipient, for one alarm (or one
 * test). A message sent with grouping lists several; without grouping, one.
 *
 * <p>Immutable and thread-safe.
 *
 * @param key what identifies this notification: the alarm, its occurrence, the notification and
 *        the recipient (a test: the test and the recipient); the same when the engine decides the
 *        same thing again
 * @param kind {@code FIRING}, {@code REPEAT}, {@code RESOLVED} or {@code TEST}
 * @param alarm the alarm type; {@code null} for a test
 * @param instance the instance; {@code null} for a test that named a contact
 * @param vault the instance's vault, or {@code null}
 * @param job the backup job of a backup failure, or {@code null}
 * @param message the latest backup failure message, or {@code null}
 * @param occurrences how many opening events the alarm counted (1 for a test)
 * @param openedAt when the alarm opened (a test: when it was asked for)
 * @param at when this notification fell due
 * @param contact the contact a test named, or {@code null}
 */
public record NotificationItem(String key, OutboundMessage.Kind kind, AlarmType alarm, String instance, String vault,
                               String job, String message, int occurrences, Instant openedAt, Instant at,
                               String contact) {

    /** Validates the fields. */
    public NotificationItem {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        if (kind == OutboundMessage.Kind.VERIFICATION_CODE || kind == OutboundMessage.Kind.GROUPED) {
            throw new IllegalArgumentException("an item is an alarm notification or a test, not " + kind);
        }
        if ((kind == OutboundMessage.Kind.TEST) != (alarm == null)) {
            throw new IllegalArgumentException("a test has no alarm type; every other notification has one");
        }
        if (alarm != null) {
            Objects.requireNonNull(instance, "instance");
        }
        if (occurrences < 1) {
            throw new IllegalArgumentException("occurrences must be at least 1: " + occurrences);
        }
        Objects.requireNonNull(openedAt, "openedAt");
        Objects.requireNonNull(at, "at");
    }
}
