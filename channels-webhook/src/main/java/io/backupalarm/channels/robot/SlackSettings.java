package io.backupalarm.channels.robot;

import io.backupalarm.channels.webhook.internal.Endpoints;
import io.backupalarm.text.SafeText;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Settings of the {@link SlackChannel}: timeouts, the hosts an address may name, whether an
 * unanswered request is retried, an optional origin override, and the clock for
 * {@code Retry-After} dates.
 *
 * <pre>{@code
 * SlackSettings settings = SlackSettings.custom().requestTimeout(Duration.ofSeconds(20)).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. The {@link Builder} is not thread-safe.
 */
public final class SlackSettings {

    /** The host of Slack's incoming webhooks, the only one allowed by default. */
    public static final String SLACK_HOOKS_HOST = "hooks.slack.com";
    /** The default connect timeout: 5 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The default time to wait for Slack's answer: 10 seconds. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private static final SlackSettings DEFAULTS = custom().build();

    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final URI originOverride;
    private final Set<String> allowedHosts;
    private final boolean retryUnknownOutcome;
    private final Clock clock;

    private SlackSettings(Builder b) {
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.originOverride = b.originOverride;
        this.allowedHosts = b.allowedHosts;
        this.retryUnknownOutcome = b.retryUnknownOutcome;
        this.clock = b.clock;
    }

    /**
     * The defaults: 5 seconds to connect, 10 for the answer, addresses on
     * {@value #SLACK_HOOKS_HOST} only, an unanswered request retried, no origin override, the
     * system UTC clock.
     *
     * @return the defaults
     */
    public static SlackSettings ofDefaults() {
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
    public static Builder from(SlackSettings existing) {
        Objects.requireNonNull(existing, "existing");
        Builder b = new Builder();
        b.connectTimeout = existing.connectTimeout;
        b.requestTimeout = existing.requestTimeout;
        b.originOverride = existing.originOverride;
        b.allowedHosts = existing.allowedHosts;
        b.retryUnknownOutcome = existing.retryUnknownOutcome;
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
     * The time to wait for Slack's answer once the request is sent.
     *
     * @return the timeout
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * The origin every request goes to instead of the address's, path and query kept (tests,
     * egress gateways). It changes where requests go, not which addresses are accepted.
     *
     * @return the origin, or empty
     */
    public Optional<URI> originOverride() {
        return Optional.ofNullable(originOverride);
    }

    /**
     * The hosts an address may name, in lower case; an address on another host fails for good
     * and nothing is sent to it.
     *
     * @return the hosts, sorted
     */
    public Set<String> allowedHosts() {
        return allowedHosts;
    }

    /**
     * Whether a request that was sent but not answered (a timeout, a broken connection) is
     * retried. Slack's incoming webhooks take no idempotency key, so a retry of a request that
     * did arrive posts the message twice; not retrying may lose it.
     *
     * @return {@code true} to retry (the default)
     */
    public boolean retryUnknownOutcome() {
        return retryUnknownOutcome;
    }

    /**
     * The clock against which a {@code Retry-After} date is measured.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "SlackSettings[connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", originOverride=" + originOverride + ", allowedHosts=" + allowedHosts
                + ", retryUnknownOutcome=" + retryUnknownOutcome + "]";
    }

    /** Builds {@link SlackSettings}; each setter rejects a bad value at once. Not thread-safe. */
    public static final class Builder {

        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private URI originOverride;
        private Set<String> allowedHosts = Set.of(SLACK_HOOKS_HOST);
        private boolean retryUnknownOutcome = true;
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
         * Sets the time to wait for Slack's answer. Default 10 seconds.
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
         * Sets the hosts an address may name. Default {@value SlackSettings#SLACK_HOOKS_HOST}.
         *
         * @param hosts one or more host names
         * @return this builder
         * @throws IllegalArgumentException if empty or a name is not a host name
         */
        public Builder allowedHosts(Set<String> hosts) {
            if (hosts == null || hosts.isEmpty()) {
                throw new IllegalArgumentException("allowedHosts must name at least one host");
            }
            Set<String> checked = new TreeSet<>();
            for (String host : hosts) {
                if (host == null || !host.matches("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*")) {
                    throw new IllegalArgumentException("allowedHosts: '" + SafeText.printable(host)
                            + "' is not a host name");
                }
                checked.add(host.toLowerCase(Locale.ROOT));
            }
            this.allowedHosts = Collections.unmodifiableSet(checked);
            return this;
        }

        /**
         * Sets whether a request sent but not answered is retried. Default {@code true}.
         *
         * @param retry {@code true} to retry (a duplicate post is possible), {@code false} to
         *        fail for good (a lost post is possible)
         * @return this builder
         */
        public Builder retryUnknownOutcome(boolean retry) {
            this.retryUnknownOutcome = retry;
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
        public SlackSettings build() {
            return new SlackSettings(this);
        }
    }
}
