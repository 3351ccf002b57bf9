package io.backupalarm.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * How notifications are delivered: retries with exponential backoff and jitter, the sending
 * threads and their bounded queue, and how long sent notifications are remembered.
 *
 * <p>Build with {@link #ofDefaults()} or {@link #custom()}; each setter rejects a bad value at
 * once. Immutable and thread-safe.
 */
public final class DeliverySettings {

    private static final DeliverySettings DEFAULTS = custom().build();

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final double backoffMultiplier;
    private final double jitter;
    private final Duration maxBackoff;
    private final int senderThreads;
    private final int queueCapacity;
    private final Duration sentRetention;
    private final Duration sweepInterval;
    private final Duration sendTimeout;
    private final Duration closeWait;

    private DeliverySettings(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.backoffMultiplier = b.backoffMultiplier;
        this.jitter = b.jitter;
        this.maxBackoff = b.maxBackoff;
        this.senderThreads = b.senderThreads;
        this.queueCapacity = b.queueCapacity;
        this.sentRetention = b.sentRetention;
        this.sweepInterval = b.sweepInterval;
        this.sendTimeout = b.sendTimeout;
        this.closeWait = b.closeWait;
    }

    /**
     * The defaults: 8 attempts, backoff from 10 s doubling up to 30 min with 50 % jitter, 2 sender
     * threads and a queue of 10,000 for each channel, 60 s for one send, sent notifications
     * remembered 7 days, a sweep of the stores every 30 s, up to 5 s for closing.
     *
     * @return the default settings
     */
    public static DeliverySettings ofDefaults() {
        return DEFAULTS;
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder custom() {
        return new Builder();
    }

    /** @return how many attempts a notification gets before it is dead-lettered */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** @return the pause after the first failed attempt */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** @return the factor each further pause grows by */
    public double backoffMultiplier() {
        return backoffMultiplier;
    }

    /** @return the randomisation factor of a pause, from 0 (none) to 1 */
    public double jitter() {
        return jitter;
    }

    /** @return the longest pause */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** @return how many threads send notifications through each channel (each channel has its own) */
    public int senderThreads() {
        return senderThreads;
    }

    /**
     * @return how many sends may wait for a sender thread of one channel; beyond it they wait in
     *         the outbox
     */
    public int queueCapacity() {
        return queueCapacity;
    }

    /** @return how long sent notifications are kept, so a repeated firing is not sent twice */
    public Duration sentRetention() {
        return sentRetention;
    }

    /**
     * @return the longest the engine waits before it looks in its stores again; work that another
     *         engine on a shared store wrote (an alarm it opened, a send whose lease ran out) is
     *         picked up within this
     */
    public Duration sweepInterval() {
        return sweepInterval;
    }

    /**
     * @return the longest one {@link io.backupalarm.spi.Channel#send} may take; a send still
     *         running then counts as a temporary failure (retried later, with the same
     *         idempotency key) and its thread is interrupted. A send that goes through after its
     *         time ran out is not known to the engine, so the retry may deliver it twice: the
     *         idempotency key is there for that. Applies in real time; with manual time sends run
     *         on the caller's thread
     */
    public Duration sendTimeout() {
        return sendTimeout;
    }

    /**
     * @return how long {@link io.backupalarm.lifecycle.AlarmEngine#close()} waits, in all, for the
     *         scheduler's run, the sends already queued and listener calls under way; a send still
     *         running then is interrupted, counts as no attempt and stays in the outbox for the
     *         next engine
     */
    public Duration closeWait() {
        return closeWait;
    }

    /** Builds {@link DeliverySettings}. Not thread-safe. */
    public static final class Builder {
        private int maxAttempts = 8;
        private Duration initialBackoff = Duration.ofSeconds(10);
        private double backoffMultiplier = 2.0;
        private double jitter = 0.5;
        private Duration maxBackoff = Duration.ofMinutes(30);
        private int senderThreads = 2;
        private int queueCapacity = 10_000;
        private Duration sentRetention = Duration.ofDays(7);
        private Duration sweepInterval = Duration.ofSeconds(30);
        private Duration sendTimeout = Duration.ofSeconds(60);
        private Duration closeWait = Duration.ofSeconds(5);

        private Builder() {
        }

        /**
         * How many attempts a notification gets.
         *
         * @param attempts at least 1
         * @return this builder
         */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1: " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * The pause after the first failed attempt.
         *
         * @param backoff more than zero
         * @return this builder
         */
        public Builder initialBackoff(Duration backoff) {
            this.initialBackoff = positive(backoff, "initialBackoff");
            return this;
        }

        /**
         * The factor each further pause grows by.
         *
         * @param multiplier at least 1
         * @return this builder
         */
        public Builder backoffMultiplier(double multiplier) {
            if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
                throw new IllegalArgumentException("backoffMultiplier must be at least 1: " + multiplier);
            }
            this.backoffMultiplier = multiplier;
            return this;
        }

        /**
         * The randomisation factor of each pause.
         *
         * @param factor from 0 (no jitter) to 1
         * @return this builder
         */
        public Builder jitter(double factor) {
            if (!(factor >= 0.0 && factor < 1.0)) {
                throw new IllegalArgumentException("jitter must be at least 0 and below 1: " + factor);
            }
            this.jitter = factor;
            return this;
        }

        /**
         * The longest pause.
         *
         * @param backoff more than zero
         * @return this builder
         */
        public Builder maxBackoff(Duration backoff) {
            this.maxBackoff = positive(backoff, "maxBackoff");
            return this;
        }

        /**
         * How many threads send notifications through each channel. Each channel has threads of
         * its own, so a slow channel never holds another channel's senders.
         *
         * @param threads 1 to 64
         * @return this builder
         */
        public Builder senderThreads(int threads) {
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("senderThreads must be 1 to 64: " + threads);
            }
            this.senderThreads = threads;
            return this;
        }

        /**
         * How many sends may wait for a sender thread of one channel.
         *
         * @param capacity at least 1
         * @return this builder
         */
        public Builder queueCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("queueCapacity must be at least 1: " + capacity);
            }
            this.queueCapacity = capacity;
            return this;
        }

        /**
         * How long sent notifications are kept.
         *
         * @param retention more than zero
         * @return this builder
         */
        public Builder sentRetention(Duration retention) {
            this.sentRetention = positive(retention, "sentRetention");
            return this;
        }

        /**
         * The longest the engine waits before it looks in its stores again.
         *
         * @param interval more than zero
         * @return this builder
         */
        public Builder sweepInterval(Duration interval) {
            this.sweepInterval = positive(interval, "sweepInterval");
            return this;
        }

        /**
         * The longest one send may take before it counts as a temporary failure.
         *
         * @param timeout 1 second to 1 hour
         * @return this builder
         */
        public Builder sendTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "sendTimeout");
            if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("sendTimeout must be 1 second to 1 hour: " + timeout);
            }
            this.sendTimeout = timeout;
            return this;
        }

        /**
         * How long closing the engine waits for work under way before it interrupts it: longer
         * for a host whose shutdown may take its time (a slow mail server), shorter for one that
         * must stop at once. Zero interrupts at once.
         *
         * @param wait zero to 10 minutes
         * @return this builder
         */
        public Builder closeWait(Duration wait) {
            Objects.requireNonNull(wait, "closeWait");
            if (wait.isNegative() || wait.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("closeWait must be zero to 10 minutes: " + wait);
            }
            this.closeWait = wait;
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the settings
         * @throws IllegalArgumentException if maxBackoff is shorter than initialBackoff
         */
        public DeliverySettings build() {
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is shorter than initialBackoff "
                        + initialBackoff);
            }
            return new DeliverySettings(this);
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(name + " must be more than zero: " + value);
            }
            return value;
        }
    }
}
