package io.backupalarm.channels.robot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real HTTP server on 127.0.0.1 playing DingTalk, WeCom or Feishu: it checks a request as the
 * provider does (the robot's token, the signature recomputed here from the secret, the
 * timestamp within an hour of its clock, the message's shape and size) and answers with the
 * provider's own success and error bodies. A test may script the next answers. Thread-safe.
 */
final class FakeRobot implements AutoCloseable {

    enum Provider { DINGTALK, WECOM, FEISHU }

    /** A message the fake robot posted to its group. */
    record Accepted(String token, String idempotencyKey, JsonNode body) {
    }

    /** A request as received, whatever the answer. */
    record Received(String method, String path, Map<String, String> query, Map<String, List<String>> headers,
            String body) {
    }

    static final String DINGTALK_OK = "{\"errcode\":0,\"errmsg\":\"ok\"}";
    static final String DINGTALK_SIGN_NOT_MATCH =
            "{\"errcode\":310000,\"errmsg\":\"sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]\"}";
    static final String DINGTALK_NO_TOKEN = "{\"errcode\":300005,\"errmsg\":\"token is not exist\"}";
    static final String WECOM_OK = "{\"errcode\":0,\"errmsg\":\"ok\"}";
    static final String WECOM_INVALID_URL =
            "{\"errcode\":93000,\"errmsg\":\"invalid webhook url, hint: [1714538355214402498975046], from ip: 127.0.0.1\"}";
    static final String WECOM_TOO_LONG = "{\"errcode\":40058,\"errmsg\":\"markdown.content exceed max length 4096. "
            + "invalid Request Parameter, hint: [1714538355214402498975046]\"}";
    static final String FEISHU_OK = "{\"code\":0,\"msg\":\"success\",\"data\":{}}";
    static final String FEISHU_SIGN_FAIL =
            "{\"code\":19021,\"msg\":\"sign match fail or timestamp is not within one hour from current time\"}";
    static final String FEISHU_BAD_TOKEN =
            "{\"code\":19001,\"data\":{},\"msg\":\"param invalid: incoming webhook access token invalid\"}";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Provider provider;
    private final Clock clock;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final List<Accepted> accepted = new CopyOnWriteArrayList<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<String[]> scripted = new ArrayDeque<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean hang;

    FakeRobot(Provider provider, Clock clock) throws IOException {
        this.provider = provider;
        this.clock = clock;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Adds a robot; {@code secret} null for one without signing. */
    FakeRobot robot(String token, String secret) {
        secrets.put(token, secret == null ? "" : secret);
        return this;
    }

    /** The next request is answered with this status and body (after being recorded), whatever it holds. */
    synchronized void answerNext(int status, String body, String... headers) {
        String[] answer = new String[2 + headers.length];
        answer[0] = Integer.toString(status);
        answer[1] = body;
        System.arraycopy(headers, 0, answer, 2, headers.length);
        scripted.addLast(answer);
    }

    /** From now on, receive requests but never answer them (until closed). */
    void hang() {
        hang = true;
    }

    /** The robot's URL as the provider gives it out. */
    String address(String token) {
        return switch (provider) {
            case DINGTALK -> "https://oapi.dingtalk.com/robot/send?access_token=" + token;
            case WECOM -> "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + token;
            case FEISHU -> "https://open.feishu.cn/open-apis/bot/v2/hook/" + token;
        };
    }

    /** The origin to send to instead of the provider's. */
    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Accepted> accepted() {
        return List.copyOf(accepted);
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    int acceptedCount(String address, String idempotencyKey) {
        String token = tokenOf(address);
        return (int) accepted.stream()
                .filter(a -> a.token().equals(token) && a.idempotencyKey().equals(idempotencyKey)).count();
    }

    private String tokenOf(String address) {
        return switch (provider) {
            case DINGTALK, WECOM -> address.substring(address.indexOf('=') + 1);
            case FEISHU -> address.substring(address.lastIndexOf('/') + 1);
        };
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), query,
                    Map.copyOf(exchange.getRequestHeaders()), body);
            received.add(request);
            if (hang) {
                release.await();
                return;
            }
            String[] answer;
            synchronized (this) {
                answer = scripted.pollFirst();
            }
            if (answer == null) {
                answer = new String[] {"200", judge(request, exchange.getRequestHeaders().getFirst("Idempotency-Key"))};
            }
            for (int i = 2; i + 1 < answer.length; i += 2) {
                exchange.getResponseHeaders().add(answer[i], answer[i + 1]);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] out = answer[1].getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(Integer.parseInt(answer[0]), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IOException("the fake robot failed", e);
        }
    }

    /** Checks a request as the provider would, and answers with its body. */
    private String judge(Received request, String idempotencyKey) throws Exception {
        JsonNode body = JSON.readTree(request.body());
        switch (provider) {
            case DINGTALK -> {
                String token = request.query().get("access_token");
                if (!request.path().equals("/robot/send") || token == null || !secrets.containsKey(token)) {
                    return DINGTALK_NO_TOKEN;
                }
                String secret = secrets.get(token);
                if (!secret.isEmpty()) {
                    String timestamp = request.query().get("timestamp");
                    String sign = request.query().get("sign");
                    if (timestamp == null || sign == null || !withinAnHour(Instant.ofEpochMilli(Long.parseLong(timestamp)))
                            || !sign.equals(hmac(secret.getBytes(StandardCharsets.UTF_8),
                                    (timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8)))) {
                        return DINGTALK_SIGN_NOT_MATCH;
                    }
                }
                if (!"markdown".equals(body.path("msgtype").asText()) || body.path("markdown").path("title").asText().isEmpty()
                        || body.path("markdown").path("text").asText().isEmpty()) {
                    return "{\"errcode\":40035,\"errmsg\":\"缺少参数 json\"}";
                }
                accepted.add(new Accepted(token, idempotencyKey, body));
                return DINGTALK_OK;
            }
            case WECOM -> {
                String token = request.query().get("key");
                if (!request.path().equals("/cgi-bin/webhook/send") || token == null || !secrets.containsKey(token)) {
                    return WECOM_INVALID_URL;
                }
                String content = body.path("markdown").path("content").asText();
                if (content.getBytes(StandardCharsets.UTF_8).length > 4096) {
                    return WECOM_TOO_LONG;
                }
                if (!"markdown".equals(body.path("msgtype").asText()) || content.isEmpty()) {
                    return "{\"errcode\":44004,\"errmsg\":\"empty content\"}";
                }
                accepted.add(new Accepted(token, idempotencyKey, body));
                return WECOM_OK;
            }
            default -> {
                String prefix = "/open-apis/bot/v2/hook/";
                String token = request.path().startsWith(prefix) ? request.path().substring(prefix.length()) : "";
                if (!secrets.containsKey(token)) {
                    return FEISHU_BAD_TOKEN;
                }
                if (request.body().getBytes(StandardCharsets.UTF_8).length > 20 * 1024) {
                    return "{\"code\":9499,\"msg\":\"Bad Request\",\"data\":{}}";
                }
                String secret = secrets.get(token);
                if (!secret.isEmpty()) {
                    String timestamp = body.path("timestamp").asText();
                    if (timestamp.isEmpty() || !withinAnHour(Instant.ofEpochSecond(Long.parseLong(timestamp)))
                            || !body.path("sign").asText().equals(hmac(
                                    (timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8), new byte[0]))) {
                        return FEISHU_SIGN_FAIL;
                    }
                }
                if (!"interactive".equals(body.path("msg_type").asText())
                        || body.path("card").path("header").path("title").path("content").asText().isEmpty()) {
                    return "{\"code\":19002,\"msg\":\"param invalid: msg_type\",\"data\":{}}";
                }
                accepted.add(new Accepted(token, idempotencyKey, body));
                return FEISHU_OK;
            }
        }
    }

    private boolean withinAnHour(Instant timestamp) {
        return Duration.between(timestamp, clock.instant()).abs().compareTo(Duration.ofHours(1)) <= 0;
    }

    private static String hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new TreeMap<>();
        if (raw == null) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
