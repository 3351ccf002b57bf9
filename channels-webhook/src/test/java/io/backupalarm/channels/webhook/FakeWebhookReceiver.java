package io.backupalarm.channels.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver on loopback that checks requests as a Standard Webhooks consumer does: it
 * recomputes the HMAC-SHA256 of {@code id.timestamp.body} itself (not with the channel's code)
 * for each secret it knows, refuses a timestamp more than five minutes from its clock (401),
 * and drops a duplicate {@code webhook-id} (answering 200 again without acting). The path
 * {@code /gone} answers 410. Thread-safe.
 */
public final class FakeWebhookReceiver implements AutoCloseable {

    /** A secret of 32 random bytes, as the receiver and the resolver know it. */
    public static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    /** Another secret, the one a rotation replaces. */
    public static final String OLD_SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));

    public final LoopbackServer server;
    private final Clock clock;
    private volatile List<String> secrets;
    private final Map<String, String> accepted = new ConcurrentHashMap<>();
    private final List<String> acceptedBodies = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> acceptedByPathAndId = new ConcurrentHashMap<>();
    private final AtomicInteger receipts = new AtomicInteger();

    /**
     * @param clock the receiver's clock, for the timestamp check
     * @param secrets the secrets it accepts; none: it accepts unsigned requests only
     */
    public FakeWebhookReceiver(Clock clock, String... secrets) throws Exception {
        this.clock = clock;
        this.secrets = List.of(secrets);
        this.server = new LoopbackServer(this::answer);
    }

    /** The origin to send to instead of the address's. */
    public String origin() {
        return server.baseUrl();
    }

    /** Accept these secrets from now on. */
    public void acceptSecrets(String... secrets) {
        this.secrets = List.of(secrets);
    }

    /** Bodies of the requests acted on (not duplicates), in order. */
    public List<String> acceptedBodies() {
        return new ArrayList<>(acceptedBodies);
    }

    /** How many requests with this id reached this path and were acted on. */
    public int acceptedCount(String path, String id) {
        AtomicInteger count = acceptedByPathAndId.get(path + " " + id);
        return count == null ? 0 : count.get();
    }

    private LoopbackServer.Answer answer(LoopbackServer.Received request) throws Exception {
        if (request.path().equals("/gone")) {
            return LoopbackServer.Answer.json(410, "{\"error\":\"endpoint disabled\"}");
        }
        String id = request.header("webhook-id");
        String timestamp = request.header("webhook-timestamp");
        String signature = request.header("webhook-signature");
        if (id == null || timestamp == null || !timestamp.matches("\\d{1,12}")) {
            return LoopbackServer.Answer.json(400, "{\"error\":\"missing webhook headers\"}");
        }
        if (Math.abs(Long.parseLong(timestamp) - clock.instant().getEpochSecond()) > 300) {
            return LoopbackServer.Answer.json(401, "{\"error\":\"timestamp outside tolerance\"}");
        }
        List<String> known = secrets;
        if (!known.isEmpty() && (signature == null || !anyMatches(known, id, timestamp, request.body(), signature))) {
            return LoopbackServer.Answer.json(401, "{\"error\":\"no matching signature\"}");
        }
        if (known.isEmpty() && signature != null) {
            return LoopbackServer.Answer.json(400, "{\"error\":\"unexpected signature\"}");
        }
        String receipt = accepted.computeIfAbsent(id, key -> {
            acceptedBodies.add(request.bodyText());
            acceptedByPathAndId.computeIfAbsent(request.path() + " " + id, k -> new AtomicInteger()).incrementAndGet();
            return "rcv-" + receipts.incrementAndGet();
        });
        return LoopbackServer.Answer.json(200, "{\"id\":\"" + receipt + "\"}");
    }

    private static boolean anyMatches(List<String> secrets, String id, String timestamp, byte[] body, String header)
            throws Exception {
        for (String secret : secrets) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            byte[] content = (id + "." + timestamp + "." + new String(body, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8);
            String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(content));
            for (String given : header.split(" ")) {
                if (given.equals(expected)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        server.close();
    }
}
