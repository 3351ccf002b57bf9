package io.backupalarm.channels.webhook;

import io.backupalarm.channels.webhook.internal.Endpoints;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What every HTTP channel of this module is set up with: the connect and request timeouts, an
 * optional origin override and a clock. {@link WebhookSettings}, {@link
 * io.backupalarm.channels.robot.SlackSettings} and {@link io.backupalarm.channels.robot.RobotSettings}
 * extend it with their own settings.
 *
 * <p>Immutable and thread-safe. A {@link Builder} is not thread-safe.
 */
public abstract class HttpChannelSettings {

    /** The longest timeout accepted: 5 minutes. */
    public static final Duration MAX_TIMEOUT = Endpoints.MAX_TIMEOUT;
    /** The default connect timeout: 5 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final URI originOverride;
    private final Clock clock;

    /**
     * Takes the common settings from a builder.
     *
     * @param b the builder
     */
    protected HttpChannelSettings(Builder<?, ?> b) {
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.originOverride = b.originOverride;
        this.clock = b.clock;
    }

    /**
     * How long to wait for a connection; a connection not made in time sent nothing.
     *
     * @return the connect timeout
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * How long to wait for the answer once the request is sent; an answer not in time is an
     * unknown outcome.
     *
     * @return the request timeout
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * The origin ({@code scheme://host[:port]}) every request goes to instead of the address's,
     * with the address's path and query kept: for tests and egress gateways. It changes where
     * requests go, not which addresses are accepted.
     *
     * @return the origin, or empty to send to the address itself
     */
    public Optional<URI> originOverride() {
        return Optional.ofNullable(originOverride);
    }

    /**
     * The clock of timestamps the channel sends and against which a {@code Retry-After} date is
     * measured.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    /**
     * The common settings for {@code toString()}.
     *
     * @return {@code connectTimeout=.., requestTimeout=.., originOverride=..}
     */
    protected final String commonToString() {
        return "connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout + ", originOverride="
                + originOverride;
    }

    /**
     * Builds settings; each setter rejects a bad value at once. Not thread-safe.
     *
     * @param <B> the concrete builder
     * @param <S> the settings it builds
     */
    public abstract static class Builder<B extends Builder<B, S>, S extends HttpChannelSettings> {

        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout;
        private URI originOverride;
        private Clock clock = Clock.systemUTC();

        /**
         * Starts from the defaults.
         *
         * @param defaultRequestTimeout the channel's default request timeout
         */
        protected Builder(Duration defaultRequestTimeout) {
            this.requestTimeout = defaultRequestTimeout;
        }

        /**
         * Starts from existing settings.
         *
         * @param existing the settings to copy
         * @throws NullPointerException if null
         */
        protected Builder(HttpChannelSettings existing) {
            Objects.requireNonNull(existing, "existing");
            this.connectTimeout = existing.connectTimeout;
            this.requestTimeout = existing.requestTimeout;
            this.originOverride = existing.originOverride;
            this.clock = existing.clock;
        }

        /**
         * This builder, typed as the concrete builder.
         *
         * @return this builder
         */
        protected abstract B self();

        /**
         * Sets the connect timeout. Default 5 seconds.
         *
         * @param connectTimeout more than zero, at most {@link #MAX_TIMEOUT}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public B connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Endpoints.timeout("connectTimeout", connectTimeout);
            return self();
        }

        /**
         * Sets the time to wait for the answer; the default is the channel's.
         *
         * @param requestTimeout more than zero, at most {@link #MAX_TIMEOUT}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public B requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Endpoints.timeout("requestTimeout", requestTimeout);
            return self();
        }

        /**
         * Sends every request to this origin instead of the address's, keeping path and query.
         *
         * @param origin {@code http} or {@code https}, a host and an optional port, such as
         *        {@code https://egress.internal:8443}; {@code null} for none (the default)
         * @return this builder
         * @throws IllegalArgumentException if it has a path, a query or user info
         */
        public B originOverride(String origin) {
            this.originOverride = origin == null ? null : Endpoints.origin("originOverride", origin);
            return self();
        }

        /**
         * Sets the clock (for tests). Default the system UTC clock.
         *
         * @param clock the clock
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public B clock(Clock clock) {
            if (clock == null) {
                throw new IllegalArgumentException("clock must not be null");
            }
            this.clock = clock;
            return self();
        }

        /**
         * Builds the settings.
         *
         * @return the settings
         */
        public abstract S build();
    }
}
