package io.backupalarm.spring.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.backupalarm.channels.sms.WebhookSignature;

/**
 * The phones: the receiving end of the SMS channel's webhook gateway on loopback. It checks each
 * request's signature and keeps every text. Thread-safe.
 */
final class LoopbackSms implements AutoCloseable {

    static final String SECRET = "loopback-sms-secret";
    private static final Pattern FIELD = Pattern.compile("\"(to|text)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Text(String to, String text) {
    }

    private final HttpServer server;
    private final List<Text> received = new ArrayList<>();

    LoopbackSms() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/sms", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/sms";
    }

    synchronized List<Text> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            boolean signed = WebhookSignature.verify(SECRET,
                    exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER),
                    exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER),
                    body, Clock.systemUTC(), WebhookSignature.DEFAULT_TOLERANCE);
            if (!signed) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            String json = new String(body, StandardCharsets.UTF_8);
            String to = null;
            String text = null;
            Matcher m = FIELD.matcher(json);
            while (m.find()) {
                if (m.group(1).equals("to")) {
                    to = m.group(2);
                } else {
                    text = m.group(2);
                }
            }
            synchronized (this) {
                received.add(new Text(to, text));
            }
            byte[] answer = "{\"id\":\"sms-1\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
