package io.backupalarm.internal;

import java.util.concurrent.atomic.LongAdder;

/** The engine's running totals. */
final class Counters {
    final LongAdder fired = new LongAdder();
    final LongAdder cancelled = new LongAdder();
    final LongAdder resolved = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder failedAttempts = new LongAdder();
    final LongAdder deadLettered = new LongAdder();
}
