package io.backupalarm.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.backupalarm.channels.sms.WebhookSignature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The receiving end of the SMS channel's webhook gateway, played on loopback: an HTTP server on
 * {@code 127.0.0.1} that checks each request's signature as a real receiver must, drops
 * repeats by {@code Idempotency-Key}, keeps every text it accepts and reports it to a log.
 *
 * <p>In production this is an SMS provider or a host's own relay; here it stands for the phone,
 * so that the example can read back what each number received.
 *
 * <p>Thread-safe.
 */
public final class LoopbackSmsReceiver implements AutoCloseable {

    /** The path the gateway posts to. */
    public static final String PATH = "/sms";

    /**
     * One text as the receiver accepted it.
     *
     * @param to the number, in E.164 form
     * @param text the text
     * @param idempotencyKey the key the gateway sent it with
     */
    public record Text(String to, String text, String idempotencyKey) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String secret;
    private final Consumer<String> log;
    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Text> received = new ArrayList<>();
    private final Set<String> seenKeys = new HashSet<>();

    private LoopbackSmsReceiver(String secret, Consumer<String> log) throws IOException {
        this.secret = Objects.requireNonNull(secret, "secret");
        this.log = Objects.requireNonNull(log, "log");
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "loopback-sms-receiver");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext(PATH, this::handle);
        server.start();
    }

    /**
     * Starts a receiver on a free port of {@code 127.0.0.1}.
     *
     * @param secret the secret shared with the gateway
     * @param log where to report each request, one line each
     * @return the running receiver
     * @throws IOException if no port can be bound
     */
    public static LoopbackSmsReceiver start(String secret, Consumer<String> log) throws IOException {
        return new LoopbackSmsReceiver(secret, log);
    }

    /**
     * The URL to give the webhook gateway.
     *
     * @return an {@code http://127.0.0.1:port/sms} URL
     */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /**
     * Every text accepted so far, oldest first.
     *
     * @return a snapshot
     */
    public synchronized List<Text> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            // The signature covers the raw bytes, so read them before parsing anything.
            byte[] body = in.readAllBytes();
            boolean signed = WebhookSignature.verify(secret,
                    exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER),
                    exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER),
                    body, Clock.systemUTC(), WebhookSignature.DEFAULT_TOLERANCE);
            if (!"POST".equals(exchange.getRequestMethod()) || !signed) {
                log.accept("[loopback SMS gateway] refused a request: bad method or signature");
                answer(exchange, 401, "{\"message\":\"signature does not match\"}");
                return;
            }
            JsonNode json = JSON.readTree(body);
            Text text = new Text(json.path("to").asText(), json.path("text").asText(),
                    exchange.getRequestHeaders().getFirst(WebhookSignature.IDEMPOTENCY_HEADER));
            boolean first;
            synchronized (this) {
                first = seenKeys.add(text.idempotencyKey());
                if (first) {
                    received.add(text);
                }
            }
            log.accept("[loopback SMS gateway] signature verified; " + (first ? "text for " : "repeat dropped for ")
                    + text.to());
            answer(exchange, 200, "{\"id\":\"sms-" + Math.abs(text.idempotencyKey().hashCode()) + "\"}");
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

    /** Stops the server at once. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
