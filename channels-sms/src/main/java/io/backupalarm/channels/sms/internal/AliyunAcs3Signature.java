package io.backupalarm.channels.sms.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Alibaba Cloud's V3 request signature, {@code ACS3-HMAC-SHA256}.
 *
 * <p>Source: alibabacloud.com "V3 request structure and signature":
 * {@code CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n
 * SignedHeaders \n HashedPayload}, where the canonical headers are {@code host},
 * {@code content-type} and every {@code x-acs-*} header, lower-cased, sorted, values trimmed,
 * each written {@code name:value\n}; {@code StringToSign = "ACS3-HMAC-SHA256\n" +
 * hex(SHA-256(CanonicalRequest))}; {@code Signature = hex(HMAC-SHA256(AccessKeySecret,
 * StringToSign))} (the raw secret, no {@code &}); and
 * {@code Authorization: ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<list>,Signature=<hex>}.
 *
 * <p>Stateless and thread-safe.
 */
public final class AliyunAcs3Signature {

    /** The algorithm name, the first word of the Authorization header. */
    public static final String ALGORITHM = "ACS3-HMAC-SHA256";

    private AliyunAcs3Signature() {
    }

    /**
     * Lower-case hex SHA-256.
     *
     * @param bytes the input
     * @return 64 hex digits
     */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * The signed headers: names lower-cased and sorted, keeping {@code host},
     * {@code content-type} and {@code x-acs-*}.
     *
     * @param headers the request headers to sign
     * @return the headers by lower-case name, sorted, values trimmed
     */
    public static TreeMap<String, String> canonicalHeaders(Map<String, String> headers) {
        TreeMap<String, String> canonical = new TreeMap<>();
        headers.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("host") || lower.equals("content-type") || lower.startsWith("x-acs-")) {
                canonical.put(lower, value.strip());
            }
        });
        return canonical;
    }

    /**
     * The {@code SignedHeaders} list.
     *
     * @param headers the request headers to sign
     * @return the lower-case names joined with {@code ;}
     */
    public static String signedHeaders(Map<String, String> headers) {
        return String.join(";", canonicalHeaders(headers).keySet());
    }

    /**
     * The canonical request.
     *
     * @param method the HTTP method
     * @param canonicalUri the path, {@code /} for RPC APIs
     * @param query the query parameters (may be empty)
     * @param headers the request headers to sign, including {@code host}
     * @param hashedPayload hex SHA-256 of the body
     * @return the canonical request
     */
    public static String canonicalRequest(String method, String canonicalUri, Map<String, String> query,
            Map<String, String> headers, String hashedPayload) {
        StringJoiner canonicalQuery = new StringJoiner("&");
        new TreeMap<>(query).forEach((k, v) -> canonicalQuery.add(AliyunRpcSignature.percentEncode(k) + "="
                + AliyunRpcSignature.percentEncode(v)));
        StringBuilder canonicalHeaders = new StringBuilder();
        canonicalHeaders(headers).forEach((k, v) -> canonicalHeaders.append(k).append(':').append(v).append('\n'));
        return method + "\n" + canonicalUri + "\n" + canonicalQuery + "\n" + canonicalHeaders + "\n"
                + signedHeaders(headers) + "\n" + hashedPayload;
    }

    /**
     * The string to sign for a canonical request.
     *
     * @param canonicalRequest the canonical request
     * @return {@code ACS3-HMAC-SHA256\n} and the hex SHA-256 of the canonical request
     */
    public static String stringToSign(String canonicalRequest) {
        return ALGORITHM + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Signs a string to sign.
     *
     * @param accessKeySecret the AccessKey secret (used as it is, without {@code &})
     * @param stringToSign the string to sign
     * @return the lower-case hex signature
     */
    public static String sign(String accessKeySecret, String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(accessKeySecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * The Authorization header value.
     *
     * @param accessKeyId the AccessKey id
     * @param signedHeaders the {@code SignedHeaders} list
     * @param signature the hex signature
     * @return the header value
     */
    public static String authorization(String accessKeyId, String signedHeaders, String signature) {
        return ALGORITHM + " Credential=" + accessKeyId + ",SignedHeaders=" + signedHeaders + ",Signature=" + signature;
    }
}
