package io.backupalarm.channels.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The webhook gateway")
final class WebhookSmsGatewayTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:15:30Z"), ZoneOffset.UTC);

    private FakeWebhookReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = new FakeWebhookReceiver(CLOCK);
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private WebhookSmsSettings.Builder settings() {
        return WebhookSmsSettings.custom().url(receiver.url()).secret(FakeWebhookReceiver.SECRET)
                .transport(HttpTransport.custom().clock(CLOCK).build());
    }

    private static SmsRequest request(String to) {
        return new SmsRequest("key-1", to, "备份失败：i-web1", OutboundMessage.Kind.FIRING, Locale.CHINA,
                Map.of(OutboundMessage.DataKeys.INSTANCE, "i-web1"));
    }

    private static String reason(DeliveryResult result) {
        return result instanceof DeliveryResult.PermanentFailure p ? p.reason()
                : ((DeliveryResult.TemporaryFailure) result).reason();
    }

    @Test
    @DisplayName("posts a signed JSON body with the timestamp, signature and idempotency headers")
    void postsTheFullRequest() throws Exception {
        DeliveryResult result = SmsGateways.webhook(settings().build()).send(request("+8613800138000"));

        assertThat(result).isEqualTo(DeliveryResult.delivered("msg-key-1"));
        LoopbackServer.Received request = receiver.server.only();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/hooks/sms");
        assertThat(request.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(request.header(WebhookSignature.TIMESTAMP_HEADER)).isEqualTo("1795774530");
        assertThat(request.header(WebhookSignature.IDEMPOTENCY_HEADER)).isEqualTo("key-1");
        assertThat(request.header(WebhookSignature.SIGNATURE_HEADER))
                .isEqualTo(WebhookSignature.sign(FakeWebhookReceiver.SECRET, 1795774530L, request.body()));
        JsonNode body = new ObjectMapper().readTree(request.body());
        assertThat(body.path("idempotencyKey").asText()).isEqualTo("key-1");
        assertThat(body.path("to").asText()).isEqualTo("+8613800138000");
        assertThat(body.path("text").asText()).isEqualTo("备份失败：i-web1");
        assertThat(body.path("kind").asText()).isEqualTo("FIRING");
        assertThat(body.path("locale").asText()).isEqualTo("zh-CN");
        assertThat(body.path("encoding").asText()).isEqualTo("UCS2");
        assertThat(body.path("segments").asInt()).isEqualTo(1);
        assertThat(body.path("data").path("instance").asText()).isEqualTo("i-web1");
    }

    @Test
    @DisplayName("a receiver's 422 is permanent with its message")
    void refused() {
        DeliveryResult result = SmsGateways.webhook(settings().build()).send(request(FakeWebhookReceiver.REFUSED_NUMBER));
        assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
        assertThat(reason(result)).contains("HTTP 422", "cannot receive SMS");
    }

    @Test
    @DisplayName("a wrong secret is refused by the receiver (401) and is permanent without showing the secret")
    void wrongSecret() {
        String wrong = "another-secret-0123456";
        DeliveryResult result = SmsGateways.webhook(settings().secret(wrong).build()).send(request("+8613800138000"));
        assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
        assertThat(reason(result)).contains("HTTP 401").doesNotContain(wrong, FakeWebhookReceiver.SECRET);
    }

    @Test
    @DisplayName("429 with Retry-After is temporary with the pause asked for")
    void tooManyRequests() {
        receiver.answerWith(new LoopbackServer.Answer(429, Map.of("Retry-After", "12"), ""));
        DeliveryResult result = SmsGateways.webhook(settings().build()).send(request("+8613800138000"));
        assertThat(result).isEqualTo(DeliveryResult.temporaryFailure(reason(result), Duration.ofSeconds(12)));
    }

    @Test
    @DisplayName("a 5xx answer is temporary")
    void serverError() {
        receiver.answerWith(LoopbackServer.Answer.json(502, "{\"message\":\"upstream down\"}"));
        DeliveryResult result = SmsGateways.webhook(settings().build()).send(request("+8613800138000"));
        assertThat(result).isInstanceOf(DeliveryResult.TemporaryFailure.class);
        assertThat(reason(result)).contains("HTTP 502", "upstream down");
    }

    @Test
    @DisplayName("a receiver's answer with line breaks reaches the reason and the log escaped, never as a line of its own")
    void answerWithLineBreaks() {
        SmsChannel channel = SmsChannel.of(SmsGateways.webhook(settings().build()));
        TestLog log = TestLog.mark();

        receiver.answerWith(LoopbackServer.Answer.json(400, "{\"message\":\"refused\\r\\nFORGED: json line\"}"));
        DeliveryResult json = channel.send(message("key-json"));
        receiver.answerWith(new LoopbackServer.Answer(503, Map.of("Content-Type", "text/plain"),
                "busy\r\nFORGED: raw line\rFORGED: bare CR"));
        DeliveryResult raw = channel.send(message("key-raw"));
        channel.close();

        assertThat(reason(json)).contains("HTTP 400, 'refused\\u000d\\u000aFORGED: json line'");
        assertThat(reason(raw)).contains("HTTP 503, 'busy\\u000d\\u000aFORGED: raw line\\u000dFORGED: bare CR'");
        assertThat(List.of(reason(json), reason(raw))).allSatisfy(reason ->
                assertThat(reason).doesNotContain("\r").doesNotContain("\n"));
        String logged = log.since();
        assertThat(logged).as("both failures are logged").contains("FORGED: json line", "FORGED: bare CR")
                .doesNotContain("\r");
        assertThat(logged.lines()).noneMatch(line -> line.startsWith("FORGED"));
    }

    @Test
    @DisplayName("closing releases the HTTP client's threads; a closed gateway sends nothing")
    void closeReleasesThreads() throws Exception {
        Set<Thread> before = gatewayThreads();
        SmsGateway gateway = SmsGateways.webhook(settings().build());
        assertThat(gateway.send(request("+8613800138000"))).isInstanceOf(DeliveryResult.Delivered.class);
        Set<Thread> started = gatewayThreads();
        started.removeAll(before);
        assertThat(started).as("threads of this gateway's client").isNotEmpty();

        gateway.close();
        gateway.close();

        for (Thread thread : started) {
            thread.join(10_000); // only bounds a hang: the threads end as soon as the executor is shut down
            assertThat(thread.isAlive()).as(thread.getName()).isFalse();
        }
        DeliveryResult afterClose = gateway.send(request("+8613800138000"));
        assertThat(afterClose).isInstanceOf(DeliveryResult.TemporaryFailure.class);
        assertThat(reason(afterClose)).contains("closed", "nothing was sent");
        assertThat(receiver.server.received()).hasSize(1);
    }

    private static Set<Thread> gatewayThreads() {
        Set<Thread> threads = new HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("backup-alarm-http-sms-webhook-")) {
                threads.add(thread);
            }
        }
        return threads;
    }

    private static OutboundMessage message(String key) {
        return new OutboundMessage(key, "sms", "+8613800138000", OutboundMessage.Kind.FIRING, Locale.ENGLISH,
                "Backup failed", "Backup failed", Map.of());
    }

    @Test
    @DisplayName("no answer in time is temporary by default, and a retry carries the same key")
    void timeout() {
        receiver.server.hang();
        DeliveryResult result = SmsGateways.webhook(settings().transport(HttpTransport.custom().clock(CLOCK)
                .requestTimeout(Duration.ofMillis(300)).build()).build())
                .send(request("+8613800138000"));
        assertThat(result).isInstanceOf(DeliveryResult.TemporaryFailure.class);
        assertThat(reason(result)).contains("outcome is unknown", "Idempotency-Key");
    }
}
