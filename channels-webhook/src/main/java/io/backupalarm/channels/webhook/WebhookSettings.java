package io.backupalarm.channels.webhook;

import io.backupalarm.spi.SecretResolver;
import java.time.Duration;

/**
 * Settings of the {@link WebhookChannel}: the {@linkplain HttpChannelSettings common ones} (timeouts,
 * an optional origin override, the clock of the {@code webhook-timestamp}) and where the signing
 * secrets come from.
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
public final class WebhookSettings extends HttpChannelSettings {

    /**
     * The default time to wait for the receiver's answer: 15 seconds, the low end of the 15 to 30
     * seconds the Standard Webhooks specification recommends. An answer not in time is retried
     * with the same {@code webhook-id}.
     */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);

    private static final WebhookSettings DEFAULTS = custom().build();

    private final SecretResolver secrets;

    private WebhookSettings(Builder b) {
        super(b);
        this.secrets = b.secrets;
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
        Builder b = new Builder(existing);
        b.secrets = existing.secrets;
        return b;
    }

    /**
     * Where the secrets named by addresses come from.
     *
     * @return the resolver
     */
    public SecretResolver secrets() {
        return secrets;
    }

    @Override
    public String toString() {
        return "WebhookSettings[" + commonToString() + "]";
    }

    /** Builds {@link WebhookSettings}; each setter rejects a bad value at once. Not thread-safe. */
    public static final class Builder extends HttpChannelSettings.Builder<Builder, WebhookSettings> {

        private SecretResolver secrets = SecretResolver.environment();

        private Builder() {
            super(DEFAULT_REQUEST_TIMEOUT);
        }

        private Builder(WebhookSettings existing) {
            super(existing);
        }

        @Override
        protected Builder self() {
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

        @Override
        public WebhookSettings build() {
            return new WebhookSettings(this);
        }
    }
}
