package io.backupalarm.internal;

import io.backupalarm.delivery.DeliverySettings;
import io.backupalarm.delivery.Notification;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.text.SafeText;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel's way out: its own sender threads and queue (a bulkhead), and a time limit on every
 * send. A send that does not return within {@link DeliverySettings#sendTimeout()} is reported as a
 * temporary failure and its thread interrupted; the lane's sender goes on with the next message.
 * A channel that ignores interruption keeps the abandoned thread, so the lane counts the calls
 * still running and refuses new ones (as temporary failures) while twice its sender count are,
 * which bounds the threads one stuck channel can hold. Thread-safe.
 */
final class ChannelLane {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelLane.class);

    private final Channel channel;
    private final ThreadPoolExecutor senders;
    private final ExecutorService calls;
    private final Duration timeout;
    private final int runningLimit;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicBoolean full = new AtomicBoolean();
    private final Runnable onRoom;
    private final int roomWorthAHandOver;

    private ChannelLane(Channel channel, ThreadPoolExecutor senders, ExecutorService calls, Duration timeout,
                        int runningLimit, Runnable onRoom, int queueCapacity) {
        this.channel = channel;
        this.senders = senders;
        this.calls = calls;
        this.timeout = timeout;
        this.runningLimit = runningLimit;
        this.onRoom = onRoom;
        this.roomWorthAHandOver = Math.max(1, queueCapacity / 2);
    }

    /** A lane that sends on the calling thread, with no time limit (manual time). */
    static ChannelLane inline(Channel channel) {
        return new ChannelLane(channel, null, null, null, Integer.MAX_VALUE, () -> { }, 0);
    }

    /**
     * A lane with threads of its own.
     *
     * @param onRoom called when the lane's queue was full and has half its room again
     */
    static ChannelLane threaded(Channel channel, DeliverySettings settings, Runnable onRoom) {
        String name = "backup-alarm-sender-" + channel.name();
        ThreadPoolExecutor senders = new ThreadPoolExecutor(settings.senderThreads(), settings.senderThreads(),
                0L, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(settings.queueCapacity()), Threads.daemon(name),
                new ThreadPoolExecutor.AbortPolicy());
        ExecutorService calls = Executors.newCachedThreadPool(Threads.daemon(name + "-call"));
        return new ChannelLane(channel, senders, calls, settings.sendTimeout(), 2 * settings.senderThreads(), onRoom,
                settings.queueCapacity());
    }

    String name() {
        return channel.name();
    }

    /** Queues an attempt; {@code false} when the lane's queue is full. */
    boolean offer(Runnable attempt) {
        if (senders == null) {
            attempt.run();
            return true;
        }
        try {
            senders.execute(() -> {
                try {
                    attempt.run();
                } finally {
                    // The queue was full: once half of it is free, hand over what waits in the outbox.
                    // Not at every free place: each hand-over reads the outbox, which a backlog
                    // makes dear, and half a queue keeps the senders busy meanwhile.
                    if (full.get() && senders.getQueue().remainingCapacity() >= roomWorthAHandOver) {
                        onRoom.run();
                    }
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Logs when the lane's queue fills up (with how many wait) and when it has room again. */
    void reportQueue(int notHandedOver) {
        if (senders == null) {
            return;
        }
        boolean isFull = notHandedOver > 0;
        boolean wasFull = full.getAndSet(isFull);
        if (isFull && !wasFull) {
            LOG.warn("Delivery queue of channel {} is full: {} notifications queued, {} more due wait in the outbox",
                    channel.name(), senders.getQueue().size(), notHandedOver);
        } else if (!isFull && wasFull) {
            LOG.info("Delivery queue of channel {} has room again", channel.name());
        }
    }

    /**
     * Sends one notification.
     *
     * @return the outcome; empty when the engine is closing and the send was not made (or was
     *         cut short), so that it counts as no attempt
     * @throws Error what the channel threw, if it threw an {@code Error}
     */
    Optional<DeliveryResult> send(Notification notification) {
        if (calls == null) {
            return Optional.of(guarded(notification));
        }
        if (running.incrementAndGet() > runningLimit) {
            running.decrementAndGet();
            return failure("channel " + channel.name() + " has " + runningLimit
                    + " sends that did not return in time; not sending more until they do");
        }
        // A call stops counting as running when the channel returns, before its result is handed
        // over: counted after that, a sender that went on at once would find its own finished
        // call still running, and refuse a send for nothing. A call cancelled before it began
        // stops counting when its task ends.
        AtomicBoolean counted = new AtomicBoolean(true);
        Runnable finished = () -> {
            if (counted.getAndSet(false)) {
                running.decrementAndGet();
            }
        };
        FutureTask<DeliveryResult> call = new FutureTask<>(() -> {
            try {
                return guarded(notification);
            } finally {
                finished.run();
            }
        });
        try {
            calls.execute(() -> {
                try {
                    call.run();
                } finally {
                    finished.run();
                }
            });
        } catch (RejectedExecutionException e) {
            finished.run();
            return Optional.empty(); // closing
        }
        try {
            return Optional.of(call.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            call.cancel(true);
            LOG.warn("Channel {} did not answer within {} for {}; treated as a temporary failure", channel.name(),
                    timeout, notification.key());
            return failure("channel " + channel.name() + " did not answer within " + timeout);
        } catch (InterruptedException e) {
            call.cancel(true); // closing: the engine stopped waiting for this send
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            // guarded() catches every Exception: only an Error gets here, and an Error is not ours to hide.
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            return failure("channel " + channel.name() + " failed: " + SafeText.describe(e.getCause()));
        }
    }

    private static Optional<DeliveryResult> failure(String reason) {
        return Optional.of(DeliveryResult.temporaryFailure(reason));
    }

    private DeliveryResult guarded(Notification notification) {
        try {
            DeliveryResult result = channel.send(notification.message());
            if (result == null) {
                return DeliveryResult.temporaryFailure("channel " + channel.name() + " returned no result");
            }
            return result;
        } catch (Exception e) { // a channel is host code: whatever it throws becomes a temporary failure
            LOG.warn("Channel {} threw while sending {}; treated as a temporary failure", channel.name(),
                    notification.key(), SafeText.loggable(e));
            return DeliveryResult.temporaryFailure("channel " + channel.name() + " threw " + SafeText.describe(e));
        }
    }

    /**
     * Stops taking work and lets what is queued be sent, waiting at most the given time; then
     * interrupts what still runs (those sends count as no attempt and stay in the outbox).
     */
    void close(long waitMillis) {
        if (senders == null) {
            return;
        }
        senders.shutdown();
        try {
            if (!senders.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)) {
                senders.shutdownNow();
            }
        } catch (InterruptedException e) {
            senders.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            calls.shutdownNow(); // what is left is a call abandoned after its time limit
        }
    }
}
