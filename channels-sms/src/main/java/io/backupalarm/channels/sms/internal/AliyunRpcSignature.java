package io.backupalarm.channels.sms.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Alibaba Cloud's RPC request signature, version 1.0 with HMAC-SHA1, as used by Dysmsapi
 * {@code SendSms}.
 *
 * <p>Source: Alibaba Cloud "Request signatures" (ECS API reference, RPC mechanism):
 * sort the parameters (without {@code Signature}) by name; percent-encode names and values as
 * UTF-8 per RFC 3986 (unreserved {@code A-Za-z0-9-_.~} kept, everything else {@code %XY} in
 * upper-case hex, space {@code %20}); join {@code name=value} with {@code &}; then
 * {@code StringToSign = METHOD & pe("/") & pe(canonicalQuery)} and
 * {@code Signature = Base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign))}.
 *
 * <p>Stateless and thread-safe.
 */
public final class AliyunRpcSignature {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private AliyunRpcSignature() {
    }

    /**
     * Percent-encodes a value as RFC 3986 requires.
     *
     * @param value the value
     * @return the encoded value
     */
    public static String percentEncode(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /**
     * The canonical query: parameters but {@code Signature}, sorted by name, encoded and joined.
     *
     * @param parameters the request's parameters
     * @return the canonical query string
     */
    public static String canonicalQuery(Map<String, String> parameters) {
        StringJoiner joined = new StringJoiner("&");
        new TreeMap<>(parameters).forEach((name, value) -> {
            if (!"Signature".equals(name)) {
                joined.add(percentEncode(name) + "=" + percentEncode(value));
            }
        });
        return joined.toString();
    }

    /**
     * The string to sign for a request.
     *
     * @param method the HTTP method, such as {@code POST}
     * @param parameters the request's parameters
     * @return {@code METHOD&%2F&pe(canonicalQuery)}
     */
    public static String stringToSign(String method, Map<String, String> parameters) {
        return method + "&" + percentEncode("/") + "&" + percentEncode(canonicalQuery(parameters));
    }

    /**
     * Signs a string to sign.
     *
     * @param accessKeySecret the AccessKey secret
     * @param stringToSign the string to sign
     * @return the Base64 signature (not yet percent-encoded)
     */
    public static String sign(String accessKeySecret, String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((accessKeySecret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available", e);
        }
    }

    /**
     * Encodes parameters (including {@code Signature}) as a form body or query string.
     *
     * @param parameters the parameters
     * @return {@code name=value&...}, RFC 3986 encoded
     */
    public static String formEncode(Map<String, String> parameters) {
        StringJoiner joined = new StringJoiner("&");
        new TreeMap<>(parameters).forEach((name, value) -> joined.add(percentEncode(name) + "=" + percentEncode(value)));
        return joined.toString();
    }
}
