package io.backupalarm.channels.robot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupalarm.channels.webhook.LoopbackServer;
import io.backupalarm.channels.webhook.TestLog;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.OutboundMessage.DataKeys;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("The Slack channel posts Block Kit to an incoming webhook and reads Slack's answers")
final class SlackChannelTest {

    private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");
    private final ManualClock clock = new ManualClock(NOW);
    private FakeSlack slack;
    private SlackChannel channel;

    @BeforeEach
    void start() throws Exception {
        slack = new FakeSlack();
        channel = SlackChannel.of(SlackSettings.custom().originOverride(slack.origin()).clock(clock).build());
    }

    @AfterEach
    void stop() {
        channel.close();
        slack.close();
    }

    private static OutboundMessage message(String token, Locale locale, String subject, String text) {
        return new OutboundMessage("ba1-" + token, "slack", FakeSlack.HOOK + token, OutboundMessage.Kind.FIRING, locale,
                subject, text, Map.of(DataKeys.ALARM, "BACKUP_FAILED", DataKeys.INSTANCE, "i-web1", DataKeys.VAULT,
                        "v-prod", DataKeys.ACCOUNT, "acct-1", DataKeys.OCCURRENCES, "3", DataKeys.SINCE,
                        "2026-03-01 07:00 UTC", DataKeys.JOB, "nightly", DataKeys.MESSAGE, "disk full"));
    }

    private static OutboundMessage message(String token) {
        return message(token, Locale.ENGLISH, "Backup failed: i-web1",
                "Backup client i-web1 (vault v-prod) has failed since 2026-03-01 07:00 UTC.\nJob: nightly");
    }

    @Test
    @DisplayName("Slack's 200 ok is delivered; the message has a header, the text in mrkdwn, the facts as fields and the key")
    void delivered() throws Exception {
        DeliveryResult result = channel.send(message("good"));
        assertThat(result).isEqualTo(DeliveryResult.delivered("HTTP 200"));
        LoopbackServer.Received request = slack.server.only();
        assertThat(request.path()).isEqualTo("/services/T0000AAAA/B0000BBBB/good");
        assertThat(request.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        JsonNode body = slack.accepted().get(0);
        assertThat(body.get("text").asText()).startsWith("Backup failed: i-web1\n\nBackup client i-web1");
        JsonNode blocks = body.get("blocks");
        assertThat(blocks.get(0).get("type").asText()).isEqualTo("header");
        assertThat(blocks.get(0).get("text").get("text").asText()).isEqualTo("Backup failed: i-web1");
        assertThat(blocks.get(1).get("text").get("type").asText()).isEqualTo("mrkdwn");
        assertThat(blocks.get(1).get("text").get("text").asText()).endsWith("Job: nightly");
        List<String> fields = new ArrayList<>();
        blocks.get(2).get("fields").forEach(f -> fields.add(f.get("text").asText()));
        assertThat(fields).containsExactly("*Alarm*\nBACKUP_FAILED", "*Backup client*\ni-web1", "*Vault*\nv-prod",
                "*Job*\nnightly", "*Since*\n2026-03-01 07:00 UTC", "*Occurrences*\n3", "*Account*\nacct-1");
        assertThat(blocks.get(3).get("elements").get(0).get("text").asText()).isEqualTo("backup-alarm ba1-good");
    }

    @Test
    @DisplayName("a Chinese message keeps its rendered Chinese text and gets Chinese labels")
    void chinese() {
        channel.send(message("good", Locale.SIMPLIFIED_CHINESE, "【备份告警】i-web1 备份失败",
                "备份客户端 i-web1（备份库 v-prod）自 2026-03-01 07:00 UTC 起备份失败。"));
        JsonNode body = slack.accepted().get(0);
        assertThat(body.get("blocks").get(0).get("text").get("text").asText()).isEqualTo("【备份告警】i-web1 备份失败");
        assertThat(body.get("blocks").get(1).get("text").get("text").asText()).startsWith("备份客户端 i-web1（备份库 v-prod）");
        assertThat(body.get("blocks").get(2).get("fields").get(1).get("text").asText()).isEqualTo("*备份客户端*\ni-web1");
    }

    @Test
    @DisplayName("&, < and > are escaped, so a backup error cannot mention @channel or make a link")
    void escaping() {
        channel.send(message("good", Locale.ENGLISH, "Backup failed <!channel>",
                "Error: <!channel> see <https://evil.example|here> & retry"));
        JsonNode body = slack.accepted().get(0);
        assertThat(body.get("blocks").get(1).get("text").get("text").asText())
                .isEqualTo("Error: &lt;!channel&gt; see &lt;https://evil.example|here&gt; &amp; retry");
        assertThat(body.get("text").asText()).doesNotContain("<");
    }

    @Test
    @DisplayName("long texts are cut to Slack's limits: header 150, sections of 3,000 split at lines, top-level text 40,000")
    void limits() {
        String subject = "S".repeat(400);
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 50_000; i++) {
            text.append("- line ").append(i).append(' ').append("x".repeat(90)).append('\n');
        }
        DeliveryResult result = channel.send(message("good", Locale.ENGLISH, subject, text.toString()));
        assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
        JsonNode body = slack.accepted().get(0);
        assertThat(body.get("text").asText()).hasSize(40_000).endsWith("…");
        assertThat(body.get("blocks").get(0).get("text").get("text").asText()).hasSize(150).endsWith("…");
        List<String> sections = new ArrayList<>();
        body.get("blocks").forEach(b -> {
            if (b.path("type").asText().equals("section") && b.has("text")) {
                sections.add(b.get("text").get("text").asText());
            }
        });
        assertThat(sections).hasSize(4).allSatisfy(s -> assertThat(s.length()).isLessThanOrEqualTo(3_000));
        assertThat(sections.get(1)).startsWith("- line ");
        assertThat(sections.get(3)).endsWith("…");
    }

