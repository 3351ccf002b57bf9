package io.backupalarm.testsupport;

import io.backupalarm.spi.Channel;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The receiving end of core's engine tests. Every call of {@link #send} is kept with its answer;
 * answers come from a script (delivered when it is empty), and refused addresses fail for good.
 * A message delivered twice to the same address is kept as a duplicate, for the test thread to
 * assert on: a channel that threw instead would only make the engine retry. Sends can be held at
 * a gate; a held send that is interrupted gives up as a temporary failure. Thread-safe.
 */
public final class TestChannel implements Channel {

    /** One call of {@link #send}: when it answered, on which thread, what it was given, what it answered. */
    public record Call(Instant at, String thread, OutboundMessage message, DeliveryResult result) {
        public boolean delivered() {
            return result instanceof DeliveryResult.Delivered;
        }
    }

    private final String name;
    private final Clock clock;
    private final Deque<DeliveryResult> script = new ArrayDeque<>();
    private final Set<String> refused = new HashSet<>();
    private final List<Call> calls = new ArrayList<>();
    private final Set<String> deliveredOnce = new HashSet<>();
    private final List<OutboundMessage> duplicates = new ArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private int entered;
    private int interrupted;
    private int closed;

    public TestChannel(String name, Clock clock) {
        this.name = name;
        this.clock = clock;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DeliveryResult send(OutboundMessage message) {
        synchronized (this) {
            entered++;
            notifyAll();
        }
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            synchronized (this) {
                interrupted++;
                return keep(message, DeliveryResult.temporaryFailure("interrupted while held"));
            }
        }
        synchronized (this) {
            DeliveryResult result;
            if (refused.contains(message.address())) {
                result = DeliveryResult.permanentFailure("address " + message.address() + " is refused");
            } else {
                result = script.isEmpty() ? DeliveryResult.delivered(name + "-" + (calls.size() + 1)) : script.poll();
            }
            if (result instanceof DeliveryResult.Delivered
                    && !deliveredOnce.add(message.idempotencyKey() + " " + message.address())) {
                duplicates.add(message);
            }
            return keep(message, result);
        }
    }

    private DeliveryResult keep(OutboundMessage message, DeliveryResult result) {
        calls.add(new Call(clock.instant(), Thread.currentThread().getName(), message, result));
        notifyAll();
        return result;
    }

    @Override
    public synchronized void close() {
        closed++;
    }

    /** The next sends answer these, in order; then it delivers again. */
    public synchronized TestChannel answer(DeliveryResult... results) {
        script.addAll(Arrays.asList(results));
        return this;
    }

    /** The next sends fail temporarily, with reasons "temporary failure 1", "temporary failure 2", ... */
    public synchronized TestChannel failTemporarily(int times) {
        for (int i = 1; i <= times; i++) {
            script.add(DeliveryResult.temporaryFailure("temporary failure " + i));
        }
        return this;
    }

    public synchronized TestChannel refuse(String address) {
        refused.add(address);
        return this;
    }

    public synchronized TestChannel accept(String address) {
        refused.remove(address);
        return this;
    }

    /** Holds every send until {@link #release()}. */
    public TestChannel hold() {
        gate = new CountDownLatch(1);
        return this;
    }

    public void release() {
        gate.countDown();
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<Call> deliveries() {
        return calls.stream().filter(Call::delivered).toList();
    }

    /** Messages delivered again to an address that already had them. */
    public synchronized List<OutboundMessage> duplicates() {
        return List.copyOf(duplicates);
    }

    /** How many held sends were interrupted. */
    public synchronized int interrupted() {
        return interrupted;
    }

    /** How many times {@link #close()} was called. */
    public synchronized int closed() {
        return closed;
    }

    /**
     * Waits until at least {@code count} calls match. The patience only bounds a hang.
     *
     * @return whether they came in time
     */
    public boolean await(int count, Predicate<Call> which, Duration patience) throws InterruptedException {
        return awaitUntil(() -> calls.stream().filter(which).count() >= count, patience);
    }

    /** Waits until {@link #send} has been entered at least {@code count} times, held or not; see {@link #await}. */
    public boolean awaitEntered(int count, Duration patience) throws InterruptedException {
        return awaitUntil(() -> entered >= count, patience);
    }

    private synchronized boolean awaitUntil(BooleanSupplier done, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!done.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Waits until at least {@code count} messages were delivered; see {@link #await}. */
    public boolean awaitDeliveries(int count, Duration patience) throws InterruptedException {
        return await(count, Call::delivered, patience);
    }
}
