package io.backupalarm.examples.console;

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
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.springframework.boot.json.JsonParserFactory;

/**
 * The receiving end of the SMS channel's webhook gateway, on loopback, as in the quick start: an
 * HTTP server on {@code 127.0.0.1} that checks each request's signature as a real receiver must,
 * drops repeats by {@code Idempotency-Key}, and keeps and reports every text it accepts. It
 * stands for the phones.
 *
 * <p>Thread-safe.
 */
public final class LoopbackSmsGateway implements AutoCloseable {

    /**
     * One text as the gateway accepted it.
     *
     * @param to the number, in E.164 form
     * @param text the text
     * @param idempotencyKey the key it was sent with
     */
    public record Text(String to, String text, String idempotencyKey) {
    }

    private final String secret;
    private final Consumer<Text> log;
    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Text> received = new ArrayList<>();
    private final Set<String> seenKeys = new HashSet<>();

    private LoopbackSmsGateway(String secret, Consumer<Text> log) throws IOException {
        this.secret = Objects.requireNonNull(secret, "secret");
        this.log = Objects.requireNonNull(log, "log");
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "loopback-sms-gateway");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/sms", this::handle);
        server.start();
    }

    /**
     * Starts a gateway on a free port of {@code 127.0.0.1}.
     *
     * @param secret the secret shared with the SMS channel
     * @param log told of each text accepted
     * @return the running gateway
     * @throws IOException if no port can be bound
     */
    public static LoopbackSmsGateway start(String secret, Consumer<Text> log) throws IOException {
        return new LoopbackSmsGateway(secret, log);
    }

    /** @return the URL for {@code backup-alarm.channels.sms.webhook-url} */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/sms";
    }

    /** @return every text accepted so far, oldest first */
    public synchronized List<Text> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes(); // the signature covers the raw bytes
            boolean signed = WebhookSignature.verify(secret,
                    exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER),
                    exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER),
                    body, Clock.systemUTC(), WebhookSignature.DEFAULT_TOLERANCE);
            if (!"POST".equals(exchange.getRequestMethod()) || !signed) {
                answer(exchange, 401, "{\"message\":\"signature does not match\"}");
                return;
            }
            Map<String, Object> json = JsonParserFactory.getJsonParser().parseMap(new String(body, StandardCharsets.UTF_8));
            Text text = new Text(String.valueOf(json.get("to")), String.valueOf(json.get("text")),
                    exchange.getRequestHeaders().getFirst(WebhookSignature.IDEMPOTENCY_HEADER));
            boolean first;
            synchronized (this) {
                first = seenKeys.add(text.idempotencyKey());
                if (first) {
                    received.add(text);
                }
            }
            if (first) {
                log.accept(text);
            }
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
