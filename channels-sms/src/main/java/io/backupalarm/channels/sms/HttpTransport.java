package io.backupalarm.channels.sms;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The HTTP transport settings shared by the HTTP gateways ({@link AliyunSmsSettings},
 * {@link TwilioSmsSettings}, {@link WebhookSmsSettings}): timeouts, what an unanswered request
 * reports, and the clock. Set with each gateway builder's {@code transport(...)}; a gateway
 * builder that is given none uses {@link #ofDefaults()}.
 *
 * <pre>{@code
 * HttpTransport transport = HttpTransport.custom()
 *         .requestTimeout(Duration.ofSeconds(20))
 *         .timeoutPolicy(TimeoutPolicy.DO_NOT_RETRY)
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; the {@link Builder} is not thread-safe.
 */
public final class HttpTransport {

    /** The default connect timeout: 5 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The default request timeout: 10 seconds (Alibaba suggests at least 1 second). */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private static final HttpTransport DEFAULTS = custom().build();

    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final TimeoutPolicy timeoutPolicy;
    private final Clock clock;

    private HttpTransport(Builder b) {
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.timeoutPolicy = b.timeoutPolicy;
        this.clock = b.clock;
    }

    /**
     * The defaults: 5 seconds to connect, 10 seconds for the answer, {@link TimeoutPolicy#RETRY}
     * and the system UTC clock.
     *
     * @return the defaults
     */
    public static HttpTransport ofDefaults() {
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

    /**
     * A builder starting from existing settings.
     *
     * @param existing the settings to copy
     * @return a new builder
     */
    public static Builder from(HttpTransport existing) {
        Objects.requireNonNull(existing, "existing");
        Builder b = new Builder();
        b.connectTimeout = existing.connectTimeout;
        b.requestTimeout = existing.requestTimeout;
        b.timeoutPolicy = existing.timeoutPolicy;
        b.clock = existing.clock;
        return b;
    }

    /**
     * The connect timeout.
     *
     * @return the timeout
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * The time to wait for an answer once the request is sent.
     *
     * @return the timeout
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * What an unanswered request reports; what a retry then risks depends on the gateway (see
     * each gateway settings class's {@code transport()}).
     *
     * @return the policy
     */
    public TimeoutPolicy timeoutPolicy() {
        return timeoutPolicy;
    }

    /**
     * The clock for request timestamps (Alibaba's {@code Timestamp}, the webhook signature) and
     * against which a {@code Retry-After} date is measured.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "HttpTransport[connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", timeoutPolicy=" + timeoutPolicy + "]";
    }

    /** Builds {@link HttpTransport}; each setter rejects a bad value at once. Not thread-safe. */
    public static final class Builder {

        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private TimeoutPolicy timeoutPolicy = TimeoutPolicy.RETRY;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Sets the connect timeout. Default 5 seconds.
         *
         * @param connectTimeout positive, at most 5 minutes
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Checks.timeout("connectTimeout", connectTimeout);
            return this;
        }

        /**
         * Sets the request timeout. Default 10 seconds.
         *
         * @param requestTimeout positive, at most 5 minutes
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Checks.timeout("requestTimeout", requestTimeout);
            return this;
        }

        /**
         * Sets what an unanswered request reports. Default {@link TimeoutPolicy#RETRY}.
         *
         * @param timeoutPolicy the policy
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder timeoutPolicy(TimeoutPolicy timeoutPolicy) {
            this.timeoutPolicy = Checks.notNull("timeoutPolicy", timeoutPolicy);
            return this;
        }

        /**
         * Sets the clock (for tests). Default the system UTC clock.
         *
         * @param clock the clock
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder clock(Clock clock) {
            this.clock = Checks.notNull("clock", clock);
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the settings
         */
        public HttpTransport build() {
            return new HttpTransport(this);
        }
    }
}
