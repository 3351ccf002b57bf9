package io.backupalarm.cli;

import static io.backupalarm.cli.BackupAlarmCliTest.json;
import static io.backupalarm.cli.BackupAlarmCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("simulate")
final class SimulateCommandTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The scenario files kept in the repository, with the notifications each must produce. */
    private static final Path SCENARIOS = Path.of("..", "examples", "scenarios");

    private static final String CONFIG = """
            {'accounts': [{'id': 'acct-1', 'email': 'owner@example.com', 'mobile': '+8613800138000'}],
             'contacts': [{'id': 'c-alice', 'account': 'acct-1', 'name': 'Alice', 'email': 'alice@example.com'}],
             'vaults': [{'id': 'v-prod', 'account': 'acct-1'}],
             'instances': [{'id': 'i-web1', 'vault': 'v-prod'}]}""";

    static Stream<Arguments> scenarioFiles() throws IOException {
        try (Stream<Path> files = Files.list(SCENARIOS)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted()
                    .map(p -> Arguments.of(p.getFileName().toString(), p)).toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarioFiles")
    @DisplayName("each scenario file in the repository produces exactly its expected notifications")
    void scenarios(String name, Path file) throws IOException {
        BackupAlarmCliTest.Result result = run("simulate", file.toString());
        assertThat(result.err()).isEmpty();
        assertThat(result.status()).isZero();
        Path expected = file.resolveSibling(name.replace(".json", ".expected.jsonl"));
        assertThat(sorted(result.out())).isEqualTo(sorted(Files.readString(expected, StandardCharsets.UTF_8)));
        assertInTimeOrder(result.out());
    }

    @Test
    @DisplayName("lines carry the fields of cli.md in its order, one notification per (channel, address)")
    void lineShape(@TempDir Path dir) throws IOException {
        Path file = write(dir, "{'config': " + CONFIG + ", 'events': ["
                + "{'at': '2026-01-01T00:00:00Z', 'type': 'CLIENT_DISCONNECTED', 'instance': 'i-web1'}],"
                + " 'until': '2026-01-01T01:00:30Z'}");
        BackupAlarmCliTest.Result result = run("simulate", file.toString());
        assertThat(result.status()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines).hasSize(2);
        JsonNode first = MAPPER.readTree(lines.get(0));
        List<String> names = new ArrayList<>();
        first.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("at", "notification", "alarm", "instance", "vault", "account",
                "channel", "to", "messageId", "occurrences");
        assertThat(first.get("at").asText()).isEqualTo("2026-01-01T01:00:30Z");
        assertThat(first.get("notification").asText()).isEqualTo("FIRING");
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"channel\":\"sms\",\"to\":\"+8613800138000\""));
    }

    @Test
    @DisplayName("to is printed as the configuration writes it, though the engine keeps the canonical form")
    void toAsConfigured(@TempDir Path dir) throws IOException {
        Path file = write(dir, "{'config': {'accounts': [{'id': 'acct-1', 'email': 'Owner@Example.COM',"
                + " 'mobile': '+86 138 0013 8000'}], 'vaults': [{'id': 'v-prod', 'account': 'acct-1'}],"
                + " 'instances': [{'id': 'i-web1', 'vault': 'v-prod'}]}, 'events': ["
                + "{'at': '2026-01-01T00:00:00Z', 'type': 'CLIENT_DISCONNECTED', 'instance': 'i-web1'},"
                + "{'at': '2026-01-01T00:00:00Z', 'type': 'TEST_NOTIFICATION', 'instance': 'i-web1'}],"
                + " 'until': '2026-01-01T01:00:30Z'}");
        BackupAlarmCliTest.Result result = run("simulate", file.toString());
        assertThat(result.status()).isZero();
        assertThat(result.out().lines().map(l -> l.replaceAll(".*\"to\":\"([^\"]*)\".*", "$1")))
                .hasSize(4).containsOnly("Owner@Example.COM", "+86 138 0013 8000");
    }

    @Test
    @DisplayName("without until, the clock stops at the last event: an alarm due later never fires")
    void untilDefaultsToLastEvent(@TempDir Path dir) throws IOException {
        Path file = write(dir, "{'config': " + CONFIG + ", 'events': ["
                + "{'at': '2026-01-01T00:00:00Z', 'type': 'CLIENT_DISCONNECTED', 'instance': 'i-web1'},"
                + "{'at': '2026-01-01T00:59:00Z', 'type': 'BACKUP_FAILED', 'instance': 'i-web1'}]}");
        BackupAlarmCliTest.Result result = run("simulate", file.toString());
        assertThat(result.status()).isZero();
        assertThat(result.out()).isEmpty();
    }

    @Test
    @DisplayName("REPEAT every repeatInterval and RESOLVED with notifyOnResolved, as the settings say")
    void settings(@TempDir Path dir) throws IOException {
        Path file = write(dir, "{'config': " + CONFIG + ", 'settings': {'disconnectGracePeriod': 'PT10M',"
                + " 'repeatInterval': 'PT30M', 'notifyOnResolved': true}, 'events': ["
                + "{'at': '2026-01-01T00:00:00Z', 'type': 'CLIENT_DISCONNECTED', 'instance': 'i-web1'},"
                + "{'at': '2026-01-01T01:10:00Z', 'type': 'CLIENT_CONNECTED', 'instance': 'i-web1'}],"
                + " 'until': '2026-01-01T05:00:00Z'}");
        BackupAlarmCliTest.Result result = run("simulate", file.toString());
        assertThat(result.out().lines().filter(l -> l.contains("owner@example.com"))
                .map(l -> l.substring(7, 27) + " " + l.replaceAll(".*\"notification\":\"(\\w+)\".*", "$1")))
                .containsExactly("2026-01-01T00:10:30Z FIRING", "2026-01-01T00:40:30Z REPEAT",
                        "2026-01-01T01:10:30Z REPEAT", "2026-01-01T01:10:30Z RESOLVED");
    }

    static Stream<Arguments> invalidScenarios() {
        String disconnect = "{'at': '2026-01-01T00:00:00Z', 'type': 'CLIENT_DISCONNECTED', 'instance': 'i-web1'}";
        return Stream.of(
                Arguments.of("events out of order", "{'config': " + CONFIG + ", 'events': ["
                        + "{'at': '2026-01-01T01:00:00Z', 'type': 'CLIENT_DISCONNECTED', 'instance': 'i-web1'},"
                        + disconnect + "]}", "$.events[1]"),
                Arguments.of("until before the last event", "{'config': " + CONFIG + ", 'events': [" + disconnect
                        + "], 'until': '2025-12-31T00:00:00Z'}", "until"),
                Arguments.of("an unknown instance", "{'config': " + CONFIG + ", 'events': ["
                        + "{'at': '2026-01-01T00:00:00Z', 'type': 'CLIENT_DISCONNECTED', 'instance': 'i-nope'}]}", "i-nope"),
                Arguments.of("an unknown vault", "{'config': " + CONFIG + ", 'events': ["
                        + "{'at': '2026-01-01T00:00:00Z', 'type': 'SET_VAULT_POLICY', 'vault': 'v-nope',"
                        + " 'alarmPolicy': {'mode': 'DISABLED'}}]}", "v-nope"),
                Arguments.of("an unknown type", "{'config': " + CONFIG + ", 'events': ["
                        + "{'at': '2026-01-01T00:00:00Z', 'type': 'CLIENT_EXPLODED', 'instance': 'i-web1'}]}",
                        "$.events[0].type"),
                Arguments.of("a negative grace period", "{'config': " + CONFIG
                        + ", 'settings': {'disconnectGracePeriod': '-PT1H'}, 'events': [" + disconnect + "]}",
                        "disconnectGracePeriod"),
                Arguments.of("a zero repeatInterval", "{'config': " + CONFIG
                        + ", 'settings': {'repeatInterval': 'PT0S'}, 'events': [" + disconnect + "]}", "repeatInterval"),
                Arguments.of("a vault policy of an instance mode", "{'config': " + CONFIG + ", 'events': ["
                        + "{'at': '2026-01-01T00:00:00Z', 'type': 'SET_VAULT_POLICY', 'vault': 'v-prod',"
                        + " 'alarmPolicy': {'mode': 'SAME_AS_VAULT'}}]}", "SAME_AS_VAULT"),
                Arguments.of("a policy naming a missing contact", "{'config': " + CONFIG + ", 'events': ["
                        + "{'at': '2026-01-01T00:00:00Z', 'type': 'SET_INSTANCE_POLICY', 'instance': 'i-web1',"
                        + " 'alarmPolicy': {'mode': 'CUSTOMIZED', 'contacts': ['c-ghost']}}]}", "c-ghost"),
                Arguments.of("a configuration file instead of a scenario", CONFIG, "not a scenario"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidScenarios")
    @DisplayName("invalid input exits 2, runs nothing, and names the file and where the problem is")
    void invalid(String description, String content, String fragment, @TempDir Path dir) throws IOException {
        Path file = write(dir, content);
        BackupAlarmCliTest.Result result = run("simulate", file.toString());
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains(file.toString()).contains(fragment);
    }

    @Test
    @DisplayName("a missing file exits 2")
    void missing(@TempDir Path dir) {
        BackupAlarmCliTest.Result result = run("simulate", dir.resolve("nope.json").toString());
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("nope.json");
    }

    private static Path write(Path dir, String content) throws IOException {
        Path file = dir.resolve("scenario.json");
        Files.writeString(file, json(content), StandardCharsets.UTF_8);
        return file;
    }

    private static List<String> sorted(String lines) {
        return lines.lines().filter(l -> !l.isBlank()).sorted().toList();
    }

    private static void assertInTimeOrder(String out) throws IOException {
        String previous = "";
        for (String line : out.lines().toList()) {
            String at = MAPPER.readTree(line).get("at").asText();
            assertThat(at).isGreaterThanOrEqualTo(previous);
            previous = at;
        }
    }
}
