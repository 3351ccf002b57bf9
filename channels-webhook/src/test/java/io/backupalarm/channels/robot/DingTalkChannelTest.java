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

@DisplayName("The DingTalk custom robot channel")
final class DingTalkChannelTest {

    static final String SECRET = "SEC5a3ecf88f2b3eb50db30ecfc00f53033ac909c99bf7f88fd612bda89d7f3a9dc";
    static final String TOKEN = "b0e7c1d2a3f4e5d6c7b8a9f0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d0";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T08:00:00Z"));
    private final FakeRobot ding;
    private final Channel channel;

    DingTalkChannelTest() throws Exception {
        ding = new FakeRobot(FakeRobot.Provider.DINGTALK, clock).robot(TOKEN, SECRET).robot("open-robot", null);
        channel = channel(RobotSettings.custom(), Map.of("ding-ops", SECRET));
    }

    private Channel channel(RobotSettings.Builder settings, Map<String, String> secrets) {
        return RobotChannels.dingTalk(settings.originOverride(ding.origin()).clock(clock).build(), SecretResolver.of(secrets));
    }

    @AfterEach
    void stop() {
        channel.close();
        ding.close();
    }

    @Test
    @DisplayName("a signed markdown message is accepted by a robot that recomputes the query signature")
    void signedMarkdown() {
        OutboundMessage message = firing("dingtalk", ding.address(TOKEN), "ding-ops");
        assertThat(channel.send(message)).isEqualTo(DeliveryResult.delivered(""));

        assertThat(ding.acceptedCount(message.address(), message.idempotencyKey())).isEqualTo(1);
        FakeRobot.Received request = ding.received().get(0);
        assertThat(request.query()).containsEntry("timestamp", Long.toString(clock.millis()))
                .containsEntry("access_token", TOKEN).containsKey("sign");
        JsonNode body = ding.accepted().get(0).body();
        assertThat(body.get("msgtype").asText()).isEqualTo("markdown");
        assertThat(body.get("markdown").get("title").asText()).isEqualTo("Backup alarm: client i-web1 disconnected");
        assertThat(body.get("markdown").get("text").asText()).isEqualTo("#### Backup alarm: client i-web1 disconnected\n\n"
                + "Backup client i-web1 (vault v-prod) has been disconnected since 2026-01-01 01:00 UTC.  \n"
                + "Check that the machine is on and can reach the backup service.");
    }

    @Test
    @DisplayName("a robot without a secret gets an unsigned request")
    void unsigned() {
        OutboundMessage message = firing("dingtalk", ding.address("open-robot"), null);
        assertThat(channel.send(message)).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(ding.received().get(0).query()).doesNotContainKeys("timestamp", "sign");
    }

    @Test
    @DisplayName("a wrong secret is refused by the robot (310000) and is permanent; neither secret nor token is shown")
    void wrongSecret() {
        TestLog log = TestLog.mark();
        Channel wrong = channel(RobotSettings.custom(), Map.of("ding-ops", "SECwrong"));
        DeliveryResult result = wrong.send(firing("dingtalk", ding.address(TOKEN), "ding-ops"));
        wrong.close();
        assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
        assertThat(reason(result)).contains("310000", "sign not match", "access_token=***")
                .doesNotContain("SECwrong", TOKEN);
        assertThat(ding.accepted()).isEmpty();
        assertThat(log.since()).contains("310000").doesNotContain("SECwrong", SECRET, TOKEN);
    }

    @Test
    @DisplayName("a signature whose timestamp is more than an hour off the robot's clock is refused")
    void timestampOff() {
        Channel late = RobotChannels.dingTalk(RobotSettings.custom().originOverride(ding.origin())
                .clock(new ManualClock(clock.instant().minus(Duration.ofMinutes(61)))).build(),
                SecretResolver.of(Map.of("ding-ops", SECRET)));
        DeliveryResult result = late.send(firing("dingtalk", ding.address(TOKEN), "ding-ops"));
        late.close();
        assertThat(reason(result)).contains("310000");
    }

