package io.backupalarm.internal;

import java.time.Instant;

/** Small helpers on instants that may be absent. Stateless. */
final class Times {

    private Times() {
    }

    /** The earlier of two instants; {@code null} stands for "none" and loses to any instant. */
    static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.isBefore(b) ? a : b;
    }

    static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || !b.isAfter(a) ? a : b;
    }
}
