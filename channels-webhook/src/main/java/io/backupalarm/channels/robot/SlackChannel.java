package io.backupalarm.channels.robot;

import io.backupalarm.channels.webhook.internal.Endpoints;
import io.backupalarm.channels.webhook.internal.SlackBlocks;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.HttpChannelClient;
import io.backupalarm.spi.OutboundMessage;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The Slack incoming webhook channel, {@value Channel#SLACK}: posts each message to the address
 * (an incoming webhook URL, {@code https://hooks.slack.com/services/...}) as Block Kit: a header
 * with the subject, the rendered text in mrkdwn sections, and a section of fields with the facts,
 * all cut to Slack's limits (see {@code docs/channels/slack.md}).
 *
 * <p>Slack does not sign incoming webhook requests: the URL itself is the credential. So the
 * channel never shows an address's last path segment (the token) in a reason or a log, and sends
 * only to the {@link SlackSettings#allowedHosts() allowed hosts}.
 *
 * <p>How Slack's answer is read: 2xx is delivered (Slack answers {@code ok}; it gives no message
 * id, so the receipt is {@code HTTP <status>}); 429 (rate limited, with {@code Retry-After}), 408
 * and 5xx are temporary; 3xx is permanent (never followed); every other status is permanent with
 * Slack's error ({@code invalid_payload}, {@code action_prohibited}, {@code channel_not_found},
 * {@code no_service}, {@code channel_is_archived}...) and what it means in the reason. A request
 * sent but not answered is retried unless {@link SlackSettings#retryUnknownOutcome()} says not to.
 *
 * <p>Thread-safe: the HTTP client is thread-safe and the settings immutable. {@link #close()}
 * releases the client's threads.
 */
public final class SlackChannel implements Channel {

    /** What a retry after an unknown outcome risks, for reasons. */
    static final String RETRY_RISK = "Slack incoming webhooks take no idempotency key, so a request that did "
            + "arrive is posted twice";

    /** What Slack's documented errors mean, for reasons. */
    private static final Map<String, String> MEANINGS = Map.of(
            "invalid_payload", "Slack could not read the message as sent",
            "user_not_found", "the user named in the request does not exist",
            "action_prohibited", "the workspace restricts posting through this webhook",
            "channel_not_found", "the webhook's channel does not exist",
            "channel_is_archived", "the webhook's channel is archived",
            "no_service", "the webhook is disabled, revoked or mistyped: create a new one",
            "no_active_hooks", "the webhook is disabled: create a new one",
            "invalid_token", "the webhook's token is not valid: create a new one",
            "rollup_error", "Slack failed");

    private final SlackSettings settings;
    private final HttpChannelClient client;

    private SlackChannel(SlackSettings settings) {
        this.settings = settings;
        this.client = new HttpChannelClient(Channel.SLACK, settings.connectTimeout());
    }

    /**
     * Creates the channel.
     *
     * @param settings the settings
     * @return the channel; the caller closes it
     */
    public static SlackChannel of(SlackSettings settings) {
        return new SlackChannel(Objects.requireNonNull(settings, "settings"));
    }

    /**
     * Always {@value Channel#SLACK}.
     *
     * @return {@value Channel#SLACK}
     */
    @Override
    public String name() {
        return Channel.SLACK;
    }

    /**
     * Posts the message to its incoming webhook; see the class description for how the answer
     * is read.
     *
     * @param message the message
     * @return the outcome, never {@code null}
     */
    @Override
    public DeliveryResult send(OutboundMessage message) {
        URI address;
        try {
            address = Endpoints.address(message.address());
        } catch (IllegalArgumentException e) {
            // The message quotes the address cut short; an incoming webhook's token comes last.
            return DeliveryResult.permanentFailure("slack: an address that is not an https URL; nothing was sent");
        }
        String what = "slack message to " + Endpoints.shown(address, true);
        String host = address.getHost().toLowerCase(Locale.ROOT);
        if (!settings.allowedHosts().contains(host)) {
            return DeliveryResult.permanentFailure(what + ": host '" + host + "' is not an allowed Slack host "
                    + settings.allowedHosts() + "; nothing was sent");
        }
        byte[] body = SlackBlocks.json(message).getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(Endpoints.target(address, settings.originOverride().orElse(null)))
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return client.send(request, what, settings.retryUnknownOutcome(), RETRY_RISK,
                response -> classify(response, what));
    }

    /** Releases the HTTP client's threads; sends after closing are temporary failures. Idempotent. */
    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "SlackChannel[" + settings + "]";
    }

    private DeliveryResult classify(HttpResponse<String> response, String what) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return DeliveryResult.delivered("HTTP " + status);
        }
        String error = response.body() == null ? "" : response.body().strip();
        String meaning = MEANINGS.get(error);
        String reason = what + " failed: HTTP " + status + Endpoints.excerpt(error)
                + (meaning == null ? "" : " (" + meaning + ")");
        if (status == 429) {
            return DeliveryResult.temporaryFailure(what + " was rate limited by Slack (HTTP 429)"
                    + Endpoints.excerpt(error), HttpChannelClient.retryAfter(response.headers(), settings.clock()));
        }
        if (status == 408 || status >= 500) {
            return DeliveryResult.temporaryFailure(reason, HttpChannelClient.retryAfter(response.headers(), settings.clock()));
        }
        if (status >= 300 && status < 400) {
            return DeliveryResult.permanentFailure(what + " was redirected (HTTP " + status
                    + "); redirects are not followed: check the address");
        }
        return DeliveryResult.permanentFailure(reason);
    }
}
