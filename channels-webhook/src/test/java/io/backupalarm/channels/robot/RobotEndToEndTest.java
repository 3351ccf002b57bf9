package io.backupalarm.channels.robot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupalarm.config.Account;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactAddress;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.ManualTime;
import io.backupalarm.quiet.TestTarget;
import io.backupalarm.spi.ConfigurationStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From an alarm through the engine to the three robots: the engine discovers the channels through
 * their providers (origin override to loopback fakes, secrets from a directory), and a contact's
 * verified DingTalk, WeCom and Feishu addresses each get the message, signed where the robot
 * asks for it. The fakes check signatures against the real clock, as the channels sign with it;
 * the engine runs on a manual clock.
 */
@DisplayName("End to end: an alarm reaches a contact's DingTalk, WeCom and Feishu robots")
final class RobotEndToEndTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String DING_TOKEN = "e2e0dd1c6f2a4b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e";
    private static final String WECOM_KEY = "693a91f6-7a1b-4bc4-97a0-0ec2a1fa5aaa";
    private static final String FEISHU_HOOK = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";

    private final ManualClock clock = new ManualClock(T0);
    private final ConfigurationStore store = ConfigurationStore.inMemory();
    private final FakeRobot ding;
    private final FakeRobot wecom;
    private final FakeRobot feishu;

    @TempDir
    Path secrets;

    RobotEndToEndTest() throws Exception {
        ding = new FakeRobot(FakeRobot.Provider.DINGTALK, Clock.systemUTC()).robot(DING_TOKEN, DingTalkChannelTest.SECRET);
        wecom = new FakeRobot(FakeRobot.Provider.WECOM, Clock.systemUTC()).robot(WECOM_KEY, null);
        feishu = new FakeRobot(FakeRobot.Provider.FEISHU, Clock.systemUTC()).robot(FEISHU_HOOK, FeishuChannelTest.SECRET);
    }

    @AfterEach
    void stop() {
        ding.close();
        wecom.close();
        feishu.close();
    }

    private void configure(Locale locale, int clients) throws Exception {
        Files.writeString(secrets.resolve("ding-ops"), DingTalkChannelTest.SECRET);
        Files.writeString(secrets.resolve("feishu-ops"), FeishuChannelTest.SECRET);
        ConfigurationAdmin admin = ConfigurationAdmin.on(store);
        admin.createAccount(new Account("acct-1", EmailAddress.of("owner@example.com"), null, null, locale));
        admin.importContact(Contact.verified("c-alice", "acct-1", "Alice", null, null, List.of(
                ContactAddress.verified("dingtalk", ding.address(DING_TOKEN), "ding-ops"),
                ContactAddress.verified("wecom", wecom.address(WECOM_KEY), null),
                ContactAddress.verified("feishu", feishu.address(FEISHU_HOOK), "feishu-ops"))));
        admin.createVault(new Vault("v-prod", "acct-1", VaultAlarmPolicy.customized(List.of("c-alice"), List.of())));
        for (int i = 1; i <= clients; i++) {
            admin.createInstance(new Instance("i-web" + i, "v-prod", InstanceAlarmPolicy.SAME_AS_VAULT));
        }
    }

    private AlarmEngine engine() {
        Map<String, String> common = Map.of("secrets-directory", secrets.toString());
        return AlarmEngine.builder().configuration(store).manualTime(clock).discoverChannels(Map.of(
                "dingtalk", with(common, "origin-override", ding.origin()),
                "wecom", with(common, "origin-override", wecom.origin()),
                "feishu", with(common, "origin-override", feishu.origin()))).build();
    }

    private static Map<String, String> with(Map<String, String> common, String key, String value) {
        Map<String, String> all = new java.util.HashMap<>(common);
        all.put(key, value);
        return all;
    }

    /** Clients disconnect 100 ms apart; their alarms fire an hour later, within one group wait. */
    private void outage(int clients) {
        try (AlarmEngine engine = engine()) {
            for (int i = 1; i <= clients; i++) {
                engine.report(new AlarmEvent.ClientDisconnected("i-web" + i, clock.instant()));
                ManualTime.of(engine).advanceTo(clock.instant().plusMillis(100));
            }
            ManualTime.of(engine).advanceTo(T0.plus(Duration.ofHours(1)).plusSeconds(30));
        }
    }

    private static String dingText(FakeRobot robot) {
        return robot.accepted().get(0).body().get("markdown").get("text").asText();
    }

    private static String wecomText(FakeRobot robot) {
        return robot.accepted().get(0).body().get("markdown").get("content").asText();
    }

    private static JsonNode feishuCard(FakeRobot robot) {
        return robot.accepted().get(0).body().get("card");
    }

    @Test
    @DisplayName("a firing alarm arrives once on each robot, signed for DingTalk and Feishu")
    void firing() throws Exception {
        configure(Locale.ENGLISH, 1);
        outage(1);

        assertThat(ding.accepted()).hasSize(1);
        assertThat(wecom.accepted()).hasSize(1);
        assertThat(feishu.accepted()).hasSize(1);
        assertThat(ding.received().get(0).query()).containsKeys("timestamp", "sign");
        assertThat(feishu.accepted().get(0).body().has("sign")).isTrue();
        assertThat(dingText(ding)).contains("i-web1");
        assertThat(wecomText(wecom)).contains("i-web1");
        assertThat(feishuCard(feishu).get("header").get("template").asText()).isEqualTo("red");
        assertThat(feishuCard(feishu).get("elements").get(0).get("content").asText()).contains("i-web1");
    }

    @Test
    @DisplayName("three alarms due together make one grouped message per robot, naming every client")
    void grouped() throws Exception {
        configure(Locale.ENGLISH, 3);
        outage(3);

        assertThat(ding.accepted()).hasSize(1);
        assertThat(wecom.accepted()).hasSize(1);
        assertThat(feishu.accepted()).hasSize(1);
        assertThat(dingText(ding)).contains("i-web1", "i-web2", "i-web3");
        assertThat(wecomText(wecom)).contains("i-web1", "i-web2", "i-web3");
        assertThat(feishuCard(feishu).get("header").get("template").asText()).isEqualTo("orange");
        assertThat(feishuCard(feishu).get("elements").get(0).get("content").asText()).contains("i-web1", "i-web2", "i-web3");
    }

    @Test
    @DisplayName("a Chinese account's alarm arrives in Chinese on every robot")
    void chinese() throws Exception {
        configure(Locale.SIMPLIFIED_CHINESE, 1);
        outage(1);

        assertThat(dingText(ding)).contains("i-web1").containsPattern("\\p{IsHan}");
        assertThat(wecomText(wecom)).containsPattern("\\p{IsHan}");
        assertThat(feishuCard(feishu).get("header").get("title").get("content").asText()).containsPattern("\\p{IsHan}");
    }

    @Test
    @DisplayName("a test notification to the contact arrives at once on every robot")
    void testNotification() throws Exception {
        configure(Locale.ENGLISH, 1);
        try (AlarmEngine engine = engine()) {
            engine.sendTest(TestTarget.contact("c-alice"));
            ManualTime.of(engine).advanceTo(clock.instant());
        }
        assertThat(ding.accepted()).hasSize(1);
        assertThat(wecom.accepted()).hasSize(1);
        assertThat(feishu.accepted()).hasSize(1);
        assertThat(feishuCard(feishu).get("header").get("template").asText()).isEqualTo("blue");
    }
}
