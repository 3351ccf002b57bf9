package io.backupalarm.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How the engine is doing: whether its scheduler runs, whether its stores answer, and how much
 * waits in the outbox. What a host's health check, a readiness probe or a metrics gauge reads.
 *
 * <p>Immutable and thread-safe.
 *
 * @param manualTime whether the engine runs on manual time (nothing runs by itself; the
 *        scheduler fields then stay empty)
 * @param schedulerRunning whether the real-time scheduler thread is alive (always {@code false}
 *        with manual time and after {@link AlarmEngine#close()})
 * @param lastSuccessfulRun when the scheduler last ran its due work without an error
 * @param lastError the last error of the scheduler's work (class and message, escaped), if any
 * @param lastErrorAt when that error happened
 * @param schedulerFailing whether the scheduler's latest run failed (it is retrying)
 * @param storesReachable whether the configuration store, the alarm store and the outbox all
 *        answered the health check just now
 * @param storeError why a store did not answer, when one did not
 * @param outboxBacklog notifications waiting to be sent (first or further attempt); -1 when the
 *        outbox did not answer
 * @param oldestWaiting when the oldest waiting notification was created
 * @param listenerCallsDropped listener calls dropped because listeners fell too far behind
 */
public record EngineHealth(boolean manualTime, boolean schedulerRunning, Optional<Instant> lastSuccessfulRun,
                           Optional<String> lastError, Optional<Instant> lastErrorAt, boolean schedulerFailing,
                           boolean storesReachable,
                           Optional<String> storeError, long outboxBacklog, Optional<Instant> oldestWaiting,
                           long listenerCallsDropped) {

    /** Validates the fields. */
    public EngineHealth {
        Objects.requireNonNull(lastSuccessfulRun, "lastSuccessfulRun");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(lastErrorAt, "lastErrorAt");
        Objects.requireNonNull(storeError, "storeError");
        Objects.requireNonNull(oldestWaiting, "oldestWaiting");
    }

    /**
     * Whether all is well: the stores answer and, in real time, the scheduler runs and its last
     * run succeeded.
     *
     * @return {@code true} when healthy
     */
    public boolean healthy() {
        if (!storesReachable) {
            return false;
        }
        if (manualTime) {
            return true;
        }
        return schedulerRunning && !schedulerFailing;
    }

    /**
     * How long the oldest waiting notification has waited at an instant.
     *
     * @param now the instant (the engine's clock)
     * @return the age, or empty when nothing waits
     */
    public Optional<Duration> oldestWaitingAge(Instant now) {
        Objects.requireNonNull(now, "now");
        return oldestWaiting.map(oldest -> oldest.isAfter(now) ? Duration.ZERO : Duration.between(oldest, now));
    }
}
