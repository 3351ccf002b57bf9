package io.backupalarm.channels.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a receiver written in Java checks a request, with the JDK only; quoted in
 * docs/channels/webhook.md and run by {@link WebhookReceiverExampleTest}.
 */
final class WebhookReceiverExample {

    private WebhookReceiverExample() {
    }

    /** Whether a request is authentic and fresh; the body must be the bytes as received. */
    static boolean verified(String secret, String id, String timestamp, String signatures, byte[] body, Instant now)
            throws Exception {
        long sent = Long.parseLong(timestamp);
        if (Math.abs(now.getEpochSecond() - sent) > 300) {
            return false; // too old or too new: a replay
        }
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        byte[] expected = mac.doFinal(body);
        for (String signature : signatures.split(" ")) {
            if (signature.startsWith("v1,") && MessageDigest.isEqual(expected,
                    Base64.getDecoder().decode(signature.substring(3)))) {
                return true; // then act once per webhook-id: drop an id already seen
            }
        }
        return false;
    }
}
