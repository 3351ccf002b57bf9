package io.backupalarm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waiting for other threads, processes and database sessions in tests. Every wait is bounded by
 * {@link #HANG}, which only turns a hang into a failure: no test asserts how long something took,
 * so a slow or loaded machine makes a test slower, never wrong.
 */
final class Await {

    /** Far longer than anything should take, even on a loaded machine: reaching it means a hang. */
    static final Duration HANG = Duration.ofMinutes(3);

    private Await() {
    }

    /** Waits until a condition holds; fails after {@link #HANG}. */
    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + HANG.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("gave up waiting, after " + HANG + ", until " + what);
            }
            pause();
        }
    }

    /** Waits for a latch; fails (also on the thread of a hook that calls it) after {@link #HANG}. */
    static void latch(String what, CountDownLatch latch) {
        try {
            assertThat(latch.await(HANG.toMillis(), TimeUnit.MILLISECONDS)).as("gave up waiting until " + what).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting until " + what, e);
        }
    }

    /** Waits at a barrier; fails after {@link #HANG}. */
    static void barrier(String what, CyclicBarrier barrier) {
        try {
            barrier.await(HANG.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("gave up waiting until " + what, e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
