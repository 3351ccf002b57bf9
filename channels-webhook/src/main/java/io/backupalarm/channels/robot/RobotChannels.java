package io.backupalarm.channels.robot;

import io.backupalarm.channels.robot.internal.DingTalkRobot;
import io.backupalarm.channels.robot.internal.FeishuRobot;
import io.backupalarm.channels.robot.internal.WeComRobot;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.SecretResolver;

/**
 * Creates the DingTalk, WeCom and Feishu robot channels. The address of a message is the robot's
 * webhook URL; a secret that signs requests is named by the contact's address
 * ({@link io.backupalarm.spi.OutboundMessage.DataKeys#SECRET}) and looked up in the
 * {@link SecretResolver} on each send, never configured here.
 *
 * <p>What every channel made here does:
 * <ul>
 *   <li>the URL must be {@code https} on an allowed host ({@link RobotSettings#allowedHosts()});
 *       anything else is a permanent failure, and nothing is sent;</li>
 *   <li>the text is the message's subject and text in its language, cut to the provider's limit on
 *       a character boundary with a marker;</li>
 *   <li>each robot is kept to its provider's send limit on the client side: a send over the limit
 *       is a temporary failure that names the pause, and nothing is sent;</li>
 *   <li>an unknown outcome (sent, no answer) is not retried unless
 *       {@link RobotSettings#retryUnknownOutcome()}, since robots do not drop duplicates;</li>
 *   <li>a secret id the resolver does not know is a permanent failure naming the id; the secret
 *       and the URL's credential never appear in a reason or a log line.</li>
 * </ul>
 *
 * <p>Each channel is thread-safe and holds an HTTP client: close it when done.
 */
public final class RobotChannels {

    private RobotChannels() {
    }

    /**
     * The DingTalk custom robot channel ({@value Channel#DINGTALK}): a markdown message; when the
     * address names a secret, {@code timestamp} and {@code sign} in the query.
     *
     * @param settings the settings
     * @param secrets where secrets named by addresses are looked up
     * @return the channel
     */
    public static Channel dingTalk(RobotSettings settings, SecretResolver secrets) {
        return new DingTalkRobot(settings, secrets);
    }

    /**
     * The WeCom group robot channel ({@value Channel#WECOM}): a markdown message of at most 4,096
     * bytes; not signed (the {@code key} in the URL is the credential), so a secret named by the
     * address is not used.
     *
     * @param settings the settings
     * @param secrets not used by WeCom; accepted so that the three are made alike
     * @return the channel
     */
    public static Channel weCom(RobotSettings settings, SecretResolver secrets) {
        return new WeComRobot(settings, secrets);
    }

    /**
     * The Feishu (Lark) custom bot channel ({@value Channel#FEISHU}): an interactive card; when the
     * address names a secret, {@code timestamp} and {@code sign} in the body.
     *
     * @param settings the settings
     * @param secrets where secrets named by addresses are looked up
     * @return the channel
     */
    public static Channel feishu(RobotSettings settings, SecretResolver secrets) {
        return new FeishuRobot(settings, secrets);
    }
}
