package io.backupalarm.channels.sms;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Plays Dysmsapi SendSms on loopback: checks the request, recomputes the RPC V1 or the
 * ACS3-HMAC-SHA256 signature with its own code (the recipe of Alibaba's documentation, not the code under test), and answers
 * like the provider. It knows AccessKey pairs, and for STS ones the security token that belongs to
 * each: the signature is checked first (so a token changed after signing fails it), then the
 * token (RPC: the {@code SecurityToken} parameter; ACS3: the signed {@code x-acs-security-token}
 * header). Thread-safe.
 */
final class FakeAliyun implements AutoCloseable {

    static final String KEY_ID = "testid";
    static final String SECRET = "testsecret-do-not-leak";
    static final String REFUSED_NUMBER = "+8613900001111";

    final LoopbackServer server;
    /** Secrets by AccessKey id. */
    private final Map<String, String> secrets = new ConcurrentHashMap<>(Map.of(KEY_ID, SECRET));
    /** Security tokens by AccessKey id, for STS credentials. */
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    /** The AccessKey ids of the accepted requests, in order. */
    private final java.util.List<String> acceptedKeyIds = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Accepted messages by "PhoneNumbers|OutId". */
    private final Map<String, Integer> accepted = new ConcurrentHashMap<>();
    /** A code to answer with for the next requests, or null for the normal behaviour. */
    private volatile Map.Entry<Integer, String> scripted;
    private volatile Map<String, String> scriptedHeaders = Map.of();

    FakeAliyun() throws IOException {
        server = new LoopbackServer(this::answer);
    }

    String endpoint() {
        return server.baseUrl() + "/";
    }

    /** Accepts temporary credentials: requests with this id must carry this token. */
    void acceptSts(String keyId, String secret, String token) {
        secrets.put(keyId, secret);
        tokens.put(keyId, token);
    }

    /** The AccessKey ids that signed the accepted requests, in order. */
    java.util.List<String> acceptedKeyIds() {
        return java.util.List.copyOf(acceptedKeyIds);
    }

    /** From now on, answer every request with this HTTP status and Code. */
    void failWith(int status, String code, Map<String, String> headers) {
        scriptedHeaders = headers;
        scripted = Map.entry(status, code);
    }

    int acceptedCount(String e164, String outId) {
        return accepted.getOrDefault(e164.substring(1) + "|" + outId, 0);
    }

    private LoopbackServer.Answer answer(LoopbackServer.Received request) throws Exception {
        Map<String, String> form = request.form();
        if (!"POST".equals(request.method()) || !"/".equals(request.path())) {
            return LoopbackServer.Answer.json(404, "{\"Code\":\"InvalidAction.NotFound\",\"Message\":\"no such path\"}");
        }
        String authorization = request.header("Authorization");
        String keyId;
        String token;
        if (authorization != null) {
            LoopbackServer.Answer refused = checkAcs3(request, authorization);
            if (refused != null) {
                return refused;
            }
            keyId = authorization.substring(authorization.indexOf("Credential=") + 11, authorization.indexOf(','));
            token = request.header("x-acs-security-token");
            if (token != null && !keyId.equals(request.header("x-acs-accesskey-id"))) {
                return LoopbackServer.Answer.json(400, "{\"Code\":\"InvalidSecurityToken.MismatchWithAccessKey\","
                        + "\"Message\":\"x-acs-accesskey-id does not match the Credential.\",\"RequestId\":\"R-5\"}");
            }
        } else {
            keyId = form.get("AccessKeyId");
            String secret = keyId == null ? null : secrets.get(keyId);
            if (secret == null) {
                return LoopbackServer.Answer.json(404, "{\"Code\":\"InvalidAccessKeyId.NotFound\","
                        + "\"Message\":\"Specified access key is not found.\",\"RequestId\":\"R-1\"}");
            }
            // Every parameter but Signature is signed, SecurityToken included.
            if (!signature(secret, "POST", form).equals(form.get("Signature"))) {
                return LoopbackServer.Answer.json(400, "{\"Code\":\"SignatureDoesNotMatch\",\"Message\":"
                        + "\"Specified signature is not matched with our calculation.\",\"RequestId\":\"R-2\"}");
            }
            token = form.get("SecurityToken");
        }
        String required = tokens.get(keyId);
        if (required == null ? token != null : !required.equals(token)) {
            return LoopbackServer.Answer.json(400, "{\"Code\":\"" + (token == null ? "MissingSecurityToken"
                    : "InvalidSecurityToken.MismatchWithAccessKey") + "\",\"Message\":\"The security token does "
                    + "not belong to the access key.\",\"RequestId\":\"R-6\"}");
        }
        Map.Entry<Integer, String> script = scripted;
        if (script != null) {
            return new LoopbackServer.Answer(script.getKey(), withJson(scriptedHeaders),
                    "{\"Code\":\"" + script.getValue() + "\",\"Message\":\"scripted " + script.getValue()
                    + "\",\"RequestId\":\"R-3\"}");
        }
        if (("+" + form.get("PhoneNumbers")).equals(REFUSED_NUMBER)) {
            return LoopbackServer.Answer.json(200, "{\"Code\":\"isv.MOBILE_NUMBER_ILLEGAL\",\"Message\":"
                    + "\"invalid mobile number\",\"RequestId\":\"R-4\"}");
        }
        accepted.merge(form.get("PhoneNumbers") + "|" + form.get("OutId"), 1, Integer::sum);
        acceptedKeyIds.add(keyId);
        return LoopbackServer.Answer.json(200, "{\"Code\":\"OK\",\"Message\":\"OK\",\"BizId\":\"900619746936498440^0\","
                + "\"RequestId\":\"F655A8D5-B967-440B-8683-DAD6FF8DE990\"}");
    }

    /**
     * Checks an ACS3-HMAC-SHA256 request by the documented recipe; null if it is genuine. The
     * signed headers must be exactly those the documentation lists for a form body, and with a
     * security token also {@code x-acs-accesskey-id} and {@code x-acs-security-token}, so a token
     * that is sent must be signed.
     */
    private LoopbackServer.Answer checkAcs3(LoopbackServer.Received request, String authorization)
            throws Exception {
        String start = "ACS3-HMAC-SHA256 Credential=";
        int comma = authorization.indexOf(",SignedHeaders=");
        String keyId = authorization.startsWith(start) && comma > 0 ? authorization.substring(start.length(), comma)
                : "";
        String secret = secrets.get(keyId);
        if (secret == null) {
            return LoopbackServer.Answer.json(404, "{\"Code\":\"InvalidAccessKeyId.NotFound\","
                    + "\"Message\":\"Specified access key is not found.\",\"RequestId\":\"R-1\"}");
        }
        String prefix = start + keyId + ",SignedHeaders=";
        String[] rest = authorization.substring(prefix.length()).split(",Signature=");
        String signedHeaders = rest[0];
        String payloadHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(request.body()));
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : signedHeaders.split(";")) {
            canonicalHeaders.append(name).append(':').append(request.header(name).strip()).append('\n');
        }
        String canonicalRequest = "POST\n/\n\n" + canonicalHeaders + "\n" + signedHeaders + "\n" + payloadHash;
        String stringToSign = "ACS3-HMAC-SHA256\n" + HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        boolean complete = signedHeaders.equals(request.header("x-acs-security-token") == null
                ? "content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version"
                : "content-type;host;x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-date;"
                        + "x-acs-security-token;x-acs-signature-nonce;x-acs-version");
        if (!complete || !expected.equals(rest[1]) || !payloadHash.equals(request.header("x-acs-content-sha256"))
                || !"SendSms".equals(request.header("x-acs-action"))
                || !"2017-05-25".equals(request.header("x-acs-version"))) {
            return LoopbackServer.Answer.json(400, "{\"Code\":\"SignatureDoesNotMatch\",\"Message\":"
                    + "\"Specified signature is not matched with our calculation.\",\"RequestId\":\"R-2\"}");
        }
        return null;
    }

    private static Map<String, String> withJson(Map<String, String> headers) {
        Map<String, String> all = new TreeMap<>(headers);
        all.put("Content-Type", "application/json");
        return all;
    }

    /** The documented recipe, spelled out independently of the code under test. */
    static String signature(String secret, String method, Map<String, String> params) throws Exception {
        String canonical = new TreeMap<>(params).entrySet().stream()
                .filter(e -> !e.getKey().equals("Signature"))
                .map(e -> pe(e.getKey()) + "=" + pe(e.getValue()))
                .collect(Collectors.joining("&"));
        String stringToSign = method + "&" + pe("/") + "&" + pe(canonical);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec((secret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
    }

    private static String pe(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }

    @Override
    public void close() {
        server.close();
    }
}
