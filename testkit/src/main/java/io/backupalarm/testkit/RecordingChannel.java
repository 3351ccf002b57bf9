package io.backupalarm.testkit;

import io.backupalarm.spi.Channel;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real {@link Channel} that keeps what it is given instead of sending it, and can be told to
 * fail: the receiving end of tests and simulations.
 *
 * <pre>{@code
 * RecordingChannel email = new RecordingChannel(Channel.EMAIL, clock);
 * email.failNextTemporarily(2);   // the next two sends fail, then it accepts
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class RecordingChannel implements Channel {

    /**
     * One message the channel accepted.
     *
     * @param at the clock's instant when it was sent
     * @param message the message
     */
    public record Sent(Instant at, OutboundMessage message) {
    }

    private final String name;
    private final Clock clock;
    private final List<Sent> sent = new ArrayList<>();
    private final List<OutboundMessage> attempts = new ArrayList<>();
    private final Deque<DeliveryResult> scripted = new ArrayDeque<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();

    /**
     * A channel that accepts everything.
     *
     * @param name the channel name
     * @param clock the clock that stamps what it receives
     */
    public RecordingChannel(String name, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DeliveryResult send(OutboundMessage message) {
        Objects.requireNonNull(message, "message");
        synchronized (this) {
            attempts.add(message);
            if (refused.contains(message.address())) {
                return DeliveryResult.permanentFailure("address " + message.address() + " is refused");
            }
            DeliveryResult next = scripted.poll();
            if (next != null) {
                return next;
            }
            sent.add(new Sent(clock.instant(), message));
            return DeliveryResult.delivered("rec-" + sent.size());
        }
    }

    /**
     * Makes the next sends fail temporarily.
     *
     * @param times how many sends fail
     * @return this channel
     */
    public synchronized RecordingChannel failNextTemporarily(int times) {
        for (int i = 0; i < times; i++) {
            scripted.add(DeliveryResult.temporaryFailure("scripted temporary failure " + (i + 1)));
        }
        return this;
    }

    /**
     * Makes the next send fail temporarily with a pause hint.
     *
     * @param retryAfter the pause the "provider" asks for
     * @return this channel
     */
    public synchronized RecordingChannel failNextWithRetryAfter(Duration retryAfter) {
        scripted.add(DeliveryResult.temporaryFailure("scripted throttling", retryAfter));
        return this;
    }

    /**
     * Refuses an address for good (permanent failure) until {@link #accept(String)}.
     *
     * @param address the address
     * @return this channel
     */
    public RecordingChannel refuse(String address) {
        refused.add(address);
        return this;
    }

    /**
     * Accepts an address again.
     *
     * @param address the address
     * @return this channel
     */
    public RecordingChannel accept(String address) {
        refused.remove(address);
        return this;
    }

    /** @return every message accepted, in order */
    public synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** @return every message handed over, accepted or not, in order */
    public synchronized List<OutboundMessage> attempts() {
        return List.copyOf(attempts);
    }

    /**
     * How many accepted messages carried a key to an address.
     *
     * @param address the address
     * @param idempotencyKey the key
     * @return the count
     */
    public synchronized int count(String address, String idempotencyKey) {
        return (int) sent.stream().filter(s -> s.message().address().equals(address)
                && s.message().idempotencyKey().equals(idempotencyKey)).count();
    }

    /** Forgets everything received (not the scripted failures). */
    public synchronized void clear() {
        sent.clear();
        attempts.clear();
    }
}
