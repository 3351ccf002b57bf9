package io.backupalarm.channels.robot;

import io.backupalarm.channels.robot.internal.RobotEndpoint;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a DingTalk, WeCom or Feishu robot channel sends: which hosts it may reach, an origin to send
 * to instead (a test server, an egress gateway), timeouts, whether an unknown outcome is retried,
 * and the client-side send limit per robot. Built the usual way:
 *
 * <pre>{@code
 * RobotSettings settings = RobotSettings.custom()
 *         .originOverride(URI.create("https://egress.internal:8443"))
 *         .requestTimeout(Duration.ofSeconds(5))
 *         .build();
 * Channel dingTalk = RobotChannels.dingTalk(settings, SecretResolver.environment());
 * }</pre>
 *
 * <p>Immutable and thread-safe; the builder is not thread-safe.
 */
public final class RobotSettings {

    /** The longest timeout accepted. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
    /** The most sends per minute the client-side limit may be set to. */
    public static final int MAX_SENDS_PER_MINUTE = 1000;

    private final Set<String> allowedHosts;
    private final URI originOverride;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final boolean retryUnknownOutcome;
    private final Integer sendsPerMinute;
    private final Clock clock;

    private RobotSettings(Builder b) {
        this.allowedHosts = b.allowedHosts;
        this.originOverride = b.originOverride;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.retryUnknownOutcome = b.retryUnknownOutcome;
        this.sendsPerMinute = b.sendsPerMinute;
        this.clock = b.clock;
    }

    /**
     * The defaults: the provider's own hosts, no override, 5 s to connect, 10 s for an answer, an
     * unknown outcome not retried, the provider's documented send limit.
     *
     * @return the default settings
     */
    public static RobotSettings ofDefaults() {
        return custom().build();
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
    public static Builder from(RobotSettings existing) {
        Builder b = new Builder();
        b.allowedHosts = existing.allowedHosts;
        b.originOverride = existing.originOverride;
        b.connectTimeout = existing.connectTimeout;
        b.requestTimeout = existing.requestTimeout;
        b.retryUnknownOutcome = existing.retryUnknownOutcome;
        b.sendsPerMinute = existing.sendsPerMinute;
        b.clock = existing.clock;
        return b;
    }

    /**
     * The hosts a robot URL may name, lower case; empty means the provider's own
     * ({@code oapi.dingtalk.com}; {@code qyapi.weixin.qq.com}; {@code open.feishu.cn} and
     * {@code open.larksuite.com}).
     *
     * @return the hosts, or empty for the provider's
     */
    public Set<String> allowedHosts() {
        return allowedHosts;
    }

    /**
     * The origin ({@code scheme://host:port}) requests go to instead of the robot URL's, keeping
     * its path and query; the URL is still checked against {@link #allowedHosts()} first.
     *
     * @return the origin, or empty to send to the robot URL itself
     */
    public Optional<URI> originOverride() {
        return Optional.ofNullable(originOverride);
    }

    /**
     * How long to wait for a connection.
     *
     * @return the connect timeout
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * How long to wait for the robot's answer once the request is sent.
     *
     * @return the request timeout
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * Whether a request that was sent but got no answer (timeout, broken connection) is retried.
     * Robots do not drop duplicates, so a retry may post the message twice; by default such a
     * send is a permanent failure that says the message may have arrived.
     *
     * @return {@code true} to retry an unknown outcome
     */
    public boolean retryUnknownOutcome() {
        return retryUnknownOutcome;
    }

    /**
     * The client-side limit of sends per minute to one robot; empty means the provider's
     * documented limit (DingTalk and WeCom 20, Feishu 100 and also 5 per second), 0 means none.
     *
     * @return the limit, or empty for the provider's
     */
    public Optional<Integer> sendsPerMinute() {
        return Optional.ofNullable(sendsPerMinute);
    }

    /**
     * The clock for signature timestamps and the send limit.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "RobotSettings[allowedHosts=" + (allowedHosts.isEmpty() ? "provider's" : allowedHosts)
                + ", originOverride=" + originOverride + ", connectTimeout=" + connectTimeout
                + ", requestTimeout=" + requestTimeout + ", retryUnknownOutcome=" + retryUnknownOutcome
                + ", sendsPerMinute=" + (sendsPerMinute == null ? "provider's" : sendsPerMinute) + "]";
    }

    /** Builds {@link RobotSettings}; each setter rejects a bad value at once. Not thread-safe. */
    public static final class Builder {
        private Set<String> allowedHosts = Set.of();
        private URI originOverride;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private boolean retryUnknownOutcome;
        private Integer sendsPerMinute;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Replaces the provider's hosts with these.
         *
         * @param hosts host names, at least one
         * @return this builder
         * @throws IllegalArgumentException if empty or a name is not a host name
         */
        public Builder allowedHosts(Set<String> hosts) {
            Objects.requireNonNull(hosts, "hosts");
            if (hosts.isEmpty()) {
                throw new IllegalArgumentException("allowedHosts must name at least one host");
            }
            Set<String> lower = new TreeSet<>();
            for (String host : hosts) {
                if (host == null || !host.matches("[A-Za-z0-9]([A-Za-z0-9-]{0,62}\\.)*[A-Za-z0-9-]{1,63}")) {
                    throw new IllegalArgumentException("allowedHosts: '" + host + "' is not a host name");
                }
                lower.add(host.toLowerCase(Locale.ROOT));
            }
            this.allowedHosts = Set.copyOf(lower);
            return this;
        }

        /**
         * Sends to this origin instead of the robot URL's, keeping path and query.
         *
         * @param origin {@code http} or {@code https}, a host and an optional port, nothing else
         * @return this builder
         * @throws IllegalArgumentException if it is not such an origin
         */
        public Builder originOverride(URI origin) {
            this.originOverride = RobotEndpoint.checkOrigin(Objects.requireNonNull(origin, "origin"));
            return this;
        }

        /**
         * Sets the connect timeout.
         *
         * @param timeout more than zero, at most {@link #MAX_TIMEOUT}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout("connectTimeout", timeout);
            return this;
        }

        /**
         * Sets the request timeout.
         *
         * @param timeout more than zero, at most {@link #MAX_TIMEOUT}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout("requestTimeout", timeout);
            return this;
        }

        /**
         * Sets whether an unknown outcome is retried; see {@link RobotSettings#retryUnknownOutcome()}.
         *
         * @param retry {@code true} to retry
         * @return this builder
         */
        public Builder retryUnknownOutcome(boolean retry) {
            this.retryUnknownOutcome = retry;
            return this;
        }

        /**
         * Sets the client-side limit of sends per minute to one robot.
         *
         * @param perMinute 0 (no limit) to {@link #MAX_SENDS_PER_MINUTE}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder sendsPerMinute(int perMinute) {
            if (perMinute < 0 || perMinute > MAX_SENDS_PER_MINUTE) {
                throw new IllegalArgumentException("sendsPerMinute must be from 0 to " + MAX_SENDS_PER_MINUTE
                        + ", not " + perMinute);
            }
            this.sendsPerMinute = perMinute;
            return this;
        }

        /**
         * Sets the clock for signature timestamps and the send limit.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the settings
         */
        public RobotSettings build() {
            return new RobotSettings(this);
        }

        private static Duration timeout(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isZero() || value.isNegative() || value.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException(name + " must be more than zero and at most " + MAX_TIMEOUT
                        + ", not " + value);
            }
            return value;
        }
    }
}
