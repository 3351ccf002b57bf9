package io.backupalarm.channels.sms;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the generic HTTPS webhook gateway, created with
 * {@link SmsGateways#webhook(WebhookSmsSettings)}: each text is posted as JSON to a URL of the
 * host's choosing, signed with HMAC-SHA256 (see {@link WebhookSignature}).
 *
 * <pre>{@code
 * WebhookSmsSettings settings = WebhookSmsSettings.custom()
 *         .url("https://sms-relay.example.com/send").secret(sharedSecret).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #toString()} never shows the secret. The {@link Builder}
 * is not thread-safe.
 */
public final class WebhookSmsSettings {

    /** The shortest secret accepted, in characters. */
    public static final int MIN_SECRET_LENGTH = 16;

    private final URI url;
    private final String secret;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final TimeoutPolicy timeoutPolicy;
    private final Clock clock;

    private WebhookSmsSettings(Builder b) {
        this.url = b.url;
        this.secret = b.secret;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.timeoutPolicy = b.timeoutPolicy;
        this.clock = b.clock;
    }

    /**
     * A builder with the defaults; the URL and the secret must be set.
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
    public static Builder from(WebhookSmsSettings existing) {
        Objects.requireNonNull(existing, "existing");
        Builder b = new Builder();
        b.url = existing.url;
        b.secret = existing.secret;
        b.connectTimeout = existing.connectTimeout;
        b.requestTimeout = existing.requestTimeout;
        b.timeoutPolicy = existing.timeoutPolicy;
        b.clock = existing.clock;
        return b;
    }

    /**
     * The URL each text is posted to.
     *
     * @return the URL
     */
    public URI url() {
        return url;
    }

    /**
     * The shared secret that signs each request; never logged.
     *
     * @return the secret
     */
    public String secret() {
        return secret;
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
     * What an unanswered request reports. A receiver that drops duplicates by the
     * {@code Idempotency-Key} header makes a retry harmless.
     *
     * @return the policy
     */
    public TimeoutPolicy timeoutPolicy() {
        return timeoutPolicy;
    }

    /**
     * The clock for the signature timestamp and {@code Retry-After} dates.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "WebhookSmsSettings[url=" + url + ", secret=***, connectTimeout=" + connectTimeout
                + ", requestTimeout=" + requestTimeout + ", timeoutPolicy=" + timeoutPolicy + "]";
    }

    /** Builds {@link WebhookSmsSettings}; each setter rejects a bad value at once. Not thread-safe. */
    public static final class Builder {

        private URI url;
        private String secret;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private TimeoutPolicy timeoutPolicy = TimeoutPolicy.RETRY;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Sets the URL. Required; use https outside tests.
         *
         * @param url an absolute http or https URI
         * @return this builder
         * @throws IllegalArgumentException if not an absolute http or https URI with a host
         */
        public Builder url(String url) {
            this.url = Checks.httpUri("url", url);
            return this;
        }

        /**
         * Sets the shared secret. Required.
         *
         * @param secret at least {@value WebhookSmsSettings#MIN_SECRET_LENGTH} printable ASCII
         *        characters without spaces
         * @return this builder
         * @throws IllegalArgumentException if too short or not printable ASCII (the message never
         *         shows the value)
         */
        public Builder secret(String secret) {
            this.secret = Checks.secret("secret", secret, MIN_SECRET_LENGTH);
            return this;
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
         * Sets the clock. Default the system UTC clock.
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
         * @throws IllegalArgumentException if url or secret is missing
         */
        public WebhookSmsSettings build() {
            Checks.required("url", url, "webhook");
            Checks.required("secret", secret, "webhook");
            return new WebhookSmsSettings(this);
        }
    }
}
