package io.backupalarm.examples.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chat tool's incoming webhook on loopback: checks the bearer token, knows three rooms, posts
 * each idempotency key once, keeps what was posted, and can be told to answer 429 to everything or
 * to the next requests.
 */
final class FakeChatTool implements AutoCloseable {

    static final String TOKEN = "chat-token-0123456789";
    static final Set<String> ROOMS = Set.of("backups", "ops-oncall", "ops");

    /** A message as posted to a room. */
    record Post(String room, String kind, String text, String idempotencyKey) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, Integer> posted = new HashMap<>();
    private final List<Post> posts = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger throttleNext = new AtomicInteger();
    private volatile boolean throttling;

    FakeChatTool() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/hooks/backup-alarm", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/backup-alarm");
    }

    void throttle() {
        throttling = true;
    }

    /** Answers the next {@code count} requests with 429 and {@code Retry-After: 30}. */
    void throttleNext(int count) {
        throttleNext.set(count);
    }

    /** How many requests came in, refused ones included. */
    int requests() {
        return requests.get();
    }

    /** What was posted, in order, each idempotency key once. */
    synchronized List<Post> posts() {
        return List.copyOf(posts);
    }

    synchronized int postedCount(String room, String idempotencyKey) {
        return posted.getOrDefault(room + " " + idempotencyKey, 0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.incrementAndGet();
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, 401, "{\"error\":\"invalid_token\"}");
                return;
            }
            if (throttling || throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.getResponseHeaders().set("Retry-After", "30");
                answer(exchange, 429, "{\"error\":\"rate_limited\"}");
                return;
            }
            JsonNode json = JSON.readTree(body);
            String room = json.path("room").asText();
            if (!ROOMS.contains(room)) {
                answer(exchange, 404, "{\"error\":\"room_not_found\"}");
                return;
            }
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            synchronized (this) {
                // A repeat of a key already posted is acknowledged again, not posted again.
                if (posted.putIfAbsent(room + " " + key, 1) == null) {
                    posts.add(new Post(room, json.path("kind").asText(), json.path("text").asText(), key));
                }
            }
            answer(exchange, 200, "{\"id\":\"msg-" + Integer.toHexString(key.hashCode()) + "\"}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
