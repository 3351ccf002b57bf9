package io.backupalarm.internal;

import io.backupalarm.delivery.DeliverySettings;
import io.backupalarm.delivery.Notification;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboxStore;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the outbox holds: one attempt per due notification, the outcome written back before
 * anything else. Retries are durable (the next attempt time is in the outbox), with pauses from
 * resilience4j's exponential random backoff.
 */
final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final int BATCH = 500;

    private final OutboxStore outbox;
    private final Map<String, Channel> channels;
    private final DeliverySettings settings;
    private final IntervalFunction backoff;
    private final Clock clock;
    private final Listeners listeners;
    private final Counters counters;
    private final Executor executor;
    private final Runnable onRescheduled;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean queueFull = new AtomicBoolean();

    Dispatcher(OutboxStore outbox, Map<String, Channel> channels, DeliverySettings settings, Clock clock,
               Listeners listeners, Counters counters, Executor executor, Runnable onRescheduled) {
        this.outbox = outbox;
        this.channels = channels;
        this.settings = settings;
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff(),
                settings.backoffMultiplier(), settings.jitter(), settings.maxBackoff());
        this.clock = clock;
        this.listeners = listeners;
        this.counters = counters;
        this.executor = executor;
        this.onRescheduled = onRescheduled;
    }

    /**
     * Hands every due notification to a sender. Returns whether the queue was full, in which case
     * the rest wait in the outbox for the next sweep.
     */
    boolean dispatchDue() {
        boolean full = handOverDue();
        boolean wasFull = queueFull.getAndSet(full);
        if (full && !wasFull) {
            LOG.warn("Delivery queue is full ({} waiting); notifications wait in the outbox until there is room",
                    settings.queueCapacity());
        } else if (!full && wasFull) {
            LOG.info("Delivery queue has room again");
        }
        return full;
    }

    private boolean handOverDue() {
        Instant now = clock.instant();
        // Each notification at most once per call: one whose outcome could not be recorded stays due,
        // and must wait for the next call rather than be tried again and again here.
        Set<String> handedNow = new java.util.HashSet<>();
        while (true) {
            int handed = 0;
            List<Notification> claimed = outbox.claimDue(now, BATCH);
            for (int i = 0; i < claimed.size(); i++) {
                Notification notification = claimed.get(i);
                if (handedNow.contains(notification.key()) || !inFlight.add(notification.key())) {
                    continue;
                }
                handedNow.add(notification.key());
                try {
                    executor.execute(() -> attempt(notification.key()));
                    handed++;
                } catch (RejectedExecutionException e) {
                    inFlight.remove(notification.key());
                    // The claims not handed over are given up, so that any engine may send them now.
                    claimed.subList(i, claimed.size()).stream()
                            .filter(n -> !inFlight.contains(n.key()))
                            .forEach(n -> outbox.releaseClaim(n.key()));
                    return true;
                }
            }
            if (handed == 0) {
                return false;
            }
        }
    }

    private void attempt(String key) {
        try {
            Notification current = outbox.find(key).orElse(null);
            if (current == null || current.status() != Notification.Status.PENDING) {
                outbox.releaseClaim(key);
                return; // finished meanwhile (re-driven, or sent by another sweep or engine)
            }
            Instant now = clock.instant();
            if (current.nextAttemptAt().isAfter(now)) {
                outbox.releaseClaim(key);
                return; // read as due just before another attempt rescheduled it: not due yet
            }
            if (!outbox.holdClaim(key, now)) {
                LOG.info("Notification {} waited longer than its claim's lease; another engine has it now", key);
                return;
            }
            Channel channel = channels.get(current.message().channel());
            if (channel == null) {
                deadLetter(current.dead("no channel '" + current.message().channel() + "' is installed", now, false));
                return;
            }
            DeliveryResult result = send(channel, current);
            now = clock.instant();
            if (result instanceof DeliveryResult.Delivered delivered) {
                Notification sent = current.sent(delivered.receipt(), now);
                outbox.update(sent);
                counters.sent.increment();
                LOG.debug("Sent {} {} to {}:{}", sent.message().kind(), sent.alarm(), sent.message().channel(),
                        sent.message().address());
                listeners.onDelivered(sent);
            } else if (result instanceof DeliveryResult.PermanentFailure failure) {
                counters.failedAttempts.increment();
                deadLetter(current.dead(failure.reason(), now, true));
            } else if (result instanceof DeliveryResult.TemporaryFailure failure) {
                counters.failedAttempts.increment();
                int attempts = current.attempts() + 1;
                if (attempts >= settings.maxAttempts()) {
                    deadLetter(current.dead("gave up after " + attempts + " attempts: " + failure.reason(), now, true));
                } else {
                    Duration pause = Duration.ofMillis(backoff.apply(attempts));
                    Duration asked = failure.retryAfter().orElse(Duration.ZERO);
                    Notification retry = current.retryAt(failure.reason(), now.plus(pause.compareTo(asked) >= 0 ? pause : asked));
                    outbox.update(retry);
                    LOG.info("Delivery to {}:{} failed (attempt {} of {}), retrying at {}: {}",
                            retry.message().channel(), retry.message().address(), attempts, settings.maxAttempts(),
                            retry.nextAttemptAt(), failure.reason());
                    listeners.onDeliveryFailed(retry);
                    onRescheduled.run();
                }
            }
        } catch (RuntimeException e) {
            // A store failure: the notification stays pending in the outbox and the next sweep retries it.
            LOG.error("Delivery of {} could not be recorded; it stays in the outbox", key, e);
        } finally {
            inFlight.remove(key);
            if (queueFull.get()) {
                onRescheduled.run(); // a place in the queue is free: hand over what waits in the outbox now
            }
        }
    }

    private static DeliveryResult send(Channel channel, Notification notification) {
        try {
            DeliveryResult result = channel.send(notification.message());
            if (result == null) {
                return DeliveryResult.temporaryFailure("channel " + channel.name() + " returned no result");
            }
            return result;
        } catch (Throwable t) { // a channel is host code: whatever it throws becomes a temporary failure
            LOG.warn("Channel {} threw while sending {}; treated as a temporary failure", channel.name(),
                    notification.key(), t);
            return DeliveryResult.temporaryFailure("channel " + channel.name() + " threw "
                    + t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage()));
        }
    }

    private void deadLetter(Notification dead) {
        outbox.update(dead);
        counters.deadLettered.increment();
        LOG.warn("Notification {} to {}:{} dead-lettered: {}", dead.key(), dead.message().channel(),
                dead.message().address(), dead.lastError());
        listeners.onDeadLettered(dead);
    }
}
