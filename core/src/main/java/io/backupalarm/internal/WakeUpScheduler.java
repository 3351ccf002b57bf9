package io.backupalarm.internal;

import io.backupalarm.text.SafeText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real-time scheduler: one thread that runs the due work, then sleeps until the next due
 * instant, at most one sweep interval of elapsed time (whatever the clock does), or until someone
 * asks for an earlier run. It never stops on an error: a failure of the due work or of planning
 * the next wake-up is logged with its stack trace and retried after a pause that doubles from
 * 100 ms up to the sweep interval. Thread-safe.
 */
final class WakeUpScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(WakeUpScheduler.class);
    /** Notifications being sent stay due until they finish; this keeps the loop from spinning on them. */
    private static final Duration MIN_GAP = Duration.ofMillis(50);
    private static final Duration BACK_OFF_WHEN_FULL = Duration.ofSeconds(1);
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);

    private final Clock clock;
    private final Duration sweepInterval;
    private final BooleanSupplier runDue;
    private final Supplier<Optional<Instant>> nextWork;
    private final Thread thread;
    private final AtomicReference<Instant> requested = new AtomicReference<>();
    /**
     * While the thread sleeps: the instant it will wake at, at the latest; {@code null} while it
     * runs. A request for that instant or later needs no wake-up (the run then reads the stores),
     * so the events of a busy engine do not each wake the thread for an alarm due in an hour.
     * Published before the sleep reads {@link #requested}, and cleared as it ends, before the run
     * reads the stores: a request that sees it set either is covered by the run it wakes to, or
     * is seen by the sleep.
     */
    private volatile Instant sleepingUntil;
    private volatile boolean closed;
    private volatile Instant lastSuccess;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile boolean failing;

    /**
     * @param runDue runs the due work; returns whether a delivery queue was full
     * @param nextWork the next instant at which work falls due, if any
     */
    WakeUpScheduler(Clock clock, Duration sweepInterval, BooleanSupplier runDue, Supplier<Optional<Instant>> nextWork) {
        this.clock = clock;
        this.sweepInterval = sweepInterval;
        this.runDue = runDue;
        this.nextWork = nextWork;
        this.thread = Threads.daemon("backup-alarm-scheduler").newThread(this::loop);
    }

    void start() {
        thread.start();
    }

    /** Asks for a run at an instant (at once if it has passed), unless one is planned before it. */
    void wakeAt(Instant at) {
        Instant sleeping = sleepingUntil;
        if (sleeping != null && !at.isBefore(sleeping)) {
            return;
        }
        requested.accumulateAndGet(at, Times::earliest);
        LockSupport.unpark(thread);
    }

    boolean running() {
        return thread.isAlive() && !closed;
    }

    Optional<Instant> lastSuccess() {
        return Optional.ofNullable(lastSuccess);
    }

    Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    Optional<Instant> lastErrorAt() {
        return Optional.ofNullable(lastErrorAt);
    }

    /** Whether the latest run failed (and is being retried). */
    boolean failing() {
        return failing;
    }

    /** Stops the loop and waits at most the given time for a run under way. */
    void close(long waitMillis) {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(Math.max(1, waitMillis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        int failures = 0;
        while (!closed) {
            requested.set(null); // this run handles whatever was asked for until now
            Instant wake;
            boolean failed = false;
            try {
                boolean full = runDue.getAsBoolean();
                Instant next = nextWork.get().orElse(null);
                Instant now = clock.instant();
                lastSuccess = now;
                failing = false;
                if (failures > 0) {
                    LOG.info("Alarm engine's due work runs again after {} failed attempt(s)", failures);
                    failures = 0;
                }
                wake = Times.earliest(next, now.plus(sweepInterval));
                Instant floor = now.plus(full ? BACK_OFF_WHEN_FULL : MIN_GAP);
                if (wake.isBefore(floor)) {
                    wake = floor;
                }
            } catch (Exception | Error e) {
                // The one place that catches an Error: this thread is the engine's heartbeat, and an
                // Error here (out of memory for a moment, a driver class missing until a redeploy)
                // has nowhere to go but to stop every alarm for good. It is logged, shown by
                // health() and retried like any failure.
                failures++;
                failed = true;
                Duration pause = pause(failures);
                lastError = SafeText.describe(e);
                lastErrorAt = clock.instant();
                failing = true;
                LOG.error("Alarm engine's due work failed ({} in a row); trying again in {}", failures, pause, SafeText.loggable(e));
                wake = clock.instant().plus(pause);
            }
            // After a failure the pause holds even against wake-up requests: the stores are failing,
            // and the run after the pause handles whatever was asked for meanwhile.
            sleepUntil(wake, !failed);
        }
    }

    private Duration pause(int failures) {
        Duration pause = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 20));
        return pause.compareTo(sweepInterval) > 0 ? sweepInterval : pause;
    }

    /**
     * Sleeps until the clock reaches {@code wake} or (if {@code earlierOnRequest}) an earlier
     * requested instant, and never longer than one sweep interval of elapsed time: a clock set
     * back (or one a test holds still) must not stop the sweeps.
     */
    private void sleepUntil(Instant wake, boolean earlierOnRequest) {
        Instant planned = wake;
        long start = System.nanoTime();
        sleepingUntil = planned;
        try {
            while (!closed) {
                Instant asked = earlierOnRequest ? requested.get() : null;
                if (asked != null && asked.isBefore(planned)) {
                    planned = asked;
                    sleepingUntil = planned;
                }
                long nanos = Math.min(nanos(Duration.between(clock.instant(), planned)),
                        nanos(sweepInterval) - (System.nanoTime() - start));
                if (nanos <= 0) {
                    return;
                }
                Thread.interrupted(); // nobody interrupts this thread on purpose; a set flag would make park spin
                LockSupport.parkNanos(this, nanos);
            }
        } finally {
            sleepingUntil = null;
        }
    }

    /** A duration in nanoseconds, saturated rather than overflowing (durations of centuries). */
    private static long nanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return duration.isNegative() ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 2;
        }
    }
}
