package io.backupalarm.channels.sms;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of the webhook gateway's requests, for senders and for Java receivers.
 *
 * <p>Each request carries
 * <ul>
 *   <li>{@value #TIMESTAMP_HEADER}: the time of signing, in whole seconds since the epoch;</li>
 *   <li>{@value #SIGNATURE_HEADER}: {@code v1=} followed by the lower-case hex
 *       HMAC-SHA256, keyed with the UTF-8 bytes of the shared secret, of the UTF-8 bytes of the
 *       timestamp, a full stop, and the raw request body:
 *       {@code hex(HMAC-SHA256(secret, timestamp + "." + body))};</li>
 *   <li>{@value #IDEMPOTENCY_HEADER}: the message's idempotency key, the same on every retry.</li>
 * </ul>
 * A receiver recomputes the HMAC over the body bytes as received, compares in constant time,
 * and refuses a timestamp further than a few minutes from its own clock (replay protection).
 *
 * <p>This class has only static methods and is thread-safe.
 */
public final class WebhookSignature {

    /** The header with the signature. */
    public static final String SIGNATURE_HEADER = "X-BackupAlarm-Signature";
    /** The header with the timestamp, in seconds since the epoch. */
    public static final String TIMESTAMP_HEADER = "X-BackupAlarm-Timestamp";
    /** The header with the message's idempotency key. */
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    /** The prefix of the signature value, naming the scheme's version. */
    public static final String VERSION_PREFIX = "v1=";
    /** The default tolerance between the timestamp and the receiver's clock: 5 minutes. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private WebhookSignature() {
    }

    /**
     * Computes the {@value #SIGNATURE_HEADER} value.
     *
     * @param secret the shared secret
     * @param timestampSeconds the {@value #TIMESTAMP_HEADER} value
     * @param body the raw request body
     * @return {@code v1=} and 64 lower-case hex digits
     */
    public static String sign(String secret, long timestampSeconds, byte[] body) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(body, "body");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return VERSION_PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * Verifies a received request, as a receiver does.
     *
     * @param secret the shared secret
     * @param timestampHeader the received {@value #TIMESTAMP_HEADER} value, may be {@code null}
     * @param signatureHeader the received {@value #SIGNATURE_HEADER} value, may be {@code null}
     * @param body the raw body as received
     * @param clock the receiver's clock
     * @param tolerance how far the timestamp may be from the clock, either way
     * @return {@code true} if the signature matches and the timestamp is within the tolerance
     */
    public static boolean verify(String secret, String timestampHeader, String signatureHeader, byte[] body,
            Clock clock, Duration tolerance) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(tolerance, "tolerance");
        if (timestampHeader == null || signatureHeader == null || !timestampHeader.matches("[0-9]{1,12}")) {
            return false;
        }
        long timestamp = Long.parseLong(timestampHeader);
        if (Math.abs(clock.instant().getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signatureHeader.strip().getBytes(StandardCharsets.US_ASCII));
    }
}
