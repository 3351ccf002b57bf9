package io.backupalarm.channels.robot.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupalarm.channels.robot.RobotSettings;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.SecretResolver;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Feishu (Lark) custom bot: an interactive card with a title and a markdown element, signed
 * in the body ({@code timestamp} in seconds, {@code sign}) when the address names a secret; the
 * whole body at most 20,000 bytes. See docs/channels/feishu.md.
 *
 * <p>Thread-safe.
 */
public final class FeishuRobot extends RobotChannel {

    /** Feishu's and Lark's hosts. */
    public static final Set<String> HOSTS = Set.of("open.feishu.cn", "open.larksuite.com");
    /** The most bytes of a request body (Feishu documents 20 KB; kept below 20,480). */
    static final int BODY_BYTES = 20_000;
    /** The pause after a rate limit: the limit is per minute. */
    static final Duration THROTTLED = Duration.ofMinutes(1);

    private static final ErrorCodes CODES = new ErrorCodes(THROTTLED)
            .temporary(11232, "frequency limited: over 100 messages a minute or 5 a second", THROTTLED)
            .temporary(99991400, "request trigger frequency limit", THROTTLED)
            .permanent(9499, "bad request, such as content that cannot be parsed")
            .permanent(19001, "the webhook's token is invalid")
            .permanent(19002, "a parameter is invalid")
            .permanent(19021, "signature check failed: the secret is wrong or the timestamp more than an hour off")
            .permanent(19022, "this IP address is not allowed")
            .permanent(19024, "a keyword is missing from the message");

    /**
     * Creates the channel.
     *
     * @param settings the settings
     * @param secrets where the secrets that addresses name are looked up
     */
    public FeishuRobot(RobotSettings settings, SecretResolver secrets) {
        super(Channel.FEISHU, settings, secrets, HOSTS, List.of(new SendLimiter.Limit(100, Duration.ofMinutes(1)),
                new SendLimiter.Limit(5, Duration.ofSeconds(1))), 5);
    }

    @Override
    protected Prepared prepare(OutboundMessage message, String secret) {
        String marker = TextFit.marker(message.locale());
        String content = RobotText.body(message);
        String whole = json(body(message, secret, content));
        if (TextFit.utf8Length(whole) <= BODY_BYTES) {
            return new Prepared("", whole);
        }
        // The most code points of the content that, with the marker, keep the JSON body (escapes
        // included) within the limit: a binary search, as escaping makes the size uneven.
        int low = 0;
        int high = content.codePointCount(0, content.length());
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (TextFit.utf8Length(json(body(message, secret, cut(content, mid, marker)))) <= BODY_BYTES) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return new Prepared("", json(body(message, secret, cut(content, low, marker))));
    }

    private static String cut(String content, int codePoints, String marker) {
        return content.substring(0, content.offsetByCodePoints(0, codePoints)) + marker;
    }

    private Map<String, Object> body(OutboundMessage message, String secret, String content) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (secret != null) {
            long timestamp = settings().clock().instant().getEpochSecond();
            body.put("timestamp", Long.toString(timestamp));
            body.put("sign", Hmac.feishu(timestamp, secret));
        }
        body.put("msg_type", "interactive");
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("title", object("tag", "plain_text", "content", RobotText.title(message)));
        header.put("template", template(message.kind()));
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("config", object("wide_screen_mode", true));
        card.put("header", header);
        card.put("elements", List.of(object("tag", "markdown", "content", content)));
        body.put("card", card);
        return body;
    }

    /** The card header's colour by kind of message. */
    private static String template(OutboundMessage.Kind kind) {
        return switch (kind) {
            case FIRING, REPEAT -> "red";
            case RESOLVED -> "green";
            case GROUPED -> "orange";
            case TEST, VERIFICATION_CODE -> "blue";
        };
    }

    @Override
    protected Optional<Long> code(JsonNode answer) {
        return integral(answer.has("code") ? answer.get("code") : answer.get("StatusCode"));
    }

    @Override
    protected String message(JsonNode answer) {
        return text(answer.has("msg") ? answer.get("msg") : answer.get("StatusMessage"));
    }

    @Override
    protected ErrorCodes errorCodes() {
        return CODES;
    }

    @Override
    protected Duration rateLimitPause(HttpResponse<String> response) {
        // Feishu's open platform names the seconds until the limit resets.
        return response.headers().firstValue("x-ogw-ratelimit-reset")
                .filter(v -> v.matches("\\d{1,6}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v)))
                .orElse(THROTTLED);
    }
}
