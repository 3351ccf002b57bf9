package io.backupalarm.lifecycle;

import io.backupalarm.delivery.Notification;
import java.time.Instant;

/**
 * Observes the engine: alarm transitions and deliveries. Every method has an empty default, so a
 * listener overrides only what it needs.
 *
 * <p>Listeners are called on the engine's threads, after the change was stored. They should
 * return quickly. A listener that throws is logged once per call and otherwise ignored: it never
 * stops the engine or a delivery. Implementations must be thread-safe.
 */
public interface AlarmListener {

    /**
     * An alarm opened and is pending.
     *
     * @param alarm the new alarm
     */
    default void onOpened(OpenAlarm alarm) {
    }

    /**
     * An opening event was counted on an alarm that was already open.
     *
     * @param alarm the alarm with its new count
     */
    default void onCounted(OpenAlarm alarm) {
    }

    /**
     * An alarm stayed open for its grace period and fired; its notifications are in the outbox.
     *
     * @param alarm the alarm, with the recipients told
     */
    default void onFired(OpenAlarm alarm) {
    }

    /**
     * A firing alarm was announced again.
     *
     * @param alarm the alarm, with its repeat count
     */
    default void onRepeated(OpenAlarm alarm) {
    }

    /**
     * A pending alarm closed before its grace period ran out; nobody was told.
     *
     * @param alarm the alarm as it was
     * @param at when the closing event happened
     */
    default void onCancelled(OpenAlarm alarm, Instant at) {
    }

    /**
     * A firing alarm closed.
     *
     * @param alarm the alarm as it was
     * @param at when the closing event happened
     */
    default void onResolved(OpenAlarm alarm, Instant at) {
    }

    /**
     * A channel accepted a notification.
     *
     * @param notification the notification, now sent
     */
    default void onDelivered(Notification notification) {
    }

    /**
     * An attempt failed temporarily; another is scheduled.
     *
     * @param notification the notification, with its next attempt and the reason
     */
    default void onDeliveryFailed(Notification notification) {
    }

    /**
     * A notification was given up and dead-lettered.
     *
     * @param notification the dead letter, with the reason
     */
    default void onDeadLettered(Notification notification) {
    }
}
