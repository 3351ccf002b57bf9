package io.backupalarm.channels.email;

import io.backupalarm.channels.email.internal.EmailAddresses;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The settings of an {@link EmailChannel}: which SMTP server, how to protect and authenticate
 * the connection, timeouts, the sender, and how connections are reused.
 *
 * <p>Build with {@link #custom()}; each setter rejects a bad value at once with an
 * {@link IllegalArgumentException} naming the setting, and {@link Builder#build()} rejects bad
 * combinations:
 *
 * <pre>{@code
 * EmailSettings settings = EmailSettings.custom()
 *         .host("smtp.example.com")
 *         .security(SmtpSecurity.STARTTLS)          // port 587 unless set
 *         .username("alarms@example.com")
 *         .password(System.getenv("SMTP_PASSWORD"))
 *         .from("alarms@example.com")
 *         .fromName("Backup alarms")
 *         .build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe. {@link #toString()} never shows the password.
 */
public final class EmailSettings {

    /** The default connect timeout: 10 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The default read (and write) timeout: 30 seconds. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    /** The default idle time after which a kept connection is closed rather than reused: 30 seconds. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** The default number of messages sent over one connection before it is replaced: 100. */
    public static final int DEFAULT_MAX_MESSAGES_PER_CONNECTION = 100;
    /** The default number of connections open at once: 2. */
    public static final int DEFAULT_MAX_CONNECTIONS = 2;

    private final String host;
    private final int port;
    private final SmtpSecurity security;
    private final String username;
    private final String password;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final InternetAddress from;
    private final String fromName;
    private final InternetAddress replyTo;
    private final String ehloName;
    private final int maxMessagesPerConnection;
    private final int maxConnections;
    private final Duration idleTimeout;
    private final SSLContext sslContext;

    private EmailSettings(Builder b) {
        this.host = b.host;
        this.security = b.security;
        this.port = b.port != 0 ? b.port : b.security.defaultPort();
        this.username = b.username;
        this.password = b.password;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.from = b.from;
        this.fromName = b.fromName;
        this.replyTo = b.replyTo;
        this.ehloName = b.ehloName;
        this.maxMessagesPerConnection = b.maxMessagesPerConnection;
        this.maxConnections = b.maxConnections;
        this.idleTimeout = b.idleTimeout;
        this.sslContext = b.sslContext;
    }

    /**
     * A new builder with the defaults; {@link Builder#host(String) host} and
     * {@link Builder#from(String) from} must be set before {@link Builder#build()}.
     *
     * @return a new builder
     */
    public static Builder custom() {
        return new Builder();
    }

    /**
     * A new builder holding the values of existing settings, to change a few of them.
     *
     * @param settings the settings to start from
     * @return a new builder
     */
    public static Builder from(EmailSettings settings) {
        Objects.requireNonNull(settings, "settings");
        Builder b = new Builder();
        b.host = settings.host;
        b.port = settings.port;
        b.security = settings.security;
        b.username = settings.username;
        b.password = settings.password;
        b.connectTimeout = settings.connectTimeout;
        b.readTimeout = settings.readTimeout;
        b.from = settings.from;
        b.fromName = settings.fromName;
        b.replyTo = settings.replyTo;
        b.ehloName = settings.ehloName;
        b.maxMessagesPerConnection = settings.maxMessagesPerConnection;
        b.maxConnections = settings.maxConnections;
        b.idleTimeout = settings.idleTimeout;
        b.sslContext = settings.sslContext;
        return b;
    }

    /**
     * The SMTP server's host name or IP address.
     *
     * @return the host
     */
    public String host() {
        return host;
    }

    /**
     * The SMTP server's port; when not set, {@link SmtpSecurity#defaultPort()} of the security mode.
     *
     * @return a port from 1 to 65535
     */
    public int port() {
        return port;
    }

    /**
     * How the connection is protected.
     *
     * @return the mode; {@link SmtpSecurity#STARTTLS} by default
     */
    public SmtpSecurity security() {
        return security;
    }

    /**
     * The user name for SMTP authentication, if the server requires it.
     *
     * @return the user name, or empty when the channel does not authenticate
     */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /**
     * The password for SMTP authentication; present exactly when {@link #username()} is.
     *
     * @return the password, or empty
     */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /**
     * How long to wait for the TCP connection (and the TLS handshake of {@link SmtpSecurity#TLS}).
     *
     * @return a positive duration; 10 seconds by default
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * How long to wait for each reply of the server, and for each write to it.
     *
     * @return a positive duration; 30 seconds by default
     */
    public Duration readTimeout() {
        return readTimeout;
    }

    /**
     * The sender address, used in the {@code From} header and as the envelope sender.
     *
     * @return the address, without a display name
     */
    public String from() {
        return from.getAddress();
    }

    /**
     * The display name shown next to the sender address.
     *
     * @return the name, or empty when only the address is shown
     */
    public Optional<String> fromName() {
        return Optional.ofNullable(fromName);
    }

    /**
     * The address replies go to, if not the sender.
     *
     * @return the {@code Reply-To} address, or empty
     */
    public Optional<String> replyTo() {
        return Optional.ofNullable(replyTo).map(InternetAddress::getAddress);
    }

    /**
     * The name the channel gives itself in {@code EHLO}.
     *
     * @return the name, or empty to use the local host name
     */
    public Optional<String> ehloName() {
        return Optional.ofNullable(ehloName);
    }

    /**
     * How many messages are sent over one connection before it is closed and a new one opened.
     *
     * @return from 1 to 10,000; 100 by default
     */
    public int maxMessagesPerConnection() {
        return maxMessagesPerConnection;
    }

    /**
     * How many SMTP connections the channel keeps open at most; concurrent sends beyond this
     * wait for a connection.
     *
     * @return from 1 to 64; 2 by default
     */
    public int maxConnections() {
        return maxConnections;
    }

    /**
     * How long a kept connection may sit unused and still be reused; an older one is closed and
     * replaced before sending, since servers drop idle clients.
     *
     * @return a positive duration; 30 seconds by default
     */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /**
     * The TLS context used for {@link SmtpSecurity#STARTTLS} and {@link SmtpSecurity#TLS}, for a
     * server whose certificate the JVM's default trust store does not know.
     *
     * @return the context, or empty to use the JVM's default
     */
    public Optional<SSLContext> sslContext() {
        return Optional.ofNullable(sslContext);
    }

    /**
     * The sender as a parsed address.
     *
     * @return the address
     */
    InternetAddress fromAddress() {
        return from;
    }

    /**
     * The settings as text, with the password masked.
     *
     * @return a description for logs
     */
    @Override
    public String toString() {
        return "EmailSettings[host=" + host + ", port=" + port + ", security=" + security
                + ", username=" + username + ", password=" + (password == null ? "none" : "****")
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
                + ", from=" + from.getAddress() + ", fromName=" + fromName
                + ", replyTo=" + (replyTo == null ? null : replyTo.getAddress()) + ", ehloName=" + ehloName
                + ", maxMessagesPerConnection=" + maxMessagesPerConnection
                + ", maxConnections=" + maxConnections + ", idleTimeout=" + idleTimeout
                + ", sslContext=" + (sslContext == null ? "default" : "custom") + "]";
    }

    /**
     * Builds {@link EmailSettings}. Each setter validates its value at once.
     *
     * <p>Not thread-safe: use a builder from one thread.
     */
    public static final class Builder {

        private String host;
        private int port;
        private SmtpSecurity security = SmtpSecurity.STARTTLS;
        private String username;
        private String password;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private InternetAddress from;
        private String fromName;
        private InternetAddress replyTo;
        private String ehloName;
        private int maxMessagesPerConnection = DEFAULT_MAX_MESSAGES_PER_CONNECTION;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private SSLContext sslContext;

        private Builder() {
        }

        /**
         * Sets the SMTP server (required).
         *
         * @param host a host name or an IPv4 or IPv6 address
         * @return this builder
         * @throws IllegalArgumentException if it is null, blank or not a host name or address
         */
        public Builder host(String host) {
            if (host == null || !(EmailAddresses.isHostName(host) || isIpv6Literal(host))) {
                throw new IllegalArgumentException("host must be a host name or an IP address: "
                        + EmailAddresses.quote(host));
            }
            this.host = host;
            return this;
        }

        /**
         * Sets the port; without it the default port of the {@link #security(SmtpSecurity)} mode
         * is used.
         *
         * @param port from 1 to 65535
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be from 1 to 65535: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Sets how the connection is protected; {@link SmtpSecurity#STARTTLS} by default.
         *
         * @param security the mode
         * @return this builder
         * @throws IllegalArgumentException if {@code null}
         */
        public Builder security(SmtpSecurity security) {
            if (security == null) {
                throw new IllegalArgumentException("security must not be null");
            }
            this.security = security;
            return this;
        }

        /**
         * Sets the user name for SMTP authentication; requires a {@link #password(String)}.
         *
         * @param username a user name without control characters, or {@code null} for none
         * @return this builder
         * @throws IllegalArgumentException if blank or holding control characters
         */
        public Builder username(String username) {
            if (username != null && (username.isBlank() || hasControl(username) || username.length() > 256)) {
                throw new IllegalArgumentException("username must be 1 to 256 characters without control characters: "
                        + EmailAddresses.quote(username));
            }
            this.username = username;
            return this;
        }

        /**
         * Sets the password for SMTP authentication; requires a {@link #username(String)}.
         *
         * @param password the password, or {@code null} for none
         * @return this builder
         * @throws IllegalArgumentException if empty or holding control characters (the message
         *         does not show the password)
         */
        public Builder password(String password) {
            if (password != null && (password.isEmpty() || hasControl(password))) {
                throw new IllegalArgumentException("password must not be empty or hold control characters");
            }
            this.password = password;
            return this;
        }

        /**
         * Sets the connect timeout.
         *
         * @param timeout from 1 millisecond to 24 days
         * @return this builder
         * @throws IllegalArgumentException if not positive or too long
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = requireTimeout(timeout, "connectTimeout");
            return this;
        }

        /**
         * Sets the read (and write) timeout.
         *
         * @param timeout from 1 millisecond to 24 days
         * @return this builder
         * @throws IllegalArgumentException if not positive or too long
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = requireTimeout(timeout, "readTimeout");
            return this;
        }

        /**
         * Sets the sender address (required).
         *
         * @param address a bare address such as {@code alarms@example.com}, by the rule of
         *        {@link io.backupalarm.config.EmailAddress}
         * @return this builder
         * @throws IllegalArgumentException if {@link io.backupalarm.config.EmailAddress} refuses it
         */
        public Builder from(String address) {
            this.from = requireAddress(address, "from");
            return this;
        }

        /**
         * Sets the display name of the sender; any Unicode text, encoded as needed.
         *
         * @param name 1 to 200 characters without control characters, or {@code null} for none
         * @return this builder
         * @throws IllegalArgumentException if blank, too long or holding control characters
         */
        public Builder fromName(String name) {
            if (name != null && (name.isBlank() || name.length() > 200 || hasControl(name))) {
                throw new IllegalArgumentException(
                        "fromName must be 1 to 200 characters without control characters: " + EmailAddresses.quote(name));
            }
            this.fromName = name;
            return this;
        }

        /**
         * Sets the {@code Reply-To} address.
         *
         * @param address a bare address by the rule of {@link io.backupalarm.config.EmailAddress},
         *        or {@code null} for none
         * @return this builder
         * @throws IllegalArgumentException if {@link io.backupalarm.config.EmailAddress} refuses it
         */
        public Builder replyTo(String address) {
            this.replyTo = address == null ? null : requireAddress(address, "replyTo");
            return this;
        }

        /**
         * Sets the name the channel gives itself in {@code EHLO}; without it the local host
         * name is used, which can be slow to look up or meaningless in a container.
         *
         * @param name a host name, or {@code null} for the local host name
         * @return this builder
         * @throws IllegalArgumentException if not a host name
         */
        public Builder ehloName(String name) {
            if (name != null && !EmailAddresses.isHostName(name)) {
                throw new IllegalArgumentException("ehloName must be a host name: " + EmailAddresses.quote(name));
            }
            this.ehloName = name;
            return this;
        }

        /**
         * Sets how many messages go over one connection before it is replaced.
         *
         * @param max from 1 to 10,000; 1 opens a connection per message
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxMessagesPerConnection(int max) {
            if (max < 1 || max > 10_000) {
                throw new IllegalArgumentException("maxMessagesPerConnection must be from 1 to 10000: " + max);
            }
            this.maxMessagesPerConnection = max;
            return this;
        }

        /**
         * Sets how many connections may be open at once.
         *
         * @param max from 1 to 64
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxConnections(int max) {
            if (max < 1 || max > 64) {
                throw new IllegalArgumentException("maxConnections must be from 1 to 64: " + max);
            }
            this.maxConnections = max;
            return this;
        }

        /**
         * Sets how long a kept connection may be idle and still be reused.
         *
         * @param timeout from 1 millisecond to 24 days
         * @return this builder
         * @throws IllegalArgumentException if not positive or too long
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = requireTimeout(timeout, "idleTimeout");
            return this;
        }

        /**
         * Sets the TLS context for a server whose certificate the JVM does not trust by default
         * (a private certificate authority). The server's host name is always checked against its
         * certificate.
         *
         * @param context the context, or {@code null} for the JVM's default
         * @return this builder
         */
        public Builder sslContext(SSLContext context) {
            this.sslContext = context;
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return immutable settings
         * @throws IllegalArgumentException if {@code host} or {@code from} is missing, or only one
         *         of {@code username} and {@code password} is set
         */
        public EmailSettings build() {
            if (host == null) {
                throw new IllegalArgumentException("host is required");
            }
            if (from == null) {
                throw new IllegalArgumentException("from is required");
            }
            if ((username == null) != (password == null)) {
                throw new IllegalArgumentException("username and password must be set together");
            }
            return new EmailSettings(this);
        }

        private static InternetAddress requireAddress(String address, String setting) {
            try {
                return EmailAddresses.parse(address);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(setting + ": " + e.getMessage(), e);
            }
        }

        private static Duration requireTimeout(Duration timeout, String setting) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()
                    || timeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0 || timeout.toMillis() == 0) {
                throw new IllegalArgumentException(setting + " must be from 1 ms to 24 days: " + timeout);
            }
            return timeout;
        }

        private static boolean hasControl(String text) {
            return text.chars().anyMatch(Character::isISOControl);
        }

        private static boolean isIpv6Literal(String host) {
            return host.indexOf(':') >= 0 && host.length() <= 45
                    && host.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0);
        }
    }
}
