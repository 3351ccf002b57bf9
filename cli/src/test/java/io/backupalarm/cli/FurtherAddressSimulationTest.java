package io.backupalarm.cli;

import static io.backupalarm.cli.BackupAlarmCliTest.json;
import static io.backupalarm.cli.BackupAlarmCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;

/** {@code simulate} with contacts that hold further addresses: robots, webhooks and hosts' own channels. */
@DisplayName("simulate with further addresses")
final class FurtherAddressSimulationTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DING = "https://oapi.dingtalk.com/robot/send?access_token=abc";
    private static final String HOOK = "https://hooks.example.com/backup-alarm";

    /** Single quotes for double quotes; c-ops holds an email, a mobile, a DingTalk robot and a webhook. */
    private static String config(String addresses) {
        return "{'accounts':[{'id':'acct-1','email':'owner@example.com'}],"
                + "'contacts':[{'id':'c-ops','account':'acct-1','name':'Ops','email':'ops@example.com',"
                + "'mobile':'+8613900139000','addresses':" + addresses + "}],"
                + "'vaults':[{'id':'v-prod','account':'acct-1','alarmPolicy':{'mode':'CUSTOMIZED','contacts':['c-ops']}}],"
                + "'instances':[{'id':'i-web1','vault':'v-prod'},{'id':'i-db1','vault':'v-prod'}]}";
    }

    private static final String ROBOT_AND_HOOK = "[{'channel':'dingtalk','to':'" + DING + "','secret':'ding-ops'},"
            + "{'channel':'webhook','to':'" + HOOK + "','secret':'hook-ops'}]";

    @Test
    @DisplayName("the jar's main entry prints a line for the DingTalk robot, the webhook, the email and the mobile of the contact")
    void acceptanceThroughTheMainEntry(@TempDir Path dir) throws IOException, InterruptedException {
        Path file = write(dir, "{'config':" + config(ROBOT_AND_HOOK) + ",'events':["
                + "{'at':'2026-01-01T00:00:00Z','type':'CLIENT_DISCONNECTED','instance':'i-web1'}],"
                + "'until':'2026-01-01T02:00:00Z'}");

        DocumentedCommandsTest.Run run = DocumentedCommandsTest.run("java -jar cli/target/backup-alarm.jar simulate " + file);

        assertThat(run.err()).isEmpty();
        assertThat(run.status()).isZero();
        assertThat(run.out()).hasSize(4);
        assertThat(run.out().stream().map(FurtherAddressSimulationTest::channelAndTo)).containsExactlyInAnyOrder(
                "dingtalk " + DING, "webhook " + HOOK, "email ops@example.com", "sms +8613900139000");
        for (String line : run.out()) {
            JsonNode node = MAPPER.readTree(line);
            assertThat(fieldNames(node)).containsExactly("at", "notification", "alarm", "instance", "vault", "account",
                    "channel", "to", "messageId", "occurrences");
            assertThat(node.get("at").asText()).isEqualTo("2026-01-01T01:00:30Z");
            assertThat(node.get("notification").asText()).isEqualTo("FIRING");
        }
        assertThat(String.join("\n", run.out())).doesNotContain("ding-ops").doesNotContain("hook-ops");
    }

    @Test
    @DisplayName("a grouped message to a robot or a webhook has a line per notification, all with the message's one messageId")
    void grouped(@TempDir Path dir) throws IOException {
        Path file = write(dir, "{'config':" + config(ROBOT_AND_HOOK) + ",'events':["
                + "{'at':'2026-01-01T00:00:00Z','type':'CLIENT_DISCONNECTED','instance':'i-web1'},"
                + "{'at':'2026-01-01T00:00:20Z','type':'CLIENT_DISCONNECTED','instance':'i-db1'}],"
                + "'until':'2026-01-01T02:00:00Z'}");

        List<JsonNode> lines = simulate(file);

        assertThat(lines).hasSize(8).allSatisfy(l -> assertThat(l.get("at").asText()).isEqualTo("2026-01-01T01:00:30Z"));
        Map<String, List<JsonNode>> byChannel = lines.stream().collect(Collectors.groupingBy(l -> l.get("channel").asText()));
        assertThat(byChannel).containsOnlyKeys("dingtalk", "webhook", "email", "sms");
        byChannel.values().forEach(message -> {
            assertThat(message).extracting(l -> l.get("instance").asText()).containsExactlyInAnyOrder("i-web1", "i-db1");
            assertThat(message).extracting(l -> l.get("messageId").asText()).containsOnly(message.get(0).get("messageId").asText());
        });
        assertThat(lines.stream().map(l -> l.get("messageId").asText()).distinct()).hasSize(4);
        assertThat(byChannel.get("dingtalk")).allSatisfy(l -> assertThat(l.get("to").asText()).isEqualTo(DING));
        assertThat(byChannel.get("webhook")).allSatisfy(l -> assertThat(l.get("to").asText()).isEqualTo(HOOK));
    }

    @Test
    @DisplayName("a test of an instance and a test of a contact reach the robot and the webhook, each its own message")
    void tests(@TempDir Path dir) throws IOException {
        Path file = write(dir, "{'config':" + config(ROBOT_AND_HOOK) + ",'events':["
                + "{'at':'2026-01-01T09:00:00Z','type':'TEST_NOTIFICATION','instance':'i-web1'},"
                + "{'at':'2026-01-01T09:00:00Z','type':'TEST_NOTIFICATION','contact':'c-ops'}]}");

        List<JsonNode> lines = simulate(file);

        assertThat(lines).hasSize(8).allSatisfy(l -> assertThat(l.get("notification").asText()).isEqualTo("TEST"));
        assertThat(lines.stream().map(l -> l.get("messageId").asText()).distinct()).hasSize(8);
        List<JsonNode> ofInstance = lines.stream().filter(l -> l.has("instance")).toList();
        List<JsonNode> ofContact = lines.stream().filter(l -> l.has("contact")).toList();
        assertThat(ofInstance).extracting(l -> l.get("channel").asText() + " " + l.get("to").asText())
                .containsExactlyInAnyOrder("dingtalk " + DING, "webhook " + HOOK, "email ops@example.com", "sms +8613900139000");
        assertThat(ofContact).extracting(l -> l.get("channel").asText() + " " + l.get("to").asText())
                .containsExactlyInAnyOrder("dingtalk " + DING, "webhook " + HOOK, "email ops@example.com", "sms +8613900139000");
        assertThat(fieldNames(ofContact.get(0))).containsExactly("at", "notification", "contact", "account", "channel",
                "to", "messageId");
    }

    @Test
    @DisplayName("a host's own channel, installed nowhere, is recorded with its target exactly as written")
    void hostChannel(@TempDir Path dir) throws IOException {
        Path file = write(dir, "{'config':{'accounts':[{'id':'acct-1','email':'owner@example.com'}],"
                + "'contacts':[{'id':'c-room','account':'acct-1','name':'Room','addresses':["
                + "{'channel':'chat','to':'#ops room (主)'},{'channel':'voice-2','to':'ext. 4711'}]}],"
                + "'vaults':[{'id':'v-prod','account':'acct-1','alarmPolicy':{'mode':'CUSTOMIZED','contacts':['c-room']}}],"
                + "'instances':[{'id':'i-web1','vault':'v-prod'}]},'events':["
                + "{'at':'2026-01-01T00:00:00Z','type':'CLIENT_DISCONNECTED','instance':'i-web1'}],"
                + "'until':'2026-01-01T01:00:30Z'}");

        List<JsonNode> lines = simulate(file);

        assertThat(lines).extracting(l -> l.get("channel").asText() + " " + l.get("to").asText())
                .containsExactlyInAnyOrder("chat #ops room (主)", "voice-2 ext. 4711");
    }

    @Test
    @DisplayName("the lines do not depend on the order in which a contact lists its addresses")
    void addressOrderDoesNotMatter(@TempDir Path dir) {
        List<String> addresses = List.of(
                "{'channel':'dingtalk','to':'" + DING + "','secret':'ding-ops'}",
                "{'channel':'webhook','to':'" + HOOK + "'}",
                "{'channel':'webhook','to':'https://hooks.example.com/second'}",
                "{'channel':'chat','to':'#ops'}",
                "{'channel':'slack','to':'https://hooks.slack.com/services/T0/B0/x'}");
        String events = ",'events':[{'at':'2026-01-01T00:00:00Z','type':'CLIENT_DISCONNECTED','instance':'i-web1'},"
                + "{'at':'2026-01-01T00:00:10Z','type':'CLIENT_DISCONNECTED','instance':'i-db1'},"
                + "{'at':'2026-01-01T03:00:00Z','type':'TEST_NOTIFICATION','contact':'c-ops'}],"
                + "'until':'2026-01-01T04:00:00Z'}";
        String expected = simulateText(dir, "{'config':" + config("[" + String.join(",", addresses) + "]") + events);
        assertThat(expected.lines()).hasSize(2 * 7 + 7);

        qt().withExamples(25).forAll(permutations(addresses)).checkAssert(order -> assertThat(
                simulateText(dir, "{'config':" + config("[" + String.join(",", order) + "]") + events)).isEqualTo(expected));
    }

    /** Every order of the items (a Fisher-Yates shuffle), shrinking towards the order given. */
    private static Gen<List<String>> permutations(List<String> items) {
        Gen<List<String>> gen = source -> {
            List<String> out = new ArrayList<>(items);
            for (int i = out.size() - 1; i > 0; i--) {
                int j = integers().between(0, i).generate(source);
                Collections.swap(out, i, j);
            }
            return out;
        };
        return gen.describedAs(List::toString);
    }

    private static String simulateText(Path dir, String content) {
        try {
            Path file = write(dir, content);
            BackupAlarmCliTest.Result result = run("simulate", file.toString());
            assertThat(result.err()).isEmpty();
            assertThat(result.status()).isZero();
            return result.out();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> simulate(Path file) throws IOException {
        BackupAlarmCliTest.Result result = run("simulate", file.toString());
        assertThat(result.err()).isEmpty();
        assertThat(result.status()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : result.out().lines().toList()) {
            lines.add(MAPPER.readTree(line));
        }
        return lines;
    }

    private static String channelAndTo(String line) {
        try {
            JsonNode node = MAPPER.readTree(line);
            return node.get("channel").asText() + " " + node.get("to").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Path write(Path dir, String content) throws IOException {
        Path file = dir.resolve("scenario.json");
        Files.writeString(file, json(content), StandardCharsets.UTF_8);
        return file;
    }
}
