package io.backupalarm.channels.robot.internal;

import io.backupalarm.channels.robot.RobotSettings;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.SecretResolver;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The DingTalk custom robot: a markdown message, signed in the query ({@code timestamp} in
 * milliseconds, {@code sign}) when the address names a secret. See docs/channels/dingtalk.md.
 *
 * <p>Thread-safe.
 */
public final class DingTalkRobot extends RobotChannel {

    /** The robot's host. */
    public static final Set<String> HOSTS = Set.of("oapi.dingtalk.com");
    /** The most characters of the markdown title kept. */
    static final int TITLE_CHARS = 64;
    /** The most characters of the markdown text kept. */
    static final int TEXT_CHARS = 5000;
    /** The most UTF-8 bytes of the markdown text kept. */
    static final int TEXT_BYTES = 18_000;
    /** DingTalk throttles a robot for ten minutes once it exceeds 20 messages a minute. */
    static final Duration THROTTLED = Duration.ofMinutes(10);

    private static final ErrorCodes CODES = new ErrorCodes(THROTTLED)
            .temporary(-1, "system busy", null)
            .temporary(130101, "sending too fast: more than 20 messages a minute, throttled for 10 minutes", THROTTLED)
            .temporary(410100, "sending too fast, throttled", THROTTLED)
            .permanent(310000, "security check failed: a keyword missing, the signature wrong or the timestamp "
                    + "more than an hour off, or this IP address not allowed")
            .permanent(300001, "the robot's access_token does not exist")
            .permanent(300005, "the robot's access_token does not exist")
            .permanent(400101, "the robot's access_token does not exist")
            .permanent(400102, "the robot is stopped")
            .permanent(400106, "the robot does not exist")
            .permanent(400013, "the group was dissolved")
            .permanent(400105, "the message type is not supported")
            .permanent(40035, "a parameter is missing")
            .permanent(43004, "the Content-Type is not accepted")
            .permanent(43002, "the request must be a POST");

    /**
     * Creates the channel.
     *
     * @param settings the settings
     * @param secrets where the secrets that addresses name are looked up
     */
    public DingTalkRobot(RobotSettings settings, SecretResolver secrets) {
        super(Channel.DINGTALK, settings, secrets, HOSTS,
                List.of(new SendLimiter.Limit(20, Duration.ofMinutes(1))), 0);
    }

    @Override
    protected Prepared prepare(OutboundMessage message, String secret) {
        String title = TextFit.toCodePoints(RobotText.title(message), TITLE_CHARS, "…");
        // A markdown hard line break is two spaces before the newline.
        String text = "#### " + RobotText.title(message) + "\n\n" + RobotText.body(message).replace("\n", "  \n");
        String marker = TextFit.marker(message.locale());
        text = TextFit.toUtf8Bytes(TextFit.toCodePoints(text, TEXT_CHARS, marker), TEXT_BYTES, marker);
        Map<String, Object> markdown = new LinkedHashMap<>();
        markdown.put("title", title);
        markdown.put("text", text);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("msgtype", "markdown");
        body.put("markdown", markdown);
        String query = "";
        if (secret != null) {
            long timestamp = settings().clock().millis();
            query = "timestamp=" + timestamp + "&sign="
                    + URLEncoder.encode(Hmac.dingTalk(timestamp, secret), StandardCharsets.UTF_8);
        }
        return new Prepared(query, json(body));
    }

    @Override
    protected ErrorCodes errorCodes() {
        return CODES;
    }

    @Override
    protected Duration rateLimitPause(HttpResponse<String> response) {
        return THROTTLED;
    }
}
