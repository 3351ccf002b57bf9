package io.backupalarm.channels.robot.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signatures the robots ask for. Both are HMAC-SHA256 in Base64, over different inputs.
 *
 * <p>Stateless and thread-safe.
 */
public final class Hmac {

    private Hmac() {
    }

    /**
     * DingTalk's {@code sign}: Base64(HMAC-SHA256(key = secret, data = timestamp + "\n" + secret)),
     * before URL encoding.
     *
     * @param timestampMillis the {@code timestamp} query parameter, in milliseconds
     * @param secret the robot's secret ({@code SEC...}), not empty
     * @return the signature in Base64
     */
    public static String dingTalk(long timestampMillis, String secret) {
        return base64(secret.getBytes(StandardCharsets.UTF_8),
                (timestampMillis + "\n" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Feishu's {@code sign}: Base64(HMAC-SHA256(key = timestamp + "\n" + secret, data = empty)).
     *
     * @param timestampSeconds the {@code timestamp} body field, in seconds
     * @param secret the bot's secret, not empty
     * @return the signature in Base64
     */
    public static String feishu(long timestampSeconds, String secret) {
        return base64((timestampSeconds + "\n" + secret).getBytes(StandardCharsets.UTF_8), new byte[0]);
    }

    private static String base64(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data));
        } catch (GeneralSecurityException e) {
            // Every Java platform has HmacSHA256; a key is never empty here.
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
