package io.backupalarm.channels.sms;

import io.backupalarm.channels.sms.internal.AliyunSmsGateway;
import io.backupalarm.channels.sms.internal.LoggingSmsGateway;
import io.backupalarm.channels.sms.internal.TwilioSmsGateway;
import io.backupalarm.channels.sms.internal.WebhookSmsGateway;
import java.util.Objects;

/**
 * Creates the built-in {@link SmsGateway}s. Every gateway returned is thread-safe and never
 * throws from {@link SmsGateway#send(SmsRequest)}.
 *
 * <p>This class has only static methods and is thread-safe.
 */
public final class SmsGateways {

    private SmsGateways() {
    }

    /**
     * Alibaba Cloud SMS ({@code SendSms}, API version 2017-05-25, RPC signature V1.0 with
     * HMAC-SHA1). Sends the template for the message's kind with the message's data as
     * {@code TemplateParam} and the idempotency key as {@code OutId}.
     *
     * @param settings the settings
     * @return a new gateway named {@code "aliyun"}
     */
    public static SmsGateway aliyun(AliyunSmsSettings settings) {
        return new AliyunSmsGateway(Objects.requireNonNull(settings, "settings"));
    }

    /**
     * Twilio Programmable Messaging (form post to {@code Messages.json}, basic auth).
     *
     * @param settings the settings
     * @return a new gateway named {@code "twilio"}
     */
    public static SmsGateway twilio(TwilioSmsSettings settings) {
        return new TwilioSmsGateway(Objects.requireNonNull(settings, "settings"));
    }

    /**
     * A generic HTTPS webhook: JSON body, HMAC-SHA256 signature header (see
     * {@link WebhookSignature}), idempotency key header.
     *
     * @param settings the settings
     * @return a new gateway named {@code "webhook"}
     */
    public static SmsGateway webhook(WebhookSmsSettings settings) {
        return new WebhookSmsGateway(Objects.requireNonNull(settings, "settings"));
    }

    /**
     * For development: logs each text through SLF4J (logger
     * {@code io.backupalarm.channels.sms.logging}, level INFO) instead of sending it, and reports
     * it delivered.
     *
     * @return a new gateway named {@code "logging"}
     */
    public static SmsGateway logging() {
        return new LoggingSmsGateway();
    }
}
