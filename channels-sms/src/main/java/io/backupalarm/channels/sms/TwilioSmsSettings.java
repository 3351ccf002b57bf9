package io.backupalarm.channels.sms;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the Twilio gateway (Programmable Messaging, {@code POST
 * /2010-04-01/Accounts/{AccountSid}/Messages.json}), created with
 * {@link SmsGateways#twilio(TwilioSmsSettings)}.
 *
 * <pre>{@code
 * TwilioSmsSettings settings = TwilioSmsSettings.custom()
 *         .accountSid("AC0123456789abcdef0123456789abcdef").authToken(token)
 *         .messagingServiceSid("MG0123456789abcdef0123456789abcdef")   // or .from("+15017122661")
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #toString()} never shows the token. The {@link Builder}
 * is not thread-safe.
 */
public final class TwilioSmsSettings {

    /** The default API base URL. */
    public static final String DEFAULT_BASE_URL = "https://api.twilio.com";

    private final String accountSid;
    private final String authToken;
    private final String from;
    private final String messagingServiceSid;
    private final URI statusCallback;
    private final URI baseUrl;
    private final HttpTransport transport;

    private TwilioSmsSettings(Builder b) {
        this.accountSid = b.accountSid;
        this.authToken = b.authToken;
        this.from = b.from;
        this.messagingServiceSid = b.messagingServiceSid;
        this.statusCallback = b.statusCallback;
        this.baseUrl = b.baseUrl;
        this.transport = b.transport;
    }

    /**
     * A builder with the defaults; the account, the token and a sender must be set.
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
    public static Builder from(TwilioSmsSettings existing) {
        Objects.requireNonNull(existing, "existing");
        Builder b = new Builder();
        b.accountSid = existing.accountSid;
        b.authToken = existing.authToken;
        b.from = existing.from;
        b.messagingServiceSid = existing.messagingServiceSid;
        b.statusCallback = existing.statusCallback;
        b.baseUrl = existing.baseUrl;
        b.transport = existing.transport;
        return b;
    }

    /**
     * The account SID ({@code AC...}), the basic-auth user name and part of the URL.
     *
     * @return the account SID
     */
    public String accountSid() {
        return accountSid;
    }

    /**
     * The auth token, the basic-auth password; never logged.
     *
     * @return the token
     */
    public String authToken() {
        return authToken;
    }

    /**
     * The sender ({@code From}): an E.164 number or an alphanumeric sender id.
     *
     * @return the sender, or empty if a messaging service is used
     */
    public Optional<String> fromNumber() {
        return Optional.ofNullable(from);
    }

    /**
     * The messaging service ({@code MessagingServiceSid}, {@code MG...}).
     *
     * @return the service SID, or empty if a sender is used
     */
    public Optional<String> messagingServiceSid() {
        return Optional.ofNullable(messagingServiceSid);
    }

    /**
     * The {@code StatusCallback} URL, to which the gateway appends the message's idempotency key
     * as the query parameter {@code idempotencyKey}, so that status reports can be matched to
     * messages.
     *
     * @return the URL, or empty for none
     */
    public Optional<URI> statusCallback() {
        return Optional.ofNullable(statusCallback);
    }

    /**
     * The API base URL.
     *
     * @return the base URL
     */
    public URI baseUrl() {
        return baseUrl;
    }

    /**
     * The HTTP transport: timeouts, what an unanswered request reports (creating a message is
     * not idempotent, so a retry may send the text twice; a 429 answer, by contrast, is always
     * safe to retry), and the clock against which a {@code Retry-After} date is measured.
     *
     * @return the transport settings
     */
    public HttpTransport transport() {
        return transport;
    }

    @Override
    public String toString() {
        return "TwilioSmsSettings[accountSid=" + accountSid + ", authToken=***, from=" + from
                + ", messagingServiceSid=" + messagingServiceSid + ", statusCallback=" + statusCallback
                + ", baseUrl=" + baseUrl + ", connectTimeout=" + transport.connectTimeout() + ", requestTimeout="
                + transport.requestTimeout() + ", timeoutPolicy=" + transport.timeoutPolicy() + "]";
    }

    /** Builds {@link TwilioSmsSettings}; each setter rejects a bad value at once. Not thread-safe. */
    public static final class Builder {

        private String accountSid;
        private String authToken;
        private String from;
        private String messagingServiceSid;
        private URI statusCallback;
        private URI baseUrl = URI.create(DEFAULT_BASE_URL);
        private HttpTransport transport = HttpTransport.ofDefaults();

        private Builder() {
        }

        /**
         * Sets the account SID. Required.
         *
         * @param accountSid {@code AC} and 32 hexadecimal digits
         * @return this builder
         * @throws IllegalArgumentException if malformed
         */
        public Builder accountSid(String accountSid) {
            if (accountSid == null || !accountSid.matches("AC[0-9a-fA-F]{32}")) {
                throw new IllegalArgumentException("accountSid must be AC and 32 hex digits: '" + accountSid + "'");
            }
            this.accountSid = accountSid;
            return this;
        }

        /**
         * Sets the auth token. Required.
         *
         * @param authToken printable ASCII without spaces
         * @return this builder
         * @throws IllegalArgumentException if blank or not printable ASCII (the message never
         *         shows the value)
         */
        public Builder authToken(String authToken) {
            this.authToken = Checks.secret("authToken", authToken, 1);
            return this;
        }

        /**
         * Sets the sender ({@code From}). Exactly one of this and
         * {@link #messagingServiceSid(String)} is required.
         *
         * @param from an E.164 number or an alphanumeric sender id of up to 11 characters
         * @return this builder
         * @throws IllegalArgumentException if neither
         */
        public Builder from(String from) {
            if (from == null || !(from.matches("\\+[1-9][0-9]{7,14}") || from.matches("[A-Za-z0-9 ]{1,11}")
                    && from.chars().anyMatch(Character::isLetter))) {
                throw new IllegalArgumentException(
                        "from must be an E.164 number or an alphanumeric sender id of up to 11 characters: '"
                        + from + "'");
            }
            this.from = from;
            return this;
        }

        /**
         * Sets the messaging service. Exactly one of this and {@link #from(String)} is required.
         *
         * @param messagingServiceSid {@code MG} and 32 hexadecimal digits
         * @return this builder
         * @throws IllegalArgumentException if malformed
         */
        public Builder messagingServiceSid(String messagingServiceSid) {
            if (messagingServiceSid == null || !messagingServiceSid.matches("MG[0-9a-fA-F]{32}")) {
                throw new IllegalArgumentException("messagingServiceSid must be MG and 32 hex digits: '"
                        + messagingServiceSid + "'");
            }
            this.messagingServiceSid = messagingServiceSid;
            return this;
        }

        /**
         * Sets the status callback URL. Optional.
         *
         * @param statusCallback an absolute http or https URI
         * @return this builder
         * @throws IllegalArgumentException if not an absolute http or https URI with a host
         */
        public Builder statusCallback(String statusCallback) {
            this.statusCallback = Checks.httpUri("statusCallback", statusCallback);
            return this;
        }

        /**
         * Sets the API base URL. Default {@value TwilioSmsSettings#DEFAULT_BASE_URL}.
         *
         * @param baseUrl an absolute http or https URI
         * @return this builder
         * @throws IllegalArgumentException if not an absolute http or https URI with a host
         */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = Checks.httpUri("baseUrl", baseUrl);
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
         * @throws IllegalArgumentException if accountSid or authToken is missing, or not exactly
         *         one of from and messagingServiceSid is set
         */
        public TwilioSmsSettings build() {
            Checks.required("accountSid", accountSid, "twilio");
            Checks.required("authToken", authToken, "twilio");
            if ((from == null) == (messagingServiceSid == null)) {
                throw new IllegalArgumentException(
                        "exactly one of from and messagingServiceSid is required for the twilio gateway");
            }
            return new TwilioSmsSettings(this);
        }
    }
}
