package io.backupalarm.internal;

import io.backupalarm.delivery.DeliverySettings;
import io.backupalarm.delivery.Notification;
import io.backupalarm.history.DeliveryRecord;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.HistoryStore;
import io.backupalarm.spi.OutboxStore;
import io.backupalarm.text.LogContext;
import io.backupalarm.text.Masking;
import io.backupalarm.text.SafeText;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the outbox holds: one attempt per due notification, the outcome written back before
 * anything else. Retries are durable (the next attempt time is in the outbox), with pauses from
 * resilience4j's exponential random backoff. Each channel sends through a {@link ChannelLane} of
 * its own, so a slow or stuck channel delays only its own recipients. Every attempt is appended
 * to the delivery history after its outcome. Thread-safe.
 */
final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final int BATCH = 500;

    private final OutboxStore outbox;
    private final Map<String, ChannelLane> lanes;
    /** The same lanes, to go through without an iterator on every event. */
    private final ChannelLane[] laneList;
    private final DeliverySettings settings;
    private final IntervalFunction backoff;
    private final Clock clock;
    private final Listeners listeners;
    private final Counters counters;
    private final Consumer<Instant> wakeAt;
    private final UnaryOperator<Notification> finish;
    private final HistoryStore history;
    private final String node;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    /**
     * @param threads whether channels send on lanes of their own threads (real time) or on the
     *        calling thread (manual time)
     * @param wakeAt asks the scheduler to look at the outbox again at an instant
     * @param finish renders a claimed group again with every notification it collected
     * @param history where attempts are recorded
     * @param node the engine's node, recorded with each attempt
     */
    Dispatcher(OutboxStore outbox, Map<String, Channel> channels, DeliverySettings settings, Clock clock,
               Listeners listeners, Counters counters, boolean threads, Consumer<Instant> wakeAt,
               UnaryOperator<Notification> finish, HistoryStore history, String node) {
        this.outbox = outbox;
        this.settings = settings;
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff(),
                settings.backoffMultiplier(), settings.jitter(), settings.maxBackoff());
        this.clock = clock;
        this.listeners = listeners;
        this.counters = counters;
        this.wakeAt = wakeAt;
        this.finish = finish;
        this.history = history;
        this.node = node;
        Map<String, ChannelLane> byName = new LinkedHashMap<>();
        channels.forEach((name, channel) -> byName.put(name, threads
                ? ChannelLane.threaded(channel, settings, () -> wakeAt.accept(clock.instant()))
                : ChannelLane.inline(channel)));
        this.lanes = Map.copyOf(byName);
        this.laneList = byName.values().toArray(ChannelLane[]::new);
    }

    /**
     * Hands every due notification to its channel's lane. Returns whether some lane was full, in
     * which case what it could not take waits in the outbox for the next sweep.
     */
    boolean dispatchDue() {
        Instant now = clock.instant();
        List<Notification> claimed = outbox.claimDue(now, BATCH);
        if (claimed.isEmpty()) { // the common case after an event: nothing to send, nothing allocated
            for (ChannelLane lane : laneList) {
                lane.reportQueue(0);
            }
            return false;
        }
        Map<ChannelLane, Integer> leftOver = new HashMap<>();
        // Each notification at most once per call: one whose outcome could not be recorded stays due,
        // and must wait for the next call rather than be tried again and again here. So must those in
        // flight on a lane's thread and those left for a full lane: they are remembered, and each round
        // reads past them, so that a stuck channel's backlog cannot hide the other channels'
        // notifications. One sent on this thread and recorded is due no more and need not be
        // remembered: a burst of a hundred thousand costs no set of a hundred thousand.
        Set<String> skip = new HashSet<>();
        int limit = BATCH;
        while (true) {
            int fresh = 0;
            for (Notification notification : claimed) {
                String key = notification.key();
                if (skip.contains(key)) {
                    if (!inFlight.contains(key)) {
                        outbox.releaseClaim(key); // claimed again after it was left for a full lane
                    }
                    continue;
                }
                fresh++;
                if (!inFlight.add(key)) {
                    skip.add(key);
                    continue;
                }
                ChannelLane lane = lanes.get(notification.message().channel());
                if (lane == null) {
                    if (!attempt(key, null)) {
                        skip.add(key);
                    }
                    continue;
                }
                boolean[] settled = new boolean[1]; // written by an inline lane before offer returns
                if (!lane.offer(() -> settled[0] = attempt(key, lane))) {
                    inFlight.remove(key);
                    outbox.releaseClaim(key); // so that any engine may send it now
                    leftOver.merge(lane, 1, Integer::sum);
                    skip.add(key);
                } else if (!settled[0]) {
                    skip.add(key); // in flight on the lane's thread, or its outcome not recorded
                }
            }
            boolean everyLaneFull = !lanes.isEmpty() && leftOver.size() == lanes.size();
            if (fresh == 0 || claimed.size() < limit || everyLaneFull) {
                break;
            }
            limit = skip.size() + BATCH;
            claimed = outbox.claimDue(now, limit);
        }
        for (ChannelLane lane : lanes.values()) {
            lane.reportQueue(leftOver.getOrDefault(lane, 0));
        }
        return !leftOver.isEmpty();
    }

    /** Stops every lane, waiting at most the given time for sends under way. */
    void close(long waitMillis) {
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        for (ChannelLane lane : lanes.values()) {
            lane.close(Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
        }
        // What a lane dropped from its queue, or gave up waiting for, is still claimed: give it back,
        // so that the next engine on this outbox sends it (an in-memory claim never runs out).
        for (String key : inFlight) {
            releaseAfterFailure(key);
        }
    }

    /**
     * One attempt at a claimed notification.
     *
     * @return whether this call is done with it: finished, recorded and not due again now, or
     *         another engine's; {@code false} when it stays due (its outcome could not be recorded)
     */
    private boolean attempt(String key, ChannelLane lane) {
        Mdc mdc = Mdc.open().put(LogContext.NOTIFICATION, key); // closed last: the error below is logged with it
        try {
            Notification current = outbox.find(key).orElse(null);
            if (current == null || current.status() != Notification.Status.PENDING) {
                outbox.releaseClaim(key);
                return true; // finished meanwhile (re-driven, or sent by another sweep or engine)
            }
            mdc.notification(current);
            Instant now = clock.instant();
            if (current.nextAttemptAt().isAfter(now)) {
                outbox.releaseClaim(key);
                return true; // read as due just before another attempt rescheduled it: not due yet
            }
            if (!outbox.holdClaim(key, now)) {
                LOG.info("Notification {} waited longer than its claim's lease; another engine has it now", key);
                return true;
            }
            current = finish.apply(current); // a group is sent with all it collected, and kept so
            if (lane == null) {
                Notification dead = current.dead("no channel '" + current.message().channel() + "' is installed", now,
                        false);
                deadLetterAttempt(dead, now, Duration.ZERO);
                return true;
            }
            Optional<DeliveryResult> result;
            long started = System.nanoTime(); // a duration, not an instant: the engine's clock may be manual
            try {
                result = lane.send(current);
            } catch (Error e) {
                // Errors propagate, but the outbox still learns of the attempt: retried, then dead-lettered.
                record(current, DeliveryResult.temporaryFailure("channel " + lane.name() + " threw "
                        + SafeText.describe(e)), clock.instant(), Duration.ofNanos(System.nanoTime() - started));
                throw e;
            }
            if (result.isEmpty()) {
                outbox.releaseClaim(key); // the engine is closing: no attempt, any engine may send it
                return false;
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            Notification recorded = record(current, result.get(), clock.instant(), took);
            listeners.onAttempt(recorded, took);
            return recorded.status() != Notification.Status.PENDING || recorded.nextAttemptAt().isAfter(now);
        } catch (RuntimeException e) {
            // A store failure: the notification stays pending in the outbox and the next sweep retries it.
            LOG.error("Delivery of {} could not be recorded; it stays in the outbox", key, SafeText.loggable(e));
            releaseAfterFailure(key);
            return false;
        } finally {
            inFlight.remove(key);
            mdc.close();
        }
    }

    /** Gives the claim up so that the next sweep may take the notification again; the store may still be failing. */
    private void releaseAfterFailure(String key) {
        try {
            outbox.releaseClaim(key);
        } catch (RuntimeException e) {
            LOG.debug("The claim on {} could not be released; it runs out with its lease", key, SafeText.loggable(e));
        }
    }

    /** Records the outcome of an attempt, and returns the notification as recorded. */
    private Notification record(Notification current, DeliveryResult result, Instant now, Duration took) {
        if (result instanceof DeliveryResult.Delivered delivered) {
            Notification sent = current.sent(delivered.receipt(), now);
            outbox.update(sent);
            recordAttempt(sent, DeliveryRecord.Outcome.DELIVERED, now, took);
            counters.sent.increment();
            logOutcome(sent, "sent", null);
            listeners.onDelivered(sent);
            return sent;
        }
        counters.failedAttempts.increment();
        if (result instanceof DeliveryResult.PermanentFailure failure) {
            return deadLetterAttempt(current.dead(failure.reason(), now, true), now, took);
        }
        DeliveryResult.TemporaryFailure failure = (DeliveryResult.TemporaryFailure) result;
        int attempts = current.attempts() + 1;
        if (attempts >= settings.maxAttempts()) {
            return deadLetterAttempt(current.dead("gave up after " + attempts + " attempts: " + failure.reason(), now,
                    true), now, took);
        }
        Duration pause = Duration.ofMillis(backoff.apply(attempts));
        Duration asked = failure.retryAfter().orElse(Duration.ZERO);
        Notification retry = current.retryAt(failure.reason(), now.plus(pause.compareTo(asked) >= 0 ? pause : asked));
        outbox.update(retry);
        recordAttempt(retry, DeliveryRecord.Outcome.FAILED, now, took);
        logOutcome(retry, "retry", "next=" + retry.nextAttemptAt() + " maxAttempts=" + settings.maxAttempts());
        listeners.onDeliveryFailed(retry);
        wakeAt.accept(retry.nextAttemptAt());
        return retry;
    }

    /**
     * Appends an attempt whose outcome the outbox holds now. A history that cannot be written
     * loses the record (logged), not the delivery: the outcome stands, and nothing is sent again.
     */
    private void recordAttempt(Notification after, DeliveryRecord.Outcome outcome, Instant at, Duration took) {
        try {
            history.appendDeliveries(List.of(DeliveryRecords.of(after, outcome, at, took, node)));
        } catch (RuntimeException e) {
            LOG.error("Attempt {} of notification {} could not be written to the delivery history", after.attempts(),
                    after.key(), SafeText.loggable(e));
        }
    }

    private Notification deadLetterAttempt(Notification dead, Instant at, Duration took) {
        deadLetter(dead);
        recordAttempt(dead, DeliveryRecord.Outcome.DEAD, at, took);
        return dead;
    }

    private Notification deadLetter(Notification dead) {
        outbox.update(dead);
        counters.deadLettered.increment();
        logOutcome(dead, "dead", null);
        listeners.onDeadLettered(dead);
        return dead;
    }

    /**
     * The one line per delivery outcome (docs/operations.md, "Logs"): at INFO, a dead letter at
     * WARN. The address is masked: the full one is in the outbox, and a URL's path holds tokens.
     */
    private static void logOutcome(Notification n, String outcome, String extra) {
        boolean dead = "dead".equals(outcome);
        if (dead ? !LOG.isWarnEnabled() : !LOG.isInfoEnabled()) {
            return; // a burst sends thousands: build no line nobody reads
        }
        String alarm = Mdc.alarmOf(n);
        String line = "Delivery outcome={} alarm={} kind={} channel={} to={} attempt={} notification={}"
                + (extra == null ? "" : " " + extra) + (n.lastError() == null || "sent".equals(outcome) ? "" : " reason={}");
        Object[] args = {outcome, alarm == null ? "test" : alarm, n.message().kind(), n.message().channel(),
                Masking.address(n.message().channel(), n.message().address()), n.attempts(), n.key(),
                SafeText.escape(n.lastError())};
        if (dead) {
            LOG.warn(line, args);
        } else {
            LOG.info(line, args);
        }
    }
}
