/**
 * The parts the DingTalk, WeCom and Feishu robot channels share: checking a robot's URL against
 * the allowed hosts and sending it to an origin override, the client-side send limit per robot,
 * cutting text to a provider's limit, HMAC signing, and turning a robot's {@code errcode} into a
 * delivery result. Not exported; the API is {@code io.backupalarm.channels.robot}.
 */
package io.backupalarm.channels.robot.internal;
