package io.backupalarm.channels.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.OutboundMessage.DataKeys;
import io.backupalarm.spi.SecretResolver;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The webhook channel signs, posts and reads the receiver's answer")
final class WebhookChannelTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");
    private static final String ADDRESS = "https://hooks.example.com/alarms/ops?tenant=t1";

    private final ManualClock clock = new ManualClock(NOW);
    private FakeWebhookReceiver receiver;
    private LoopbackServer plain;
    private WebhookChannel channel;

    @AfterEach
    void close() {
        if (channel != null) {
            channel.close();
        }
        if (receiver != null) {
            receiver.close();
        }
        if (plain != null) {
            plain.close();
        }
    }

    private WebhookChannel channel(String origin, Map<String, String> secrets) {
        channel = WebhookChannel.of(WebhookSettings.custom().originOverride(origin).clock(clock)
                .secrets(SecretResolver.of(secrets)).requestTimeout(Duration.ofSeconds(2)).build());
        return channel;
    }

    private static OutboundMessage firing(String key, String address, String secretId) {
        Map<String, String> data = new HashMap<>(Map.of(DataKeys.ALARM, "BACKUP_FAILED", DataKeys.INSTANCE, "i-web1",
                DataKeys.VAULT, "v-prod", DataKeys.ACCOUNT, "acct-1", DataKeys.SINCE, "2026-03-01 07:00 UTC",
                DataKeys.OCCURRENCES, "3", DataKeys.JOB, "nightly", DataKeys.MESSAGE, "disk full"));
        if (secretId != null) {
            data.put(DataKeys.SECRET, secretId);
        }
        return new OutboundMessage(key, "webhook", address, OutboundMessage.Kind.FIRING, Locale.ENGLISH,
                "Backup failed: i-web1", "Backup client i-web1 has failed since 2026-03-01 07:00 UTC.", data);
    }

    private LoopbackServer plain(int status, Map<String, String> headers, String body) throws Exception {
        plain = new LoopbackServer(request -> new LoopbackServer.Answer(status, headers, body));
        return plain;
    }

    @Test
    @DisplayName("a signed firing message arrives at the override origin with path and query, in schema version 1")
    void signedFiring() throws Exception {
        receiver = new FakeWebhookReceiver(clock, FakeWebhookReceiver.SECRET);
        DeliveryResult result = channel(receiver.origin(), Map.of("ops-hook", FakeWebhookReceiver.SECRET))
                .send(firing("ba1-0001", ADDRESS, "ops-hook"));

        assertThat(result).isEqualTo(DeliveryResult.delivered("rcv-1"));
        LoopbackServer.Received request = receiver.server.only();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/alarms/ops");
        assertThat(request.rawQuery()).isEqualTo("tenant=t1");
        assertThat(request.header("webhook-id")).isEqualTo("ba1-0001");
        assertThat(request.header("webhook-timestamp")).isEqualTo(Long.toString(NOW.getEpochSecond()));
        assertThat(request.header("webhook-signature")).matches("v1,[A-Za-z0-9+/]{43}=");
        assertThat(request.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(request.bodyText()).startsWith("{\"version\":1,\"type\":\"backup_alarm.firing\",\"kind\":\"FIRING\","
                + "\"id\":\"ba1-0001\",\"idempotencyKey\":\"ba1-0001\",\"locale\":\"en\",\"data\":{\"alarm\":\"BACKUP_FAILED\","
                + "\"instance\":\"i-web1\",\"vault\":\"v-prod\",\"account\":\"acct-1\",\"since\":\"2026-03-01 07:00 UTC\","
                + "\"occurrences\":3,\"job\":\"nightly\",\"message\":\"disk full\"},\"subject\":\"Backup failed: i-web1\",");
        assertThat(request.bodyText()).doesNotContain("ops-hook").doesNotContain(FakeWebhookReceiver.SECRET)
                .endsWith("\"}"); // the body only, not the rest of the buffer it was written to
    }

    @Test
    @DisplayName("during a rotation the value holds two secrets and a receiver knowing either one accepts")
    void rotation() throws Exception {
        receiver = new FakeWebhookReceiver(clock, FakeWebhookReceiver.OLD_SECRET);
        channel(receiver.origin(), Map.of("ops-hook", FakeWebhookReceiver.SECRET + " " + FakeWebhookReceiver.OLD_SECRET));
        assertThat(channel.send(firing("ba1-r1", ADDRESS, "ops-hook"))).isInstanceOf(DeliveryResult.Delivered.class);
        receiver.acceptSecrets(FakeWebhookReceiver.SECRET);
        assertThat(channel.send(firing("ba1-r2", ADDRESS, "ops-hook"))).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(receiver.server.received().get(1).header("webhook-signature").split(" ")).hasSize(2);
        // Once the receiver knows only the new secret, a request signed with the old one alone is refused.
        channel.close();
        channel(receiver.origin(), Map.of("ops-hook", FakeWebhookReceiver.OLD_SECRET));
        assertThat(channel.send(firing("ba1-r3", ADDRESS, "ops-hook")))
                .isInstanceOf(DeliveryResult.PermanentFailure.class)
                .extracting(r -> ((DeliveryResult.PermanentFailure) r).reason()).asString()
                .contains("HTTP 401", "no matching signature");
    }

    @Test
    @DisplayName("an address that names no secret is sent unsigned")
    void unsigned() throws Exception {
        receiver = new FakeWebhookReceiver(clock);
        assertThat(channel(receiver.origin(), Map.of()).send(firing("ba1-u", ADDRESS, null)))
                .isEqualTo(DeliveryResult.delivered("rcv-1"));
        assertThat(receiver.server.only().header("webhook-signature")).isNull();
        assertThat(receiver.server.only().header("webhook-id")).isEqualTo("ba1-u");
    }

    @Test
    @DisplayName("a secret id the resolver does not know fails for good, naming the id; nothing is sent")
    void unknownSecret() throws Exception {
        receiver = new FakeWebhookReceiver(clock, FakeWebhookReceiver.SECRET);
        DeliveryResult result = channel(receiver.origin(), Map.of("other", FakeWebhookReceiver.SECRET))
                .send(firing("ba1-s", ADDRESS, "ops-hook"));
        assertThat(result).isEqualTo(DeliveryResult.permanentFailure("webhook to https://hooks.example.com/alarms/ops?***: "
                + "secret 'ops-hook' is not known to the secret resolver; nothing was sent"));
        assertThat(receiver.server.received()).isEmpty();
    }

    @Test
    @DisplayName("a secret value that is not a Standard Webhooks secret fails for good without showing it")
    void malformedSecret() throws Exception {
        receiver = new FakeWebhookReceiver(clock, FakeWebhookReceiver.SECRET);
        TestLog log = TestLog.mark();
        String value = "hunter2-is-my-password";
        DeliveryResult result = channel(receiver.origin(), Map.of("ops-hook", value))
                .send(firing("ba1-m", ADDRESS, "ops-hook"));
        assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
        String reason = ((DeliveryResult.PermanentFailure) result).reason();
        assertThat(reason).contains("secret 'ops-hook': the secret is not whsec_ followed by base64").doesNotContain(value).doesNotContain("hunter2");
        assertThat(log.since()).doesNotContain("hunter2");
        assertThat(receiver.server.received()).isEmpty();
    }

    @Test
    @DisplayName("a resolver that cannot read its store now is a temporary failure, logged with its stack trace")
    void resolverFails() throws Exception {
        receiver = new FakeWebhookReceiver(clock, FakeWebhookReceiver.SECRET);
        channel = WebhookChannel.of(WebhookSettings.custom().originOverride(receiver.origin()).clock(clock)
                .secrets(id -> {
                    throw new UncheckedIOException("cannot read /run/secrets/" + id, new IOException("EIO"));
                }).build());
        TestLog log = TestLog.mark();
        DeliveryResult result = channel.send(firing("ba1-f", ADDRESS, "ops-hook"));
        assertThat(result).isInstanceOf(DeliveryResult.TemporaryFailure.class);
        assertThat(((DeliveryResult.TemporaryFailure) result).reason())
                .contains("secret 'ops-hook' could not be read (UncheckedIOException)");
        assertThat(log.since()).contains("reading secret 'ops-hook' failed", "\tat ");
        assertThat(receiver.server.received()).isEmpty();
    }

    @Test
    @DisplayName("the same message sent twice carries the same webhook-id, and the receiver acts once")
    void retryIsDeduplicated() throws Exception {
        receiver = new FakeWebhookReceiver(clock, FakeWebhookReceiver.SECRET);
        channel(receiver.origin(), Map.of("ops-hook", FakeWebhookReceiver.SECRET));
        OutboundMessage message = firing("ba1-d", ADDRESS, "ops-hook");
        channel.send(message);
        clock.advance(Duration.ofMinutes(2));
        channel.send(message);
        assertThat(receiver.server.received()).hasSize(2);
        assertThat(receiver.server.received().get(1).header("webhook-timestamp"))
                .isEqualTo(Long.toString(NOW.plusSeconds(120).getEpochSecond()));
        assertThat(receiver.acceptedCount("/alarms/ops", "ba1-d")).isEqualTo(1);
    }

    @Test
    @DisplayName("an idempotency key with a full stop becomes a stable id without one")
    void keyWithFullStop() throws Exception {
        receiver = new FakeWebhookReceiver(clock);
        channel(receiver.origin(), Map.of());
        channel.send(firing("host.key.1", ADDRESS, null));
        channel.send(firing("host.key.1", ADDRESS, null));
        String id = receiver.server.received().get(0).header("webhook-id");
        assertThat(id).matches("ba-[0-9a-f]{40}").isEqualTo(receiver.server.received().get(1).header("webhook-id"));
        JsonNode body = MAPPER.readTree(receiver.acceptedBodies().get(0));
        assertThat(body.get("id").asText()).isEqualTo(id);
        assertThat(body.get("idempotencyKey").asText()).isEqualTo("host.key.1");
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {408, 429, 500, 502, 503, 504})
    @DisplayName("408, 429 and 5xx are temporary and carry the receiver's Retry-After")
    void temporary(int status) throws Exception {
        plain(status, Map.of("Retry-After", "120"), "{\"error\":\"busy\"}");
        DeliveryResult result = channel(plain.baseUrl(), Map.of()).send(firing("ba1-t", ADDRESS, null));
        assertThat(result).isEqualTo(new DeliveryResult.TemporaryFailure(
                "webhook to https://hooks.example.com/alarms/ops?*** failed: HTTP " + status + " '{\"error\":\"busy\"}'",
                java.util.Optional.of(Duration.ofSeconds(120))));
    }

    @Test
    @DisplayName("a Retry-After date is measured against the channel's clock")
    void retryAfterDate() throws Exception {
        plain(503, Map.of("Retry-After", "Sun, 01 Mar 2026 08:05:00 GMT"), "");
        DeliveryResult result = channel(plain.baseUrl(), Map.of()).send(firing("ba1-t", ADDRESS, null));
        assertThat(((DeliveryResult.TemporaryFailure) result).retryAfter()).contains(Duration.ofMinutes(5));
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {400, 401, 403, 404, 405, 409, 413, 422})
    @DisplayName("other 4xx statuses are permanent, with the receiver's answer")
    void permanent(int status) throws Exception {
        plain(status, Map.of(), "{\"error\":\"no\"}");
        DeliveryResult result = channel(plain.baseUrl(), Map.of()).send(firing("ba1-p", ADDRESS, null));
        assertThat(result).isEqualTo(DeliveryResult.permanentFailure(
                "webhook to https://hooks.example.com/alarms/ops?*** failed: HTTP " + status + " '{\"error\":\"no\"}'"));
    }

    @Test
    @DisplayName("410 is permanent and says the receiver asks for no more requests")
    void gone() throws Exception {
        receiver = new FakeWebhookReceiver(clock);
        DeliveryResult result = channel(receiver.origin(), Map.of())
                .send(firing("ba1-g", "https://hooks.example.com/gone", null));
        assertThat(result).isEqualTo(DeliveryResult.permanentFailure("webhook to https://hooks.example.com/gone failed: "
                + "HTTP 410 '{\"error\":\"endpoint disabled\"}'; the receiver is gone and asks for no more requests"));
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {301, 302, 307, 308})
    @DisplayName("a redirect is permanent and never followed")
    void redirect(int status) throws Exception {
        receiver = new FakeWebhookReceiver(clock);
        plain(status, Map.of("Location", receiver.origin() + "/elsewhere?token=abc"), "");
        DeliveryResult result = channel(plain.baseUrl(), Map.of()).send(firing("ba1-x", ADDRESS, null));
        assertThat(result).isEqualTo(DeliveryResult.permanentFailure("webhook to https://hooks.example.com/alarms/ops?*** "
                + "was redirected (HTTP " + status + ") to http://127.0.0.1; redirects are not followed: update the address"));
        assertThat(receiver.server.received()).isEmpty();
    }

    @Test
    @DisplayName("the receipt is the answer's id, else its X-Request-Id, else the status")
    void receipts() throws Exception {
        plain(202, Map.of("X-Request-Id", "req-77"), "accepted");
        assertThat(channel(plain.baseUrl(), Map.of()).send(firing("ba1-1", ADDRESS, null)))
                .isEqualTo(DeliveryResult.delivered("req-77"));
        plain.respondWith(request -> new LoopbackServer.Answer(204, Map.of(), ""));
        assertThat(channel.send(firing("ba1-2", ADDRESS, null))).isEqualTo(DeliveryResult.delivered("HTTP 204"));
        plain.respondWith(request -> LoopbackServer.Answer.json(200, "{\"id\":42}"));
        assertThat(channel.send(firing("ba1-3", ADDRESS, null))).isEqualTo(DeliveryResult.delivered("42"));
    }

    @Test
    @DisplayName("no answer in time is an unknown outcome, retried, and the reason says the receiver dedupes by webhook-id")
    void timeoutIsRetried() throws Exception {
        plain(200, Map.of(), "");
        channel = WebhookChannel.of(WebhookSettings.custom().originOverride(plain.baseUrl()).clock(clock)
                .requestTimeout(Duration.ofSeconds(1)).build());
        // One answered request first, so that the connection is open when the receiver stops answering.
        assertThat(channel.send(firing("ba1-w", ADDRESS, null))).isInstanceOf(DeliveryResult.Delivered.class);
        plain.hang();
        DeliveryResult result = channel.send(firing("ba1-h", ADDRESS, null));
        assertThat(result).isInstanceOf(DeliveryResult.TemporaryFailure.class);
        assertThat(((DeliveryResult.TemporaryFailure) result).reason())
                .contains("no answer within PT1S", "outcome is unknown and will be retried", WebhookChannel.RETRY_RISK);
    }

    @Test
    @DisplayName("a refused connection is temporary: nothing was sent")
    void refused() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        DeliveryResult result = channel("http://127.0.0.1:" + port, Map.of()).send(firing("ba1-c", ADDRESS, null));
        assertThat(result).isInstanceOf(DeliveryResult.TemporaryFailure.class);
        assertThat(((DeliveryResult.TemporaryFailure) result).reason()).contains("nothing was sent");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://hooks.example.com/x", "not a url", "https:///nohost", "https://u:p@hooks.example.com/x"})
    @DisplayName("an address that is not an https URL fails for good and nothing is sent")
    void badAddress(String address) throws Exception {
        receiver = new FakeWebhookReceiver(clock);
        DeliveryResult result = channel(receiver.origin(), Map.of()).send(firing("ba1-b", address, null));
        assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
        assertThat(((DeliveryResult.PermanentFailure) result).reason()).startsWith("webhook: address '")
                .endsWith("; nothing was sent");
        assertThat(receiver.server.received()).isEmpty();
    }

    @Test
    @DisplayName("the secret never reaches a reason or a log line, whatever the outcome")
    void secretNeverShown() throws Exception {
        receiver = new FakeWebhookReceiver(clock, FakeWebhookReceiver.SECRET);
        TestLog log = TestLog.mark();
        channel(receiver.origin(), Map.of("ops-hook", FakeWebhookReceiver.SECRET));
        List<DeliveryResult> results = new java.util.ArrayList<>();
        results.add(channel.send(firing("ba1-n1", ADDRESS, "ops-hook")));
        results.add(channel.send(firing("ba1-n2", "https://hooks.example.com/gone", "ops-hook")));
        receiver.acceptSecrets(FakeWebhookReceiver.OLD_SECRET);
        results.add(channel.send(firing("ba1-n3", ADDRESS, "ops-hook")));
        channel.close();
        channel = WebhookChannel.of(WebhookSettings.custom().originOverride(receiver.origin()).clock(clock)
                .secrets(SecretResolver.of(Map.of("ops-hook", FakeWebhookReceiver.SECRET)))
                .requestTimeout(Duration.ofSeconds(1)).build());
        receiver.acceptSecrets(FakeWebhookReceiver.SECRET);
        results.add(channel.send(firing("ba1-n4", ADDRESS, "ops-hook")));
        receiver.server.hang();
        results.add(channel.send(firing("ba1-n5", ADDRESS, "ops-hook")));
        String key = FakeWebhookReceiver.SECRET.substring("whsec_".length());
        assertThat(results).extracting(Object::toString).allSatisfy(text -> assertThat(text).doesNotContain(key));
        assertThat(results.get(2).toString()).contains("HTTP 401");
        assertThat(results.get(3)).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(results.get(4)).isInstanceOf(DeliveryResult.TemporaryFailure.class);
        assertThat(log.since()).doesNotContain(key);
    }
}
