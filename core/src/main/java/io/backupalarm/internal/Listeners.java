package io.backupalarm.internal;

import io.backupalarm.delivery.Notification;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmListener;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.text.SafeText;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls every listener, each guarded: a listener that throws is logged and the others still run.
 * In real time the calls run on one listener thread of their own, in the order the changes were
 * made, so a slow listener delays other listener calls but never the engine; with manual time
 * they run on the calling thread. Thread-safe.
 */
final class Listeners implements AlarmListener {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
    /** How many listener calls may wait for the listener thread before new ones are dropped. */
    static final int QUEUE_CAPACITY = 100_000;

    private final List<AlarmListener> listeners;
    private final Executor executor;
    private final ThreadPoolExecutor thread;
    private final LongAdder dropped = new LongAdder();
    private final AtomicBoolean full = new AtomicBoolean();

    private Listeners(List<AlarmListener> listeners, ThreadPoolExecutor thread) {
        this.listeners = List.copyOf(listeners);
        this.thread = thread;
        this.executor = thread == null ? Runnable::run : thread;
    }

    /** Whether there is any listener: with none, the engine need not keep calls for them. */
    boolean any() {
        return !listeners.isEmpty();
    }

    /** Listeners called on the calling thread. */
    static Listeners onCallingThread(List<AlarmListener> listeners) {
        return new Listeners(listeners, null);
    }

    /** Listeners called on a thread of their own. */
    static Listeners onOwnThread(List<AlarmListener> listeners) {
        if (listeners.isEmpty()) {
            return new Listeners(listeners, null);
        }
        ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 0L, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE_CAPACITY), Threads.daemon("backup-alarm-listener"),
                new ThreadPoolExecutor.AbortPolicy());
        return new Listeners(listeners, thread);
    }

    /** Listener calls dropped because the listener thread fell too far behind. */
    long dropped() {
        return dropped.sum();
    }

    /** Lets queued calls finish, waiting at most the given time. */
    void close(long waitMillis) {
        if (thread == null) {
            return;
        }
        thread.shutdown();
        try {
            if (!thread.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void each(String event, Consumer<AlarmListener> call) {
        if (listeners.isEmpty()) {
            return;
        }
        try {
            executor.execute(() -> callEach(event, call));
            if (full.compareAndSet(true, false)) {
                LOG.info("Alarm listeners caught up; calls are queued again");
            }
        } catch (RejectedExecutionException e) {
            if (thread.isShutdown()) {
                LOG.debug("Engine closed; listener call {} not made", event);
                return;
            }
            dropped.increment();
            if (full.compareAndSet(false, true)) {
                LOG.warn("Alarm listeners are {} calls behind; further calls are dropped until they catch up",
                        QUEUE_CAPACITY);
            }
        }
    }

    private void callEach(String event, Consumer<AlarmListener> call) {
        for (AlarmListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (Exception e) { // host code: it must not break the engine
                LOG.warn("Alarm listener {} failed in {}; ignored", listener.getClass().getName(), event, SafeText.loggable(e));
            }
        }
    }

    // Each call builds its lambda only when someone listens: a burst calls these per notification.
    @Override public void onEvent(AlarmEvent event) { if (any()) { each("onEvent", l -> l.onEvent(event)); } }
    @Override public void onHeld(OpenAlarm alarm) { if (any()) { each("onHeld", l -> l.onHeld(alarm)); } }
    @Override public void onAttempt(Notification n, Duration took) { if (any()) { each("onAttempt", l -> l.onAttempt(n, took)); } }
    @Override public void onOpened(OpenAlarm alarm) { if (any()) { each("onOpened", l -> l.onOpened(alarm)); } }
    @Override public void onCounted(OpenAlarm alarm) { if (any()) { each("onCounted", l -> l.onCounted(alarm)); } }
    @Override public void onFired(OpenAlarm alarm) { if (any()) { each("onFired", l -> l.onFired(alarm)); } }
    @Override public void onRepeated(OpenAlarm alarm) { if (any()) { each("onRepeated", l -> l.onRepeated(alarm)); } }
    @Override public void onCancelled(OpenAlarm alarm, Instant at) { if (any()) { each("onCancelled", l -> l.onCancelled(alarm, at)); } }
    @Override public void onResolved(OpenAlarm alarm, Instant at) { if (any()) { each("onResolved", l -> l.onResolved(alarm, at)); } }
    @Override public void onDelivered(Notification n) { if (any()) { each("onDelivered", l -> l.onDelivered(n)); } }
    @Override public void onDeliveryFailed(Notification n) { if (any()) { each("onDeliveryFailed", l -> l.onDeliveryFailed(n)); } }
    @Override public void onDeadLettered(Notification n) { if (any()) { each("onDeadLettered", l -> l.onDeadLettered(n)); } }
}
