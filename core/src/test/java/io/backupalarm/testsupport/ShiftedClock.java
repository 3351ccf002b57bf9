package io.backupalarm.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Real time plus an offset the test moves: an engine on it runs its own threads in real time,
 * and the test makes hours pass at once. Thread-safe.
 */
public final class ShiftedClock extends Clock {

    private final AtomicReference<Duration> offset;
    private final ZoneId zone;

    public ShiftedClock() {
        this(new AtomicReference<>(Duration.ZERO), ZoneOffset.UTC);
    }

    private ShiftedClock(AtomicReference<Duration> offset, ZoneId zone) {
        this.offset = offset;
        this.zone = zone;
    }

    /** Moves the clock by a duration, forwards or backwards. */
    public void shift(Duration by) {
        offset.accumulateAndGet(by, Duration::plus);
    }

    @Override
    public Instant instant() {
        return Clock.systemUTC().instant().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return new ShiftedClock(offset, newZone);
    }
}
