package io.backupalarm.channels.robot.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A client-side send limit per robot: at most {@code count} sends in any sliding window of
 * {@code window}, for each window given. A robot throttles a sender that exceeds its limit for
 * minutes (DingTalk for ten), so sending fewer is cheaper than being refused.
 *
 * <p>Thread-safe: every method is synchronized; the work per call is small.
 */
public final class SendLimiter {

    /**
     * One limit.
     *
     * @param count how many sends a window allows, at least 1
     * @param window the window's length, more than zero
     */
    public record Limit(int count, Duration window) {
        /** Validates the limit. */
        public Limit {
            if (count < 1 || window.isZero() || window.isNegative()) {
                throw new IllegalArgumentException("a send limit needs a count of at least 1 and a positive window");
            }
        }
    }

    private final List<Limit> limits;
    private final Clock clock;
    private final Map<String, ArrayDeque<Instant>> sends = new HashMap<>();
    private final Duration longest;

    /**
     * Creates a limiter.
     *
     * @param limits the limits, all applied; empty for no limit
     * @param clock the clock
     */
    public SendLimiter(List<Limit> limits, Clock clock) {
        this.limits = List.copyOf(limits);
        this.clock = clock;
        this.longest = this.limits.stream().map(Limit::window).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /**
     * Takes a send for a robot if every limit allows one now.
     *
     * @param key the robot
     * @return empty when the send may go (and it is counted), or how long until it may
     */
    public synchronized Optional<Duration> acquire(String key) {
        if (limits.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        ArrayDeque<Instant> times = sends.computeIfAbsent(key, k -> new ArrayDeque<>());
        while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(longest))) {
            times.pollFirst();
        }
        Duration wait = Duration.ZERO;
        for (Limit limit : limits) {
            Instant from = now.minus(limit.window());
            int inWindow = 0;
            Instant oldestInWindow = null;
            // Newest first: the count-th newest send inside the window decides when a slot frees.
            var it = times.descendingIterator();
            while (it.hasNext()) {
                Instant t = it.next();
                if (!t.isAfter(from)) {
                    break;
                }
                inWindow++;
                if (inWindow == limit.count()) {
                    oldestInWindow = t;
                    break;
                }
            }
            if (oldestInWindow != null) {
                Duration until = Duration.between(now, oldestInWindow.plus(limit.window()));
                if (until.compareTo(wait) > 0) {
                    wait = until;
                }
            }
        }
        if (!wait.isZero()) {
            return Optional.of(wait);
        }
        times.addLast(now);
        return Optional.empty();
    }

    /**
     * Forgets robots with no send inside the longest window, so that the map does not grow with
     * every robot ever seen; called on each send by the channel.
     */
    public synchronized void prune() {
        Instant horizon = clock.instant().minus(longest);
        sends.values().removeIf(times -> times.isEmpty() || !times.peekLast().isAfter(horizon));
    }
}
