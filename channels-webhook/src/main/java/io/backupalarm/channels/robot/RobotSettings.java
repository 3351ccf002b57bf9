package io.backupalarm.channels.robot;

import io.backupalarm.channels.webhook.HttpChannelSettings;
import io.backupalarm.channels.webhook.internal.Endpoints;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * How a DingTalk, WeCom or Feishu robot channel sends: the {@linkplain HttpChannelSettings common
 * settings} (timeouts, an origin to send to instead such as a test server or an egress gateway, the
 * clock for signature timestamps and the send limit), which hosts it may reach, whether an unknown
 * outcome is retried, and the client-side send limit per robot. Built the usual way:
 *
 * <pre>{@code
 * RobotSettings settings = RobotSettings.custom()
 *         .originOverride("https://egress.internal:8443")
 *         .requestTimeout(Duration.ofSeconds(5))
 *         .build();
 * Channel dingTalk = RobotChannels.dingTalk(settings, SecretResolver.environment());
 * }</pre>
 *
 * <p>Immutable and thread-safe; the builder is not thread-safe.
 */
public final class RobotSettings extends HttpChannelSettings {

    /** The most sends per minute the client-side limit may be set to. */
    public static final int MAX_SENDS_PER_MINUTE = 1000;
    /** The default time to wait for a robot's answer: 10 seconds. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final Set<String> allowedHosts;
    private final boolean retryUnknownOutcome;
    private final Integer sendsPerMinute;

    private RobotSettings(Builder b) {
        super(b);
        this.allowedHosts = b.allowedHosts;
        this.retryUnknownOutcome = b.retryUnknownOutcome;
        this.sendsPerMinute = b.sendsPerMinute;
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
        Builder b = new Builder(existing);
        b.allowedHosts = existing.allowedHosts;
        b.retryUnknownOutcome = existing.retryUnknownOutcome;
        b.sendsPerMinute = existing.sendsPerMinute;
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

    @Override
    public String toString() {
        return "RobotSettings[allowedHosts=" + (allowedHosts.isEmpty() ? "provider's" : allowedHosts)
                + ", " + commonToString() + ", retryUnknownOutcome=" + retryUnknownOutcome
                + ", sendsPerMinute=" + (sendsPerMinute == null ? "provider's" : sendsPerMinute) + "]";
    }

    /** Builds {@link RobotSettings}; each setter rejects a bad value at once. Not thread-safe. */
    public static final class Builder extends HttpChannelSettings.Builder<Builder, RobotSettings> {
        private Set<String> allowedHosts = Set.of();
        private boolean retryUnknownOutcome;
        private Integer sendsPerMinute;

        private Builder() {
            super(DEFAULT_REQUEST_TIMEOUT);
        }

        private Builder(RobotSettings existing) {
            super(existing);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Replaces the provider's hosts with these.
         *
         * @param hosts host names, at least one
         * @return this builder
         * @throws IllegalArgumentException if empty or a name is not a host name
         */
        public Builder allowedHosts(Set<String> hosts) {
            this.allowedHosts = Endpoints.hosts("allowedHosts", hosts);
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

        @Override
        public RobotSettings build() {
            return new RobotSettings(this);
        }
    }
}
