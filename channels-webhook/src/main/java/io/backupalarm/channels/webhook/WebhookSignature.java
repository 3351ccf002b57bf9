package io.backupalarm.channels.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The symmetric signature of the Standard Webhooks specification (version 1.0.0): HMAC-SHA256
 * over {@code <webhook-id>.<webhook-timestamp>.<body>}, keyed with the bytes a {@code whsec_}
 * secret encodes in base64, sent as {@code v1,<base64 signature>}; several signatures (one per
 * secret, during a rotation) are separated by spaces in the {@code webhook-signature} header.
 *
 * <p>The {@link WebhookChannel} signs with it; a receiver written in Java may use
 * {@link #verify(List, String, long, byte[], String)} to check a request.
 *
 * <p>Thread-safe: stateless; each call uses its own {@link Mac}.
 */
public final class WebhookSignature {

    /** The header with the message id (the idempotency key). */
    public static final String ID_HEADER = "webhook-id";
    /** The header with the attempt's time in whole seconds since the epoch. */
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    /** The header with the space-separated signatures. */
    public static final String SIGNATURE_HEADER = "webhook-signature";
    /** The prefix of a serialized symmetric secret. */
    public static final String SECRET_PREFIX = "whsec_";
    /** The fewest bytes a secret may hold (the specification's 24 bytes, 192 bits). */
    public static final int MIN_SECRET_BYTES = 24;
    /** The most bytes a secret may hold (the specification's 64 bytes, 512 bits). */
    public static final int MAX_SECRET_BYTES = 64;

    private static final String HMAC = "HmacSHA256";

    private WebhookSignature() {
    }

    /**
     * Reads a secret value: one or more secrets separated by white space, each {@code whsec_}
     * followed by the base64 of {@value #MIN_SECRET_BYTES} to {@value #MAX_SECRET_BYTES} bytes
     * (the prefix may be left out, as the specification's own libraries allow).
     *
     * @param value the secret value
     * @return the keys, in the order given
     * @throws IllegalArgumentException if a part is not such a secret; the message says which
     *         part (by position) and what is wrong, never the value
     */
    public static List<byte[]> keys(String value) {
        Objects.requireNonNull(value, "value");
        String[] parts = value.strip().split("\\s+");
        List<byte[]> keys = new ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].startsWith(SECRET_PREFIX) ? parts[i].substring(SECRET_PREFIX.length()) : parts[i];
            byte[] key;
            try {
                key = Base64.getDecoder().decode(part);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(which(i, parts.length) + " is not whsec_ followed by base64");
            }
            if (key.length < MIN_SECRET_BYTES || key.length > MAX_SECRET_BYTES) {
                throw new IllegalArgumentException(which(i, parts.length) + " holds " + key.length
                        + " bytes; a secret holds " + MIN_SECRET_BYTES + " to " + MAX_SECRET_BYTES);
            }
            keys.add(key);
        }
        return keys;
    }

    /**
     * One signature: {@code v1,} and the base64 HMAC-SHA256 of {@code id.timestamp.body}.
     *
     * @param key the secret's bytes
     * @param id the webhook id
     * @param timestamp the attempt's time in seconds since the epoch
     * @param body the exact body sent
     * @return the signature
     */
    public static String sign(byte[] key, String id, long timestamp, byte[] body) {
        return signature(key, id, timestamp, body, body.length);
    }

    /**
     * The {@code webhook-signature} header: one signature per key, separated by single spaces.
     *
     * @param keys the secrets' bytes, at least one
     * @param id the webhook id
     * @param timestamp the attempt's time in seconds since the epoch
     * @param body the exact body sent
     * @return the header value
     */
    public static String header(List<byte[]> keys, String id, long timestamp, byte[] body) {
        return header(keys, id, timestamp, body, body.length);
    }

    /** {@link #header(List, String, long, byte[])} of the first {@code length} bytes of {@code body}. */
    static String header(List<byte[]> keys, String id, long timestamp, byte[] body, int length) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one key is needed to sign");
        }
        List<String> signatures = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            signatures.add(signature(key, id, timestamp, body, length));
        }
        return String.join(" ", signatures);
    }

    /**
     * Whether a {@code webhook-signature} header holds a {@code v1} signature that one of the
     * keys makes for this id, timestamp and body, compared in constant time. It does not check
     * the timestamp's age: a receiver also refuses a timestamp too far from its own clock.
     *
     * @param keys the secrets' bytes the receiver accepts
     * @param id the {@code webhook-id} header
     * @param timestamp the {@code webhook-timestamp} header
     * @param body the body exactly as received
     * @param header the {@code webhook-signature} header
     * @return {@code true} if a signature matches
     */
    public static boolean verify(List<byte[]> keys, String id, long timestamp, byte[] body, String header) {
        for (String signature : header.strip().split(" +")) {
            if (!signature.startsWith("v1,")) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(signature.substring(3));
            } catch (IllegalArgumentException e) {
                continue;
            }
            for (byte[] key : keys) {
                if (MessageDigest.isEqual(given, mac(key, id, timestamp, body, body.length))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String signature(byte[] key, String id, long timestamp, byte[] body, int length) {
        return "v1," + Base64.getEncoder().encodeToString(mac(key, id, timestamp, body, length));
    }

    private static byte[] mac(byte[] key, String id, long timestamp, byte[] body, int length) {
        Mac mac;
        try {
            mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        mac.update(body, 0, length);
        return mac.doFinal();
    }

    private static String which(int index, int count) {
        return count == 1 ? "the secret" : "secret " + (index + 1) + " of " + count;
    }
}
