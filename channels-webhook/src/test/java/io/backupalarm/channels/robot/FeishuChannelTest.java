package io.backupalarm.channels.robot;

import static io.backupalarm.channels.robot.Messages.firing;
import static io.backupalarm.channels.robot.Messages.reason;
import static io.backupalarm.channels.robot.Messages.retryAfter;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupalarm.channels.webhook.TestLog;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.SecretResolver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("The Feishu (Lark) custom bot channel")
final class FeishuChannelTest {

    static final String SECRET = "qP3xZ8mN2kL7vB4cR9tY1w";
    static final String HOOK = "2f1a9d3c-8b7e-4f6a-9c5d-1e2f3a4b5c6d";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T08:00:00Z"));
    private final FakeRobot feishu;
    private final Channel channel;

    FeishuChannelTest() throws Exception {
        feishu = new FakeRobot(FakeRobot.Provider.FEISHU, clock).robot(HOOK, SECRET).robot("open-hook", null);
        channel = channel(RobotSettings.custom(), Map.of("feishu-ops", SECRET));
    }

    private Channel channel(RobotSettings.Builder settings, Map<String, String> secrets) {
        return RobotChannels.feishu(settings.originOverride(feishu.origin()).clock(clock).build(), SecretResolver.of(secrets));
    }

    @AfterEach
    void stop() {
        channel.close();
        feishu.close();
    }

    @Test
    @DisplayName("a signed card is accepted by a bot that recomputes the body signature")
    void signedCard() {
        TestLog log = TestLog.mark();
        OutboundMessage message = firing("feishu", feishu.address(HOOK), "feishu-ops");
        assertThat(channel.send(message)).isEqualTo(DeliveryResult.delivered(""));
        assertThat(feishu.acceptedCount(message.address(), message.idempotencyKey())).isEqualTo(1);
        JsonNode body = feishu.accepted().get(0).body();
        assertThat(body.get("timestamp").asText()).isEqualTo(Long.toString(clock.instant().getEpochSecond()));
        assertThat(body.get("msg_type").asText()).isEqualTo("interactive");
        JsonNode card = body.get("card");
        assertThat(card.get("header").get("title").get("content").asText()).isEqualTo("Backup alarm: client i-web1 disconnected");
        assertThat(card.get("header").get("template").asText()).isEqualTo("red");
        assertThat(card.get("elements").get(0).get("tag").asText()).isEqualTo("markdown");
        assertThat(card.get("elements").get(0).get("content").asText()).startsWith("Backup client i-web1 (vault v-prod)");
        assertThat(log.since()).doesNotContain(SECRET, HOOK);
    }

    @Test
    @DisplayName("a Lark bot on open.larksuite.com is allowed too")
    void lark() {
        String address = "https://open.larksuite.com/open-apis/bot/v2/hook/open-hook";
        assertThat(channel.send(firing("feishu", address, null))).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(feishu.received().get(0).body()).doesNotContain("\"sign\"");
    }

    @Test
    @DisplayName("a wrong secret is refused by the bot (19021) and is permanent, without showing secret or hook id")
    void wrongSecret() {
        Channel wrong = channel(RobotSettings.custom(), Map.of("feishu-ops", "not-the-secret"));
        DeliveryResult result = wrong.send(firing("feishu", feishu.address(HOOK), "feishu-ops"));
        wrong.close();
        assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
        assertThat(reason(result)).contains("19021", "sign match fail", "/hook/***").doesNotContain(HOOK, "not-the-secret");
    }

    @Test
    @DisplayName("a secret id the resolver does not know is a permanent failure naming the id")
    void unknownSecret() {
        DeliveryResult result = channel.send(firing("feishu", feishu.address(HOOK), "feishu-missing"));
        assertThat(reason(result)).contains("secret 'feishu-missing'");
        assertThat(feishu.received()).isEmpty();
    }

