package io.backupalarm.channels.sms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver on loopback that authenticates each request as the documentation tells a
 * receiver to (recomputing the HMAC itself and checking the timestamp), drops duplicates by
 * Idempotency-Key and refuses one number with 422. Thread-safe.
 */
final class FakeWebhookReceiver implements AutoCloseable {

    static final String SECRET = "webhook-secret-do-not-leak";
    static final String REFUSED_NUMBER = "+8613900001111";

    final LoopbackServer server;
    private final Clock clock;
    private final Map<String, Integer> accepted = new ConcurrentHashMap<>();
    private final List<String> acceptedBodies = new CopyOnWriteArrayList<>();
    private volatile LoopbackServer.Answer scripted;

    FakeWebhookReceiver(Clock clock) throws IOException {
        this.clock = clock;
        server = new LoopbackServer(this::answer);
    }

    String url() {
        return server.baseUrl() + "/hooks/sms";
    }

    void answerWith(LoopbackServer.Answer answer) {
        scripted = answer;
    }

    /** The JSON bodies of the requests it accepted, in order. */
    List<String> acceptedBodies() {
        return List.copyOf(acceptedBodies);
    }

    int acceptedCount(String to, String key) {
        return accepted.getOrDefault(to + "|" + key, 0);
    }

    private LoopbackServer.Answer answer(LoopbackServer.Received request) throws Exception {
        String timestamp = request.header(WebhookSignature.TIMESTAMP_HEADER);
        String signature = request.header(WebhookSignature.SIGNATURE_HEADER);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        String expected = "v1=" + HexFormat.of().formatHex(mac.doFinal(request.body()));
        boolean fresh = timestamp != null
                && Math.abs(clock.instant().getEpochSecond() - Long.parseLong(timestamp)) <= 300;
        if (!expected.equals(signature) || !fresh
                || !WebhookSignature.verify(SECRET, timestamp, signature, request.body(), clock,
                        WebhookSignature.DEFAULT_TOLERANCE)) {
            return LoopbackServer.Answer.json(401, "{\"message\":\"bad signature\"}");
        }
        if (scripted != null) {
            return scripted;
        }
        String body = request.bodyText();
        String key = request.header(WebhookSignature.IDEMPOTENCY_HEADER);
        if (body.contains("\"to\":\"" + REFUSED_NUMBER + "\"")) {
            return LoopbackServer.Answer.json(422, "{\"message\":\"number " + REFUSED_NUMBER + " cannot receive SMS\"}");
        }
        String to = body.replaceAll(".*\"to\":\"(\\+[0-9]+)\".*", "$1");
        accepted.merge(to + "|" + key, 1, Integer::sum);
        acceptedBodies.add(body);
        return LoopbackServer.Answer.json(202, "{\"id\":\"msg-" + key + "\"}");
    }

    @Override
    public void close() {
        server.close();
    }
}
