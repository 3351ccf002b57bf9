package io.backupalarm.channels.webhook;

import io.backupalarm.channels.webhook.internal.Endpoints;
import io.backupalarm.spi.SecretResolver;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the {@link WebhookChannel}: timeouts, where the signing secrets come from, an
 * optional origin override, and the clock of the {@code webhook-timestamp}.
 *
 * <pre>{@code
 * WebhookSettings settings = WebhookSettings.custom()
 *         .secrets(SecretResolver.directory(Path.of("/run/secrets")))
 *         .requestTimeout(Duration.ofSeconds(20))
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. The {@link Builder} is not thread-safe.
 */
public final class WebhookSettings {

    /** The default connect timeout: 5 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /**
     * The default time to wait for the receiver's answer: 15 seconds, the low end of the 15 to 30
     * seconds the Standard Webhooks specification recommends.
     */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);

    private static final WebhookSettings DEFAULTS = custom().build();

    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final URI originOverride;
    private final SecretResolver secrets;
    private final Clock clock;

    private WebhookSettings(Builder b) {
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.originOverride = b.originOverride;
        this.secrets = b.secrets;
        this.clock = b.clock;
    }

    /**
     * The defaults: 5 seconds to connect, 15 for the answer, secrets from the environment
     * ({@link SecretResolver#environment()}), no origin override, the system UTC clock.
     *
     * @return the defaults
     */
    public static WebhookSettings ofDefaults() {
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
    public static Builder from(WebhookSettings existing) {
        Objects.requireNonNull(existing, "existing");
        Builder b = new Builder();
        b.connectTimeout = existing.connectTimeout;
        b.requestTimeout = existing.requestTimeout;
        b.originOverride = existing.originOverride;
        b.secrets = existing.secrets;
        b.clock = existing.clock;
        return b;
    }

    /**
     * The connect timeout; a connection not made in time sends nothing and is retried.
     *
     * @return the timeout
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * The time to wait for the answer once the request is sent; an answer not in time is an
     * unknown outcome, retried with the same {@code webhook-id}.
     *
     * @return the timeout
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * The origin ({@code scheme://host[:port]}) every request goes to instead of the address's,
     * with the address's path and query kept: for tests and egress gateways.
     *
     * @return the origin, or empty to send to the address itself
     */
    public Optional<URI> originOverride() {
        return Optional.ofNullable(originOverride);
    }

    /**
     * Where the secrets named by addresses come from.
     *
     * @return the resolver
     */
    public SecretResolver secrets() {
        return secrets;
    }

    /**
     * The clock of the {@code webhook-timestamp} header and of {@code Retry-After} dates.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "WebhookSettings[connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", originOverride=" + originOverride + "]";
    }

    /** Builds {@link WebhookSettings}; each setter rejects a bad value at once. Not thread-safe. */
    public static final class Builder {

        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private URI originOverride;
        private SecretResolver secrets = SecretResolver.environment();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Sets the connect timeout. Default 5 seconds.
         *
         * @param connectTimeout more than zero, at most 5 minutes
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Endpoints.timeout("connectTimeout", connectTimeout);
            return this;
        }

        /**
         * Sets the time to wait for the answer. Default 15 seconds.
         *
         * @param requestTimeout more than zero, at most 5 minutes
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Endpoints.timeout("requestTimeout", requestTimeout);
            return this;
        }

        /**
         * Sends every request to this origin instead of the address's, keeping path and query.
         *
         * @param origin {@code http} or {@code https}, a host and an optional port; {@code null}
         *        for none (the default)
         * @return this builder
         * @throws IllegalArgumentException if it has a path, a query or user info
         */
        public Builder originOverride(String origin) {
            this.originOverride = origin == null ? null : Endpoints.origin("originOverride", origin);
            return this;
        }

        /**
         * Sets where secrets come from. Default {@link SecretResolver#environment()}.
         *
         * @param secrets the resolver
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder secrets(SecretResolver secrets) {
            if (secrets == null) {
                throw new IllegalArgumentException("secrets must not be null");
            }
            this.secrets = secrets;
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
            if (clock == null) {
                throw new IllegalArgumentException("clock must not be null");
            }
            this.clock = clock;
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the settings
         */
        public WebhookSettings build() {
            return new WebhookSettings(this);
        }
    }
}
