package io.backupalarm.lifecycle;

/**
 * Counters a host can read from {@link AlarmEngine#metrics()}: the current number of open
 * alarms, and totals since the engine was built.
 *
 * <p>Immutable and thread-safe; a snapshot taken at one moment.
 *
 * @param open alarms open now (pending plus firing)
 * @param pending alarms pending now
 * @param fired alarms that fired
 * @param cancelled alarms closed while pending
 * @param resolved alarms closed while firing
 * @param sent notifications a channel accepted
 * @param failedAttempts delivery attempts that failed (temporary or permanent)
 * @param deadLettered notifications given up
 */
public record EngineMetrics(int open, int pending, long fired, long cancelled, long resolved, long sent,
                            long failedAttempts, long deadLettered) {
}
