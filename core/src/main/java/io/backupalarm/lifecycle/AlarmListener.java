package io.backupalarm.lifecycle;

import io.backupalarm.delivery.Notification;
import java.time.Duration;
import java.time.Instant;

/**
 * Observes the engine: alarm transitions and deliveries. Every method has an empty default, so a
 * listener overrides only what it needs.
 *
 * <p><b>When and on which thread.</b> A listener hears of a change only after the stores kept it,
 * and never while the engine holds its lock. In real time every listener call runs on the
 * engine's one listener thread ({@code backup-alarm-listener-1}), one at a time, in the order the
 * changes were made: a slow listener delays later listener calls, never
 * {@link AlarmEngine#report(AlarmEvent)}, an alarm or a delivery. If listeners fall 100,000 calls
 * behind, further calls are dropped until they catch up (logged, and counted in
 * {@link EngineHealth#listenerCallsDropped()}). On manual time ({@link ManualTime}) listeners run
 * on the thread that reported the event or drives the time, before that call returns.
 *
 * <p>A listener that throws an {@code Exception} is logged (with its stack trace) and otherwise
 * ignored: it never stops the engine or a delivery. Implementations must be thread-safe (a
 * listener given to several engines is called from each engine's thread).
 */
public interface AlarmListener {

    /**
     * The engine took an event in (after {@link AlarmEngine#report(AlarmEvent)} checked it and the
     * stores kept what it changed), whether or not it changed an alarm.
     *
     * @param event the event
     */
    default void onEvent(AlarmEvent event) {
    }

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
     * An alarm fired while a silence, a maintenance window or inhibition held it back: nobody was
     * told yet. Called right after {@link #onFired(OpenAlarm)} of the same alarm.
     *
     * @param alarm the alarm, firing and not announced
     */
    default void onHeld(OpenAlarm alarm) {
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

    /**
     * A channel made one attempt at a notification, and how long its {@code send} took (measured
     * on a monotonic timer, not the engine's clock). Called after {@link #onDelivered},
     * {@link #onDeliveryFailed} or {@link #onDeadLettered} of the same attempt; not called when no
     * channel made an attempt (no channel installed).
     *
     * @param notification the notification as recorded after the attempt: {@code SENT},
     *        {@code PENDING} (a retry is scheduled) or {@code DEAD}
     * @param took how long the channel took
     */
    default void onAttempt(Notification notification, Duration took) {
    }
}
