package io.backupalarm.channels.robot.internal;

import io.backupalarm.channels.robot.RobotSettings;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.SecretResolver;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The WeCom (企业微信) group robot: a markdown message of at most 4,096 bytes; not signed, the
 * {@code key} in the URL is the credential. See docs/channels/wecom.md.
 *
 * <p>Thread-safe.
 */
public final class WeComRobot extends RobotChannel {

    /** The robot's host. */
    public static final Set<String> HOSTS = Set.of("qyapi.weixin.qq.com");
    /** The most UTF-8 bytes of {@code markdown.content}. */
    static final int CONTENT_BYTES = 4096;
    /** The pause after a rate limit: the limit is per minute. */
    static final Duration THROTTLED = Duration.ofMinutes(1);

    private static final ErrorCodes CODES = new ErrorCodes(THROTTLED)
            .temporary(-1, "system busy", null)
            .temporary(45009, "api freq out of limit: more than 20 messages a minute", THROTTLED)
            .temporary(45033, "too many concurrent calls", null)
            .permanent(93000, "invalid webhook url: the key is wrong or the robot was removed")
            .permanent(40058, "a parameter is invalid, such as content over 4096 bytes")
            .permanent(40008, "the message type is invalid")
            .permanent(44004, "the content is empty");

    /**
     * Creates the channel.
     *
     * @param settings the settings
     * @param secrets not used by WeCom, whose key is in the URL; kept for symmetry
     */
    public WeComRobot(RobotSettings settings, SecretResolver secrets) {
        super(Channel.WECOM, settings, secrets, HOSTS, List.of(new SendLimiter.Limit(20, Duration.ofMinutes(1))), 0);
    }

    @Override
    protected boolean signs() {
        return false;
    }

    @Override
    protected Prepared prepare(OutboundMessage message, String secret) {
        String content = "**" + RobotText.title(message) + "**\n" + RobotText.body(message);
        content = TextFit.toUtf8Bytes(content, CONTENT_BYTES, TextFit.marker(message.locale()));
        return new Prepared("", json(object("msgtype", "markdown", "markdown", object("content", content))));
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
