/**
 * The SMS channel of backup-alarm: {@link io.backupalarm.channels.sms.SmsChannel} (the
 * {@link io.backupalarm.spi.Channel} named {@code "sms"}), the small
 * {@link io.backupalarm.channels.sms.SmsGateway} SPI it sends through, the built-in gateways
 * (Alibaba Cloud SMS, Twilio, a signed HTTPS webhook and a logging gateway for development)
 * created by {@link io.backupalarm.channels.sms.SmsGateways} from their settings, the
 * GSM-7/UCS-2 length counter {@link io.backupalarm.channels.sms.SmsSegments}, the webhook
 * signature helper {@link io.backupalarm.channels.sms.WebhookSignature} and the
 * {@link java.util.ServiceLoader} entry point {@link io.backupalarm.channels.sms.SmsChannelProvider}.
 * Everything here is public API; {@code io.backupalarm.channels.sms.internal} is not.
 */
package io.backupalarm.channels.sms;