    @Test
    @DisplayName("a single line longer than a section is split inside it, never beyond 3,000")
    void longLine() {
        DeliveryResult result = channel.send(message("good", Locale.ENGLISH, "s", "y".repeat(7_000)));
        assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
        JsonNode blocks = slack.accepted().get(0).get("blocks");
        assertThat(blocks.get(1).get("text").get("text").asText()).hasSize(3_000);
        assertThat(blocks.get(3).get("text").get("text").asText()).hasSize(1_002);
    }

    @ParameterizedTest(name = "{0}: HTTP {1} {2}")
    @CsvSource({
            "archived, 410, channel_is_archived, the webhook's channel is archived",
            "gone-channel, 404, channel_not_found, the webhook's channel does not exist",
            "revoked, 404, no_service, 'the webhook is disabled, revoked or mistyped: create a new one'",
            "prohibited, 403, action_prohibited, the workspace restricts posting through this webhook",
            "user, 400, user_not_found, the user named in the request does not exist"})
    @DisplayName("Slack's documented errors are permanent and explained, and the token is never shown")
    void permanentErrors(String token, int status, String error, String meaning) {
        DeliveryResult result = channel.send(message(token));
        assertThat(result).isEqualTo(DeliveryResult.permanentFailure("slack message to "
                + "https://hooks.slack.com/services/T0000AAAA/B0000BBBB/*** failed: HTTP " + status + " '" + error + "' ("
                + meaning + ")"));
    }

    @Test
    @DisplayName("invalid_payload is permanent")
    void invalidPayload() throws Exception {
        slack.server.respondWith(request -> new LoopbackServer.Answer(400, Map.of(), "invalid_payload"));
        assertThat(channel.send(message("good"))).isEqualTo(DeliveryResult.permanentFailure("slack message to "
                + "https://hooks.slack.com/services/T0000AAAA/B0000BBBB/*** failed: HTTP 400 'invalid_payload' "
                + "(Slack could not read the message as sent)"));
    }

    @Test
    @DisplayName("429 is temporary with Slack's Retry-After; 5xx is temporary")
    void temporary() {
        assertThat(channel.send(message("busy"))).isEqualTo(new DeliveryResult.TemporaryFailure("slack message to "
                + "https://hooks.slack.com/services/T0000AAAA/B0000BBBB/*** was rate limited by Slack (HTTP 429) 'rate_limited'",
                Optional.of(Duration.ofSeconds(30))));
        assertThat(channel.send(message("broken"))).isEqualTo(DeliveryResult.temporaryFailure("slack message to "
                + "https://hooks.slack.com/services/T0000AAAA/B0000BBBB/*** failed: HTTP 500 'rollup_error' (Slack failed)"));
    }

