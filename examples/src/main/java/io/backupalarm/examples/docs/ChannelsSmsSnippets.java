package io.backupalarm.examples.docs;

import io.backupalarm.channels.sms.AliyunCredentials;
import io.backupalarm.channels.sms.AliyunSmsSettings;
import io.backupalarm.channels.sms.HttpTransport;
import io.backupalarm.channels.sms.SmsChannel;
import io.backupalarm.channels.sms.SmsGateways;
import io.backupalarm.channels.sms.SmsSettings;
import io.backupalarm.channels.sms.TimeoutPolicy;
import io.backupalarm.channels.sms.TwilioSmsSettings;
import io.backupalarm.spi.Channel;
import java.time.Duration;
import java.util.function.Supplier;

/** The code shown in {@code docs/channels-sms.md}. */
public final class ChannelsSmsSnippets {

    private ChannelsSmsSnippets() {
    }

    /**
     * The SMS channel over Twilio, configured in code. Needs {@code TWILIO_AUTH_TOKEN} in the
     * environment.
     *
     * @return the channel
     */
    public static Channel twilio() {
        Channel sms = SmsChannel.of(
                SmsGateways.twilio(TwilioSmsSettings.custom()
                        .accountSid("AC0123456789abcdef0123456789abcdef")
                        .authToken(System.getenv("TWILIO_AUTH_TOKEN"))
                        .messagingServiceSid("MG0123456789abcdef0123456789abcdef")
                        .build()),
                SmsSettings.custom().maxSegments(2).build());
        return sms;
    }

    /**
     * The Twilio settings with the HTTP transport changed: a longer request timeout, and no retry
     * after an unknown outcome.
     *
     * @param authToken the Twilio auth token
     * @return the settings
     */
    public static TwilioSmsSettings atMostOnce(String authToken) {
        TwilioSmsSettings settings = TwilioSmsSettings.custom()
                .accountSid("AC0123456789abcdef0123456789abcdef")
                .authToken(authToken)
                .messagingServiceSid("MG0123456789abcdef0123456789abcdef")
                .transport(HttpTransport.custom()
                        .connectTimeout(Duration.ofSeconds(5))
                        .requestTimeout(Duration.ofSeconds(20))
                        .timeoutPolicy(TimeoutPolicy.DO_NOT_RETRY)
                        .build())
                .build();
        return settings;
    }

    /**
     * The SMS channel over a gateway of the host's own.
     *
     * @param client the SMPP library's client
     * @return the channel
     */
    public static Channel smpp(SmppClient client) {
        Channel sms = SmsChannel.of(new SmppGateway(client), SmsSettings.ofDefaults());
        return sms;
    }

    /**
     * Alibaba Cloud settings whose credentials come from the host's cache of STS answers, asked on
     * every send.
     *
     * @param latestSts the host's latest temporary credentials
     * @return the settings
     */
    public static AliyunSmsSettings aliyunSts(Supplier<AliyunCredentials> latestSts) {
        AliyunSmsSettings settings = AliyunSmsSettings.custom()
                .credentialsProvider("ram-role", latestSts::get)    // AliyunCredentials.sts(id, secret, token, expiry)
                .signName("BackupAlarm")
                .templateCode("SMS_153055065")
                .build();
        return settings;
    }
}
