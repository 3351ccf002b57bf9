package io.backupalarm.channels.robot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backupalarm.channels.webhook.FakeWebhookReceiver;
import io.backupalarm.channels.webhook.LoopbackServer;
import io.backupalarm.channels.webhook.WebhookChannel;
import io.backupalarm.channels.webhook.WebhookSettings;
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
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.ManualTime;
import io.backupalarm.quiet.TestTarget;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.SecretResolver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("End to end: alarms reach a contact's signed webhook and Slack channel through the engine")
final class WebhookAndSlackEndToEndTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String WEBHOOK = "https://alarms.example.com/hooks/backup?team=ops";
    private static final String SLACK = FakeSlack.HOOK + "good";

    private final ManualClock clock = new ManualClock(T0);
    private final ConfigurationStore store = ConfigurationStore.inMemory();
    private FakeWebhookReceiver receiver;
    private FakeSlack slack;
    private WebhookChannel webhookChannel;
    private SlackChannel slackChannel;

    @BeforeEach
    void start() throws Exception {
        receiver = new FakeWebhookReceiver(clock, FakeWebhookReceiver.SECRET);
        slack = new FakeSlack();
        webhookChannel = WebhookChannel.of(WebhookSettings.custom().originOverride(receiver.origin()).clock(clock)
                .secrets(SecretResolver.of(Map.of("ops-hook", FakeWebhookReceiver.SECRET))).build());
        slackChannel = SlackChannel.of(SlackSettings.custom().originOverride(slack.origin()).clock(clock).build());
    }

    @AfterEach
    void stop() {
        webhookChannel.close();
        slackChannel.close();
        receiver.close();
        slack.close();
    }

    private void configure(Locale locale, int clients) {
        ConfigurationAdmin admin = ConfigurationAdmin.on(store);
        admin.createAccount(new Account("acct-1", EmailAddress.of("owner@example.com"), null, null, locale));
        admin.importContact(Contact.verified("c-ops", "acct-1", "Ops", null, null, List.of(
                ContactAddress.verified("webhook", WEBHOOK, "ops-hook"),
                ContactAddress.verified("slack", SLACK, null))));
        admin.createVault(new Vault("v-prod", "acct-1", VaultAlarmPolicy.customized(List.of("c-ops"), List.of())));
        for (int i = 1; i <= clients; i++) {
            admin.createInstance(new Instance("i-web" + i, "v-prod", InstanceAlarmPolicy.SAME_AS_VAULT));
        }
    }

    private AlarmEngine engine() {
        return AlarmEngine.builder().configuration(store).manualTime(clock)
                .channel(webhookChannel).channel(slackChannel).build();
    }

    @Test
    @DisplayName("a backup failure fires after the grace period: one signed webhook and one Slack post")
    void firing() throws Exception {
        configure(Locale.ENGLISH, 1);
        try (AlarmEngine engine = engine()) {
            engine.report(new AlarmEvent.BackupFailed("i-web1", "nightly", "disk full", T0));
            ManualTime.of(engine).advanceTo(T0.plus(Duration.ofMinutes(59)));
            assertThat(receiver.server.received()).isEmpty();
            assertThat(slack.server.received()).isEmpty();
            ManualTime.of(engine).advanceTo(T0.plus(Duration.ofHours(1)).plus(AlarmSettings.ofDefaults().groupWait()));
        }
        // The receiver acted only on a request whose signature it recomputed with the secret.
        LoopbackServer.Received request = receiver.server.only();
        assertThat(request.path()).isEqualTo("/hooks/backup");
        assertThat(request.rawQuery()).isEqualTo("team=ops");
        assertThat(request.header("webhook-signature")).startsWith("v1,");
        JsonNode body = MAPPER.readTree(receiver.acceptedBodies().get(0));
        assertThat(body.get("version").asInt()).isEqualTo(1);
        assertThat(body.get("type").asText()).isEqualTo("backup_alarm.firing");
        assertThat(body.get("id").asText()).isEqualTo(request.header("webhook-id")).startsWith("ba1-");
        JsonNode data = body.get("data");
        assertThat(data.get("alarm").asText()).isEqualTo("BACKUP_FAILED");
        assertThat(data.get("instance").asText()).isEqualTo("i-web1");
        assertThat(data.get("vault").asText()).isEqualTo("v-prod");
        assertThat(data.get("account").asText()).isEqualTo("acct-1");
        assertThat(data.get("job").asText()).isEqualTo("nightly");
        assertThat(data.get("message").asText()).isEqualTo("disk full");
        assertThat(data.get("occurrences").asInt()).isEqualTo(1);
        assertThat(data.get("since").asText()).isEqualTo("2026-01-01 00:00 UTC");
        assertThat(body.get("text").asText()).contains("i-web1", "disk full");
        assertThat(body.toString()).doesNotContain("ops-hook");

        assertThat(slack.accepted()).hasSize(1);
        JsonNode post = slack.accepted().get(0);
        assertThat(post.get("blocks").get(0).get("text").get("text").asText()).isEqualTo(body.get("subject").asText());
        assertThat(post.get("blocks").get(1).get("text").get("text").asText()).contains("i-web1", "disk full");
    }

    @Test
    @DisplayName("three clients disconnecting together make one grouped webhook and one grouped Slack post, in Chinese")
    void grouped() throws Exception {
        configure(Locale.SIMPLIFIED_CHINESE, 3);
        try (AlarmEngine engine = engine()) {
            for (int i = 1; i <= 3; i++) {
                engine.report(new AlarmEvent.ClientDisconnected("i-web" + i, clock.instant()));
                ManualTime.of(engine).advanceTo(clock.instant().plusSeconds(1));
            }
            ManualTime.of(engine).advanceTo(T0.plus(Duration.ofHours(1)).plus(AlarmSettings.ofDefaults().groupWait())
                    .plusSeconds(3));
        }
        assertThat(receiver.acceptedBodies()).hasSize(1);
        JsonNode body = MAPPER.readTree(receiver.acceptedBodies().get(0));
        assertThat(body.get("kind").asText()).isEqualTo("GROUPED");
        assertThat(body.get("locale").asText()).isEqualTo("zh-CN");
        assertThat(body.get("data").get("count").asInt()).isEqualTo(3);
        List<String> instances = new ArrayList<>();
        body.get("data").get("instances").forEach(i -> instances.add(i.asText()));
        assertThat(instances).containsExactly("i-web1", "i-web2", "i-web3");
        List<String> alarms = new ArrayList<>();
        body.get("alarms").forEach(a -> alarms.add(a.get("kind").asText() + " " + a.get("alarm").asText() + " "
                + a.get("instance").asText() + " " + a.get("occurrences").asInt()));
        assertThat(alarms).containsExactly("FIRING CLIENT_DISCONNECTED i-web1 1", "FIRING CLIENT_DISCONNECTED i-web2 1",
                "FIRING CLIENT_DISCONNECTED i-web3 1");
        assertThat(body.get("text").asText()).contains("3 条通知", "i-web1", "i-web2", "i-web3");

        assertThat(slack.accepted()).hasSize(1);
        JsonNode post = slack.accepted().get(0);
        assertThat(post.get("blocks").get(0).get("text").get("text").asText()).startsWith("【备份告警】3 条通知");
        List<String> fields = new ArrayList<>();
        post.get("blocks").forEach(b -> {
            if (b.has("fields")) {
                b.get("fields").forEach(f -> fields.add(f.get("text").asText()));
            }
        });
        assertThat(fields).contains("*通知条数*\n3", "*账号*\nacct-1");
    }

    @Test
    @DisplayName("a test notification reaches both addresses at once")
    void testNotification() throws Exception {
        configure(Locale.ENGLISH, 1);
        try (AlarmEngine engine = engine()) {
            engine.sendTest(TestTarget.contact("c-ops"));
            ManualTime.of(engine).advanceTo(clock.instant());
        }
        JsonNode body = MAPPER.readTree(receiver.acceptedBodies().get(0));
        assertThat(body.get("type").asText()).isEqualTo("backup_alarm.test");
        assertThat(body.get("data").get("contact").asText()).isEqualTo("c-ops");
        assertThat(slack.accepted()).hasSize(1);
    }
}
