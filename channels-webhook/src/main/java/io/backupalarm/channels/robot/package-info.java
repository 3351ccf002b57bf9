/**
 * The chat robot channels: DingTalk custom robots ({@code dingtalk}), WeCom group robots
 * ({@code wecom}) and Feishu/Lark custom bots ({@code feishu}), whose address is the robot's
 * webhook URL, created with {@link io.backupalarm.channels.robot.RobotChannels} or discovered
 * through their {@link io.backupalarm.spi.ChannelProvider}s; and the Slack incoming webhook
 * channel. Every robot URL is checked against an allow-list of the provider's hosts, requests
 * are signed with the secret the contact's address names, and each robot is kept to its
 * provider's send limit on the client side.
 */
package io.backupalarm.channels.robot;
