package io.backupalarm.channels.robot;

import static io.backupalarm.channels.robot.Messages.firing;
import static io.backupalarm.channels.robot.Messages.reason;
import static io.backupalarm.channels.robot.Messages.retryAfter;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("The WeCom group robot channel")
final class WeComChannelTest {

    static final String KEY = "633a31f6-7f9c-4bc4-97a0-0ec1eefa5898";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T08:00:00Z"));
    private final FakeRobot wecom;
    private final Channel channel;

    WeComChannelTest() throws Exception {
        wecom = new FakeRobot(FakeRobot.Provider.WECOM, clock).robot(KEY, null);
        channel = RobotChannels.weCom(RobotSettings.custom().originOverride(wecom.origin()).clock(clock).build(),
                SecretResolver.none());
    }

    @AfterEach
    void stop() {
        channel.close();
        wecom.close();
    }

    @Test
    @DisplayName("a markdown message is posted unsigned to the robot's key")
    void markdown() {
        TestLog log = TestLog.mark();
        OutboundMessage message = firing("wecom", wecom.address(KEY), null);
        assertThat(channel.send(message)).isEqualTo(DeliveryResult.delivered(""));
        assertThat(wecom.acceptedCount(message.address(), message.idempotencyKey())).isEqualTo(1);
        assertThat(wecom.accepted().get(0).body().toString()).isEqualTo("{\"msgtype\":\"markdown\",\"markdown\":"
                + "{\"content\":\"**Backup alarm: client i-web1 disconnected**\\nBackup client i-web1 (vault v-prod) has "
                + "been disconnected since 2026-01-01 01:00 UTC.\\nCheck that the machine is on and can reach the "
                + "backup service.\"}}");
        assertThat(log.since()).doesNotContain(KEY);
    }

    @Test
    @DisplayName("a secret named by a WeCom address is not used: WeCom does not sign, its key is in the URL")
    void secretIgnored() {
        OutboundMessage message = firing("wecom", wecom.address(KEY), "not-looked-up");
        assertThat(channel.send(message)).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(wecom.received().get(0).query()).containsOnlyKeys("key");
    }

    @Test
    @DisplayName("an unknown key is refused by the robot (93000) and is permanent, without showing the key")
    void unknownKey() {
        DeliveryResult result = channel.send(firing("wecom", wecom.address("0b2c1d3e-0000-4000-8000-00000000dead"), null));
        assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
        assertThat(reason(result)).contains("93000", "invalid webhook url", "key=***").doesNotContain("dead");
    }

    @Test
    @DisplayName("content is cut to 4,096 bytes of UTF-8 on a character boundary, with a marker in the message's language")
    void cutToBytes() {
        String text = "客户端 i-web1 已断开连接；".repeat(400);
        OutboundMessage message = Messages.message("wecom", wecom.address(KEY), null, Locale.SIMPLIFIED_CHINESE,
                OutboundMessage.Kind.FIRING, "【备份告警】客户端断开", text);
        assertThat(channel.send(message)).isInstanceOf(DeliveryResult.Delivered.class);
        String content = wecom.accepted().get(0).body().get("markdown").get("content").asText();
        assertThat(content.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096).isGreaterThan(4090);
        assertThat(content).startsWith("**【备份告警】客户端断开**\n客户端").endsWith("\n…（内容过长，已截断）");
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "200|{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}|temporary|PT1M",
        "200|{\"errcode\":45009,\"errmsg\":\"\"}|temporary|PT1M",
        "200|{\"errcode\":-1,\"errmsg\":\"system busy\"}|temporary|",
        "200|{\"errcode\":93000,\"errmsg\":\"invalid webhook url, hint: [1714538355214402498975046]\"}|permanent|",
        "200|{\"errcode\":40058,\"errmsg\":\"markdown.content exceed max length 4096. invalid Request Parameter\"}|permanent|",
        "200|{\"errcode\":44004,\"errmsg\":\"empty content\"}|permanent|",
        "200|{\"errcode\":88888,\"errmsg\":\"unheard of\"}|permanent|",
        "502|<html>bad gateway</html>|temporary|",
    })
    @DisplayName("every answer is classified")
    void classification(int status, String body, String expected, String pause) {
        wecom.answerNext(status, body);
        DeliveryResult result = channel.send(firing("wecom", wecom.address(KEY), null));
        assertThat(result).isInstanceOf(expected.equals("temporary")
                ? DeliveryResult.TemporaryFailure.class : DeliveryResult.PermanentFailure.class);
        if (expected.equals("temporary")) {
            assertThat(retryAfter(result)).isEqualTo(pause == null ? Optional.empty() : Optional.of(Duration.parse(pause)));
        }
        assertThat(reason(result)).doesNotContain(KEY);
    }

    @Test
    @DisplayName("the 21st message to a robot within a minute waits, without being sent")
    void sendLimit() {
        for (int i = 0; i < 20; i++) {
            assertThat(channel.send(firing("wecom", wecom.address(KEY), null))).isInstanceOf(DeliveryResult.Delivered.class);
        }
        DeliveryResult limited = channel.send(firing("wecom", wecom.address(KEY), null));
        assertThat(retryAfter(limited)).contains(Duration.ofMinutes(1));
        assertThat(wecom.received()).hasSize(20);
    }

    @Test
    @DisplayName("with the limit switched off (0), WeCom's own refusal is what stops the 21st")
    void limitOff() {
        Channel unlimited = RobotChannels.weCom(RobotSettings.custom().originOverride(wecom.origin()).clock(clock)
                .sendsPerMinute(0).build(), SecretResolver.none());
        for (int i = 0; i < 21; i++) {
            assertThat(unlimited.send(firing("wecom", wecom.address(KEY), null))).isInstanceOf(DeliveryResult.Delivered.class);
        }
        unlimited.close();
        assertThat(wecom.received()).hasSize(21);
    }
}
