package io.backupalarm.channels.robot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backupalarm.channels.webhook.LoopbackServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slack's incoming webhook endpoint on loopback, answering as Slack does: {@code 200 ok} as
 * text for a message it accepts, and its plain-text errors otherwise. The last path segment
 * (the token) picks the webhook's state; {@code good} accepts. A body that breaks a Block Kit
 * limit (header 150, section text 3,000, 10 fields of 2,000, top-level text 40,000) or is not
 * JSON with {@code text} is refused with {@code 400 invalid_payload}, as Slack does. Thread-safe.
 */
final class FakeSlack implements AutoCloseable {

    static final String HOOK = "https://hooks.slack.com/services/T0000AAAA/B0000BBBB/";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, LoopbackServer.Answer> STATES = Map.of(
            "archived", text(410, "channel_is_archived"),
            "gone-channel", text(404, "channel_not_found"),
            "revoked", text(404, "no_service"),
            "prohibited", text(403, "action_prohibited"),
            "user", text(400, "user_not_found"),
            "busy", new LoopbackServer.Answer(429, Map.of("Retry-After", "30", "Content-Type", "text/plain"), "rate_limited"),
            "broken", text(500, "rollup_error"),
            "moved", new LoopbackServer.Answer(302, Map.of("Location", "https://slack.com/"), ""));

    final LoopbackServer server;
    private final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> acceptedByKey = new ConcurrentHashMap<>();

    FakeSlack() throws Exception {
        server = new LoopbackServer(this::answer);
    }

    private static LoopbackServer.Answer text(int status, String body) {
        return new LoopbackServer.Answer(status, Map.of("Content-Type", "text/html"), body);
    }

    String origin() {
        return server.baseUrl();
    }

    List<JsonNode> accepted() {
        return List.copyOf(accepted);
    }

    /** How many accepted posts to this address carry this idempotency key in their context line. */
    int acceptedCount(String address, String key) {
        AtomicInteger count = acceptedByKey.get(address.substring(address.indexOf("/services/")) + " " + key);
        return count == null ? 0 : count.get();
    }

    private LoopbackServer.Answer answer(LoopbackServer.Received request) throws Exception {
        String token = request.path().substring(request.path().lastIndexOf('/') + 1);
        LoopbackServer.Answer state = STATES.get(token);
        if (state != null) {
            return state;
        }
        if (!token.equals("good")) {
            return text(404, "no_service");
        }
        JsonNode body;
        try {
            body = MAPPER.readTree(request.body());
        } catch (Exception e) {
            return text(400, "invalid_payload");
        }
        if (!valid(body)) {
            return text(400, "invalid_payload");
        }
        accepted.add(body);
        String key = "";
        for (JsonNode block : body.get("blocks")) {
            if (block.path("type").asText().equals("context")) {
                key = block.get("elements").get(0).get("text").asText().substring("backup-alarm ".length());
            }
        }
        acceptedByKey.computeIfAbsent(request.path() + " " + key, k -> new AtomicInteger()).incrementAndGet();
        return text(200, "ok");
    }

    private static boolean valid(JsonNode body) {
        if (!body.path("text").isTextual() || body.get("text").asText().length() > 40_000
                || !body.path("blocks").isArray() || body.get("blocks").size() > 50) {
            return false;
        }
        for (JsonNode block : body.get("blocks")) {
            switch (block.path("type").asText()) {
                case "header" -> {
                    if (!block.path("text").path("type").asText().equals("plain_text")
                            || block.path("text").path("text").asText().length() > 150) {
                        return false;
                    }
                }
                case "section" -> {
                    if (block.has("text") && (block.get("text").path("text").asText().isEmpty()
                            || block.get("text").path("text").asText().length() > 3_000)) {
                        return false;
                    }
                    if (block.has("fields")) {
                        if (block.get("fields").size() > 10) {
                            return false;
                        }
                        for (JsonNode field : block.get("fields")) {
                            if (field.path("text").asText().length() > 2_000) {
                                return false;
                            }
                        }
                    }
                }
                case "context" -> {
                    if (block.path("elements").size() == 0) {
                        return false;
                    }
                }
                default -> {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public void close() {
        server.close();
    }
}
