package io.backupalarm.channels.robot;

import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Messages and results for the robot tests. */
final class Messages {

    private Messages() {
    }

    static OutboundMessage firing(String channel, String address, String secretId) {
        return message(channel, address, secretId, Locale.ENGLISH, OutboundMessage.Kind.FIRING,
                "Backup alarm: client i-web1 disconnected",
                "Backup client i-web1 (vault v-prod) has been disconnected since 2026-01-01 01:00 UTC.\n"
                        + "Check that the machine is on and can reach the backup service.");
    }

    static OutboundMessage message(String channel, String address, String secretId, Locale locale,
            OutboundMessage.Kind kind, String subject, String text) {
        Map<String, String> data = new HashMap<>();
        data.put(OutboundMessage.DataKeys.INSTANCE, "i-web1");
        if (secretId != null) {
            data.put(OutboundMessage.DataKeys.SECRET, secretId);
        }
        return new OutboundMessage("k-" + UUID.randomUUID(), channel, address, kind, locale, subject, text, data);
    }

    static String reason(DeliveryResult result) {
        if (result instanceof DeliveryResult.TemporaryFailure t) {
            return t.reason();
        }
        if (result instanceof DeliveryResult.PermanentFailure p) {
            return p.reason();
        }
        throw new AssertionError("not a failure: " + result);
    }

    static Optional<Duration> retryAfter(DeliveryResult result) {
        return ((DeliveryResult.TemporaryFailure) result).retryAfter();
    }
}
