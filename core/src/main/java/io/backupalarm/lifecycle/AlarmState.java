package io.backupalarm.lifecycle;

/**
 * Where an open alarm is in its lifecycle. Closed alarms are no longer kept.
 *
 * <p>Immutable and thread-safe.
 */
public enum AlarmState {
    /** Opened, waiting for its grace period; closing it now cancels it and nobody is told. */
    PENDING,
    /** Stayed open for its grace period; its recipients were told; closing it resolves it. */
    FIRING
}
