package io.backupalarm.lifecycle;

import io.backupalarm.internal.DefaultAlarmEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Drives an engine built with {@link AlarmEngine.Builder#manualTime(ManualClock)}: nothing runs by
 * itself, and time moves only when this says so. Simulations, tests and replays use it; a
 * production engine runs in real time and has no use for it.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
 * AlarmEngine engine = AlarmEngine.builder().configuration(store).manualTime(clock).build();
 * ManualTime time = ManualTime.of(engine);
 * engine.report(new AlarmEvent.ClientDisconnected("i-web1", clock.instant()));
 * time.advanceBy(Duration.ofHours(1));   // the alarm fires, its notifications are sent
 * }</pre>
 *
 * <p>Everything runs on the calling thread: alarms fire, notifications are sent and listeners are
 * called before a method returns. Not thread-safe: drive one engine from one thread at a time
 * (events may still be reported from other threads).
 */
public final class ManualTime {

    private final DefaultAlarmEngine engine;
    private final ManualClock clock;

    private ManualTime(DefaultAlarmEngine engine, ManualClock clock) {
        this.engine = engine;
        this.clock = clock;
    }

    /**
     * The driver of an engine on manual time.
     *
     * @param engine an engine built with {@link AlarmEngine.Builder#manualTime(ManualClock)}
     * @return its driver
     * @throws IllegalArgumentException if the engine runs in real time (or is not this library's)
     */
    public static ManualTime of(AlarmEngine engine) {
        Objects.requireNonNull(engine, "engine");
        if (!(engine instanceof DefaultAlarmEngine built)) {
            throw new IllegalArgumentException("ManualTime drives only engines built by AlarmEngine.builder(), not "
                    + engine.getClass().getName());
        }
        if (built.manualClock().isEmpty()) {
            throw new IllegalArgumentException("the engine runs in real time; build it with manualTime(ManualClock) "
                    + "to drive it by hand");
        }
        return new ManualTime(built, built.manualClock().get());
    }

    /**
     * The engine's clock.
     *
     * @return the manual clock
     */
    public ManualClock clock() {
        return clock;
    }

    /**
     * Handles everything due at the clock's current instant: alarms that fire or repeat, and
     * deliveries due. Call it after moving the clock by hand.
     *
     * @throws IllegalStateException if the engine is closed
     */
    public void runDue() {
        engine.runDueNow();
    }

    /**
     * Moves the clock forwards to an instant, stopping at every instant at which something falls
     * due and handling it there, up to and including {@code until}.
     *
     * @param until the instant to reach; not before the clock's current instant
     * @throws IllegalArgumentException if {@code until} is before the clock's instant
     * @throws IllegalStateException if the engine is closed
     */
    public void advanceTo(Instant until) {
        Objects.requireNonNull(until, "until");
        if (until.isBefore(clock.instant())) {
            throw new IllegalArgumentException("cannot go back in time: " + until + " is before " + clock.instant());
        }
        Instant ranAt = null;
        while (true) {
            Instant next = engine.nextWork().orElse(null);
            if (next != null && ranAt != null && !next.isAfter(ranAt)) {
                // Still due after a run at this instant: it could not be handled (a store failing). It
                // stays due for a later run; carry on with the alarms rather than spin here.
                Instant after = ranAt;
                next = engine.nextAlarmDue().filter(t -> t.isAfter(after)).orElse(null);
            }
            if (next == null || next.isAfter(until)) {
                break;
            }
            if (next.isAfter(clock.instant())) {
                clock.set(next);
            }
            runDue();
            ranAt = clock.instant();
        }
        clock.set(until);
        runDue();
    }

    /**
     * Moves the clock forwards by a duration, as {@link #advanceTo(Instant)}.
     *
     * @param duration how far; not negative
     * @throws IllegalArgumentException if the duration is negative
     */
    public void advanceBy(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative: " + duration);
        }
        advanceTo(clock.instant().plus(duration));
    }
}