    @Test
    @DisplayName("a redirect is permanent and not followed")
    void redirect() {
        assertThat(channel.send(message("moved"))).isEqualTo(DeliveryResult.permanentFailure("slack message to "
                + "https://hooks.slack.com/services/T0000AAAA/B0000BBBB/*** was redirected (HTTP 302); redirects are "
                + "not followed: check the address"));
        assertThat(slack.server.received()).hasSize(1);
    }

    @Test
    @DisplayName("an address on a host that is not allowed fails for good and nothing is sent")
    void allowList() {
        OutboundMessage elsewhere = new OutboundMessage("ba1-e", "slack", "https://attacker.example/services/T/B/secret",
                OutboundMessage.Kind.TEST, Locale.ENGLISH, "s", "t", Map.of());
        assertThat(channel.send(elsewhere)).isEqualTo(DeliveryResult.permanentFailure("slack message to "
                + "https://attacker.example/services/T/B/***: host 'attacker.example' is not an allowed Slack host "
                + "[hooks.slack.com]; nothing was sent"));
        assertThat(slack.server.received()).isEmpty();
        channel.close();
        channel = SlackChannel.of(SlackSettings.custom().originOverride(slack.origin())
                .allowedHosts(Set.of("hooks.slack.com", "Attacker.example")).build());
        slack.server.respondWith(request -> new LoopbackServer.Answer(200, Map.of(), "ok"));
        assertThat(channel.send(elsewhere)).isEqualTo(DeliveryResult.delivered("HTTP 200"));
    }

    @Test
    @DisplayName("an unanswered request is retried unless the settings say not to, and the reason names the duplicate risk")
    void unknownOutcome() {
        channel.close();
        // Each channel first posts once, so that its connection is open when Slack stops answering.
        channel = SlackChannel.of(SlackSettings.custom().originOverride(slack.origin())
                .requestTimeout(Duration.ofSeconds(1)).build());
        SlackChannel notRetrying = SlackChannel.of(SlackSettings.custom().originOverride(slack.origin())
                .requestTimeout(Duration.ofSeconds(1)).retryUnknownOutcome(false).build());
        try (notRetrying) {
            assertThat(channel.send(message("good"))).isInstanceOf(DeliveryResult.Delivered.class);
            assertThat(notRetrying.send(message("good"))).isInstanceOf(DeliveryResult.Delivered.class);
            slack.server.hang();
            DeliveryResult retried = channel.send(message("good"));
            assertThat(retried).isInstanceOf(DeliveryResult.TemporaryFailure.class);
            assertThat(retried.toString()).contains("no answer within PT1S", "will be retried", SlackChannel.RETRY_RISK);
            DeliveryResult notRetried = notRetrying.send(message("good"));
            assertThat(notRetried).isInstanceOf(DeliveryResult.PermanentFailure.class);
            assertThat(notRetried.toString()).contains("no answer within PT1S", "is not retried", SlackChannel.RETRY_RISK);
        }
    }

    @Test
    @DisplayName("the webhook's token never reaches a reason or a log line")
    void tokenNeverShown() throws Exception {
        TestLog log = TestLog.mark();
        List<DeliveryResult> results = new ArrayList<>();
        for (String token : List.of("good", "archived", "gone-channel", "revoked", "prohibited", "busy", "broken",
                "moved", "xoxb-unknown-token")) {
            results.add(channel.send(message(token)));
        }
        results.add(channel.send(new OutboundMessage("ba1-m", "slack", "http://hooks.slack.com/services/T/B/xoxb-plain",
                OutboundMessage.Kind.TEST, Locale.ENGLISH, "s", "t", Map.of())));
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (SlackChannel refused = SlackChannel.of(SlackSettings.custom()
                .originOverride("http://127.0.0.1:" + closedPort).build())) {
            results.add(refused.send(message("xoxb-refused")));
        }
        assertThat(results.get(results.size() - 1)).isInstanceOf(DeliveryResult.TemporaryFailure.class);
        assertThat(results).extracting(Object::toString).allSatisfy(text -> assertThat(text)
                .doesNotContain("/archived").doesNotContain("/gone-channel").doesNotContain("/revoked")
                .doesNotContain("xoxb"));
        assertThat(log.since()).doesNotContain("xoxb").doesNotContain("/revoked");
    }
}
