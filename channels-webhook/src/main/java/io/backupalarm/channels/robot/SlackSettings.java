package io.backupalarm.channels.robot;

import io.backupalarm.channels.webhook.HttpChannelSettings;
import io.backupalarm.channels.webhook.internal.Endpoints;
import java.time.Duration;
import java.util.Set;

/**
 * Settings of the {@link SlackChannel}: the {@linkplain HttpChannelSettings common ones} (timeouts,
 * an optional origin override, the clock for {@code Retry-After} dates), the hosts an address may
 * name and whether an unanswered request is retried.
 *
 * <pre>{@code
 * SlackSettings settings = SlackSettings.custom().requestTimeout(Duration.ofSeconds(20)).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. The {@link Builder} is not thread-safe.
 */
public final class SlackSettings extends HttpChannelSettings {

    /** The host of Slack's incoming webhooks, the only one allowed by default. */
    public static final String SLACK_HOOKS_HOST = "hooks.slack.com";
    /** The default time to wait for Slack's answer: 10 seconds. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private static final SlackSettings DEFAULTS = custom().build();

    private final Set<String> allowedHosts;
    private final boolean retryUnknownOutcome;

    private SlackSettings(Builder b) {
        super(b);
        this.allowedHosts = b.allowedHosts;
        this.retryUnknownOutcome = b.retryUnknownOutcome;
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
        Builder b = new Builder(existing);
        b.allowedHosts = existing.allowedHosts;
        b.retryUnknownOutcome = existing.retryUnknownOutcome;
        return b;
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

    @Override
    public String toString() {
        return "SlackSettings[" + commonToString() + ", allowedHosts=" + allowedHosts
                + ", retryUnknownOutcome=" + retryUnknownOutcome + "]";
    }

    /** Builds {@link SlackSettings}; each setter rejects a bad value at once. Not thread-safe. */
    public static final class Builder extends HttpChannelSettings.Builder<Builder, SlackSettings> {

        private Set<String> allowedHosts = Set.of(SLACK_HOOKS_HOST);
        private boolean retryUnknownOutcome = true;

        private Builder() {
            super(DEFAULT_REQUEST_TIMEOUT);
        }

        private Builder(SlackSettings existing) {
            super(existing);
        }

        @Override
        protected Builder self() {
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
            this.allowedHosts = Endpoints.hosts("allowedHosts", hosts);
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

        @Override
        public SlackSettings build() {
            return new SlackSettings(this);
        }
    }
}
