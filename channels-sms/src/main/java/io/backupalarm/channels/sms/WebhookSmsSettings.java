package io.backupalarm.channels.sms;

import java.net.URI;
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
    private final HttpTransport transport;

    private WebhookSmsSettings(Builder b) {
        this.url = b.url;
        this.secret = b.secret;
        this.transport = b.transport;
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
        b.transport = existing.transport;
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
     * The HTTP transport: timeouts, what an unanswered request reports (a receiver that drops
     * duplicates by the {@code Idempotency-Key} header makes a retry harmless), and the clock for
     * the signature timestamp and {@code Retry-After} dates.
     *
     * @return the transport settings
     */
    public HttpTransport transport() {
        return transport;
    }

    @Override
    public String toString() {
        return "WebhookSmsSettings[url=" + url + ", secret=***, connectTimeout=" + transport.connectTimeout()
                + ", requestTimeout=" + transport.requestTimeout() + ", timeoutPolicy=" + transport.timeoutPolicy()
                + "]";
    }

    /** Builds {@link WebhookSmsSettings}; each setter rejects a bad value at once. Not thread-safe. */
    public static final class Builder {

        private URI url;
        private String secret;
        private HttpTransport transport = HttpTransport.ofDefaults();

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
         * Sets the HTTP transport: timeouts, timeout policy and clock. Default
         * {@link HttpTransport#ofDefaults()}.
         *
         * @param transport the transport settings
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder transport(HttpTransport transport) {
            this.transport = Checks.notNull("transport", transport);
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
