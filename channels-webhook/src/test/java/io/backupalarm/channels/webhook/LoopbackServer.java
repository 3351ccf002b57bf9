package io.backupalarm.channels.webhook;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 (port chosen by the system) that plays a provider: it records
 * every request and answers with what the responder says. Thread-safe.
 */
public final class LoopbackServer implements AutoCloseable {

    /** A request as received. */
    public record Received(String method, String path, String rawQuery, Headers headers, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.getFirst(name);
        }

        /** The body as a form, decoded; keys sorted. */
        Map<String, String> form() {
            Map<String, String> form = new TreeMap<>();
            for (String pair : bodyText().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            return form;
        }
    }

    /** An answer. */
    public record Answer(int status, Map<String, String> headers, String body) {
        public static Answer json(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "application/json"), body);
        }
    }

    /** Decides the answer to a request. */
    public interface Responder {
        Answer answer(Received request) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Responder responder;
    private volatile boolean hang;

    public LoopbackServer(Responder responder) throws IOException {
        this.responder = responder;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body);
                received.add(request);
                if (hang) {
                    release.await();
                    return;
                }
                Answer answer;
                try {
                    answer = this.responder.answer(request);
                } catch (Exception e) {
                    answer = Answer.json(500, "{\"message\":\"the fake provider failed: " + e.getClass().getName() + "\"}");
                }
                answer.headers().forEach(exchange.getResponseHeaders()::add);
                byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
                if (out.length > 0) {
                    try (OutputStream os = exchange.getResponseBody()) {
                        os.write(out);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    /** The base URL, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public Received only() {
        if (received.size() != 1) {
            throw new AssertionError("expected exactly one request, got " + received.size());
        }
        return received.get(0);
    }

    public void respondWith(Responder responder) {
        this.responder = responder;
    }

    /** From now on, receive requests but never answer them (until closed). */
    public void hang() {
        hang = true;
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