    @Test
    @DisplayName("a long Chinese card is cut so that the whole body stays within 20,000 bytes")
    void bodyLimit() {
        String text = "客户端\"i-web1\"已断开连接\n".repeat(2000);
        OutboundMessage message = Messages.message("feishu", feishu.address(HOOK), "feishu-ops", Locale.SIMPLIFIED_CHINESE,
                OutboundMessage.Kind.GROUPED, "【备份告警】60条通知", text);
        assertThat(channel.send(message)).isInstanceOf(DeliveryResult.Delivered.class);
        FakeRobot.Received request = feishu.received().get(0);
        assertThat(request.body().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(20_000).isGreaterThan(19_900);
        JsonNode card = feishu.accepted().get(0).body().get("card");
        assertThat(card.get("header").get("template").asText()).isEqualTo("orange");
        assertThat(card.get("elements").get(0).get("content").asText()).endsWith("\n…（内容过长，已截断）");
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "200|{\"code\":11232,\"msg\":\"frequency limited psm[lark.oapi.app_platform_runtime]appID[1]\"}|temporary|PT1M",
        "200|{\"code\":11232,\"msg\":\"\"}|temporary|PT1M",
        "200|{\"code\":9499,\"msg\":\"too many request\",\"data\":{}}|temporary|PT1M",
        "200|{\"code\":9499,\"msg\":\"Bad Request: fail to parse content\",\"data\":{}}|permanent|",
        "200|{\"code\":19021,\"msg\":\"sign match fail or timestamp is not within one hour from current time\"}|permanent|",
        "200|{\"code\":19022,\"msg\":\"Ip Not Allowed\"}|permanent|",
        "200|{\"code\":19024,\"msg\":\"Key Words Not Found\"}|permanent|",
        "200|{\"code\":19001,\"data\":{},\"msg\":\"param invalid: incoming webhook access token invalid\"}|permanent|",
        "200|{\"StatusCode\":0,\"StatusMessage\":\"success\"}|delivered|",
        "200|{\"code\":123456,\"msg\":\"new\"}|permanent|",
        "400|{\"code\":19002,\"msg\":\"param invalid: msg_type\"}|permanent|",
        "500|{}|temporary|",
    })
    @DisplayName("every answer is classified")
    void classification(int status, String body, String expected, String pause) {
        feishu.answerNext(status, body);
        DeliveryResult result = channel.send(firing("feishu", feishu.address(HOOK), "feishu-ops"));
        switch (expected) {
            case "delivered" -> assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
            case "temporary" -> {
                assertThat(result).isInstanceOf(DeliveryResult.TemporaryFailure.class);
                assertThat(retryAfter(result)).isEqualTo(pause == null ? Optional.empty() : Optional.of(Duration.parse(pause)));
            }
            default -> assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
        }
    }

    @Test
    @DisplayName("HTTP 429 waits for x-ogw-ratelimit-reset when there is no Retry-After")
    void rateLimitHeader() {
        feishu.answerNext(429, "{\"code\":99991400,\"msg\":\"request trigger frequency limit\"}", "x-ogw-ratelimit-reset", "52");
        assertThat(retryAfter(channel.send(firing("feishu", feishu.address(HOOK), "feishu-ops")))).contains(Duration.ofSeconds(52));
    }

    @Test
    @DisplayName("the sixth message within a second waits: Feishu allows 5 a second and 100 a minute")
    void sendLimits() {
        for (int i = 0; i < 5; i++) {
            assertThat(channel.send(firing("feishu", feishu.address(HOOK), "feishu-ops"))).isInstanceOf(DeliveryResult.Delivered.class);
        }
        assertThat(retryAfter(channel.send(firing("feishu", feishu.address(HOOK), "feishu-ops")))).contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 95; i++) {
            assertThat(channel.send(firing("feishu", feishu.address(HOOK), "feishu-ops"))).isInstanceOf(DeliveryResult.Delivered.class);
            clock.advance(Duration.ofMillis(500));
        }
        // 100 within the last 48.5 seconds: the next waits until the first of them is a minute old.
        DeliveryResult limited = channel.send(firing("feishu", feishu.address(HOOK), "feishu-ops"));
        assertThat(retryAfter(limited)).contains(Duration.ofMillis(11_500));
        assertThat(feishu.received()).hasSize(100);
    }
}