    @Test
    @DisplayName("a secret id the resolver does not know is a permanent failure naming the id, and nothing is sent")
    void unknownSecret() {
        DeliveryResult result = channel.send(firing("dingtalk", ding.address(TOKEN), "ding-missing"));
        assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
        assertThat(reason(result)).contains("secret 'ding-missing'", "not known").doesNotContain(TOKEN);
        assertThat(ding.received()).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "200|{\"errcode\":130101,\"errmsg\":\"send too fast, exceed 20 times per minute\"}|temporary|PT10M",
        "200|{\"errcode\":130101,\"errmsg\":\"\"}|temporary|PT10M",
        "200|{\"errcode\":410100,\"errmsg\":\"发送速度太快而限流\"}|temporary|PT10M",
        "200|{\"errcode\":-1,\"errmsg\":\"系统繁忙\"}|temporary|",
        "200|{\"errcode\":300001,\"errmsg\":\"send too fast\"}|temporary|PT10M",
        "200|{\"errcode\":310000,\"errmsg\":\"keywords not in content, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]\"}|permanent|",
        "200|{\"errcode\":310000,\"errmsg\":\"ip 203.0.113.9 not in whitelist\"}|permanent|",
        "200|{\"errcode\":300001,\"errmsg\":\"token is not exist\"}|permanent|",
        "200|{\"errcode\":300005,\"errmsg\":\"token is not exist\"}|permanent|",
        "200|{\"errcode\":400013,\"errmsg\":\"群已被解散\"}|permanent|",
        "200|{\"errcode\":400102,\"errmsg\":\"bot is stopped\"}|permanent|",
        "200|{\"errcode\":40035,\"errmsg\":\"缺少参数 access_token\"}|permanent|",
        "200|{\"errcode\":777777,\"errmsg\":\"something new\"}|permanent|",
        "503|<html>busy</html>|temporary|",
        "404|<html>not found</html>|permanent|",
        "200|<html>ok?</html>|permanent|",
    })
    @DisplayName("every answer is classified")
    void classification(int status, String body, String expected, String pause) {
        ding.answerNext(status, body);
        DeliveryResult result = channel.send(firing("dingtalk", ding.address(TOKEN), "ding-ops"));
        assertThat(result).isInstanceOf(expected.equals("temporary")
                ? DeliveryResult.TemporaryFailure.class : DeliveryResult.PermanentFailure.class);
        if (expected.equals("temporary")) {
            assertThat(retryAfter(result)).isEqualTo(pause == null ? Optional.empty() : Optional.of(Duration.parse(pause)));
        }
        assertThat(reason(result)).doesNotContain(TOKEN, SECRET);
    }

    @Test
    @DisplayName("HTTP 429 honours Retry-After")
    void retryAfterHeader() {
        ding.answerNext(429, "", "Retry-After", "30");
        DeliveryResult result = channel.send(firing("dingtalk", ding.address(TOKEN), "ding-ops"));
        assertThat(retryAfter(result)).contains(Duration.ofSeconds(30));
    }

    @Test
    @DisplayName("an answer without a code is an unknown outcome: not retried by default, retried when set")
    void unknownOutcomeAnswer() {
        ding.answerNext(200, "{}");
        assertThat(reason(channel.send(firing("dingtalk", ding.address(TOKEN), "ding-ops"))))
                .contains("outcome is unknown and is not retried", "robots do not drop duplicates");
        Channel retrying = channel(RobotSettings.custom().retryUnknownOutcome(true), Map.of("ding-ops", SECRET));
        ding.answerNext(200, "{}");
        assertThat(retrying.send(firing("dingtalk", ding.address(TOKEN), "ding-ops")))
                .isInstanceOf(DeliveryResult.TemporaryFailure.class);
        retrying.close();
    }

    @Test
    @DisplayName("no answer in time is an unknown outcome, not retried by default")
    void timeout() {
        ding.hang();
        Channel impatient = channel(RobotSettings.custom().requestTimeout(Duration.ofMillis(300)), Map.of("ding-ops", SECRET));
        DeliveryResult result = impatient.send(firing("dingtalk", ding.address(TOKEN), "ding-ops"));
        impatient.close();
        assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
        assertThat(reason(result)).contains("no answer within PT0.3S", "not retried").doesNotContain(TOKEN);
    }

    @Test
    @DisplayName("a URL off the allow-list, or not https, is refused before anything is sent")
    void allowList() {
        for (String address : new String[] {"https://evil.example/robot/send?access_token=" + TOKEN,
                "http://oapi.dingtalk.com/robot/send?access_token=" + TOKEN,
                "https://oapi.dingtalk.com:8443/robot/send?access_token=" + TOKEN}) {
            DeliveryResult result = channel.send(firing("dingtalk", address, "ding-ops"));
            assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
            assertThat(reason(result)).doesNotContain(TOKEN);
        }
        assertThat(ding.received()).isEmpty();
    }

    @Test
    @DisplayName("the 21st message to a robot within a minute waits, without being sent")
    void sendLimit() {
        for (int i = 0; i < 20; i++) {
            assertThat(channel.send(firing("dingtalk", ding.address(TOKEN), "ding-ops"))).isInstanceOf(DeliveryResult.Delivered.class);
            clock.advance(Duration.ofSeconds(1));
        }
        DeliveryResult limited = channel.send(firing("dingtalk", ding.address(TOKEN), "ding-ops"));
        assertThat(reason(limited)).contains("client-side send limit");
        assertThat(retryAfter(limited)).contains(Duration.ofSeconds(40));
        assertThat(ding.received()).hasSize(20);
        // Another robot has its own limit.
        assertThat(channel.send(firing("dingtalk", ding.address("open-robot"), null))).isInstanceOf(DeliveryResult.Delivered.class);
        clock.advance(Duration.ofSeconds(40));
        assertThat(channel.send(firing("dingtalk", ding.address(TOKEN), "ding-ops"))).isInstanceOf(DeliveryResult.Delivered.class);
    }

    @Test
    @DisplayName("long Chinese text is cut to 5,000 characters on a character boundary, with a Chinese marker")
    void chineseCut() {
        String text = "备份客户端已断开连接。".repeat(600) + "😀";
        OutboundMessage message = Messages.message("dingtalk", ding.address(TOKEN), "ding-ops", Locale.SIMPLIFIED_CHINESE,
                OutboundMessage.Kind.GROUPED, "【备份告警】60条通知", text);
        assertThat(channel.send(message)).isInstanceOf(DeliveryResult.Delivered.class);
        String sent = ding.accepted().get(0).body().get("markdown").get("text").asText();
        assertThat(sent.codePointCount(0, sent.length())).isEqualTo(5000);
        String marker = "\n…（内容过长，已截断）";
        assertThat(sent).endsWith(marker);
        assertThat("#### 【备份告警】60条通知\n\n" + text).startsWith(sent.substring(0, sent.length() - marker.length()));
    }

    @Test
    @DisplayName("angle brackets from a backup job cannot add markup or mention people")
    void angleBrackets() {
        OutboundMessage message = Messages.message("dingtalk", ding.address(TOKEN), "ding-ops", Locale.ENGLISH,
                OutboundMessage.Kind.FIRING, "Backup alarm: job <@all> failed", "Message: <font color=red>x</font>");
        channel.send(message);
        String sent = ding.accepted().get(0).body().get("markdown").get("text").asText();
        assertThat(sent).doesNotContain("<", ">").contains("＜@all＞", "＜font color=red＞");
    }
}
