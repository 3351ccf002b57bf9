package io.backupalarm.benchmarks;

import io.backupalarm.spi.Channel;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A channel that only counts what it is given and always answers delivered, so that a benchmark
 * measures the engine and not a provider. Thread-safe.
 */
final class CountingChannel implements Channel {

    private static final DeliveryResult DELIVERED = DeliveryResult.delivered("");

    private final String name;
    private final AtomicLong sent = new AtomicLong();

    CountingChannel(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DeliveryResult send(OutboundMessage message) {
        sent.incrementAndGet();
        return DELIVERED;
    }

    long sent() {
        return sent.get();
    }
}
