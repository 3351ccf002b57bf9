/**
 * Webhook and chat robot channels: a signed webhook (Standard Webhooks) and the DingTalk, WeCom,
 * Feishu and Slack robots, over {@code java.net.http}.
 */
module io.backupalarm.channels.webhook {
    requires transitive io.backupalarm.core;
    requires java.net.http;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;

    exports io.backupalarm.channels.webhook;
    exports io.backupalarm.channels.robot;

    provides io.backupalarm.spi.ChannelProvider with
            io.backupalarm.channels.webhook.WebhookChannelProvider,
            io.backupalarm.channels.robot.SlackChannelProvider,
            io.backupalarm.channels.robot.DingTalkChannelProvider,
            io.backupalarm.channels.robot.WeComChannelProvider,
            io.backupalarm.channels.robot.FeishuChannelProvider;
}
