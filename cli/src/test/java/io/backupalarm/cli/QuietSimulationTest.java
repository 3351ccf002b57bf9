package io.backupalarm.cli;

import static io.backupalarm.cli.BackupAlarmCliTest.json;
import static io.backupalarm.cli.BackupAlarmCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backupalarm.cli.BackupAlarmCliTest.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** simulate and validate with silences, windows, inhibition, acknowledgement, grouping and tests. */
@DisplayName("simulate: keeping quiet, grouping and testing")
final class QuietSimulationTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** acct-1 (owner email and mobile) with four instances in v-prod (DEFAULT), Alice a contact; acct-2 apart. */
    private static final String CONFIG = "'config': {'accounts': [{'id': 'acct-1', 'email': 'owner@example.com',"
            + " 'mobile': '+8613800138000'}, {'id': 'acct-2', 'email': 'ops@example.org'}],"
            + " 'contacts': [{'id': 'c-alice', 'account': 'acct-1', 'name': 'Alice', 'email': 'alice@example.com',"
            + " 'mobile': '+8613900139000'}, {'id': 'c-nobody', 'account': 'acct-2', 'name': 'Dave', 'email': 'dave@example.org'}],"
            + " 'vaults': [{'id': 'v-prod', 'account': 'acct-1'}, {'id': 'v-b', 'account': 'acct-2'}],"
            + " 'instances': [{'id': 'i-web1', 'vault': 'v-prod'}, {'id': 'i-web2', 'vault': 'v-prod'},"
            + " {'id': 'i-web3', 'vault': 'v-prod'}, {'id': 'i-web4', 'vault': 'v-prod'},"
            + " {'id': 'i-off', 'vault': 'v-prod', 'alarmPolicy': {'mode': 'DISABLED'}}, {'id': 'i-b1', 'vault': 'v-b'}]%s}";

    private static Path write(Path dir, String content) throws IOException {
        Path file = dir.resolve("scenario.json");
        Files.writeString(file, json(content), StandardCharsets.UTF_8);
        return file;
    }

    /** A scenario: the config (plus extra config fields), settings, events and until. */
    private static String scenario(String extraConfig, String settings, String until, String... events) {
        return "{" + CONFIG.formatted(extraConfig) + ", 'settings': {" + settings + "}, 'events': ["
                + String.join(", ", events) + "]" + (until == null ? "" : ", 'until': '" + until + "'") + "}";
    }

    private static String event(String at, String type, String fields) {
        return "{'at': '" + at + "', 'type': '" + type + "'" + (fields.isEmpty() ? "" : ", " + fields) + "}";
    }

    private static Result simulate(Path dir, String content) throws IOException {
        Result result = run("simulate", write(dir, content).toString());
        assertThat(result.status()).as(result.err()).isZero();
        return result;
    }

    private static List<JsonNode> lines(Result result) {
        return result.out().lines().map(line -> {
            try {
                return MAPPER.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    /** Each line as "at kind alarm/instance to", the way the tests below read. */
    private static List<String> summary(Result result) {
        return lines(result).stream().map(l -> l.get("at").asText() + " " + l.get("notification").asText() + " "
                + (l.has("alarm") ? l.get("alarm").asText() + "/" : "")
                + (l.has("instance") ? l.get("instance").asText() : l.path("contact").asText()) + " " + l.get("to").asText())
                .toList();
    }

    /** The summary lines of the account owner's email, sorted: by instant, then within an instant by text. */
    private static List<String> owner(Result result) {
        return summary(result).stream().filter(l -> l.endsWith(" owner@example.com")).sorted().toList();
    }

    private static List<String> fieldNames(JsonNode line) {
        List<String> names = new ArrayList<>();
        line.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    @DisplayName("alarms falling due together share one message per recipient; one due at the sending instant opens the next")
    void groupingSharesMessageId(@TempDir Path dir) throws IOException {
        String content = scenario("", "", "2026-01-01T02:00:00Z",
                event("2026-01-01T00:00:00Z", "CLIENT_DISCONNECTED", "'instance': 'i-web1'"),
                event("2026-01-01T00:00:10Z", "CLIENT_DISCONNECTED", "'instance': 'i-web2'"),
                event("2026-01-01T00:00:29Z", "CLIENT_DISCONNECTED", "'instance': 'i-web3'"),
                event("2026-01-01T00:00:30Z", "CLIENT_DISCONNECTED", "'instance': 'i-web4'"));

        Result result = simulate(dir, content);

        List<JsonNode> lines = lines(result);
        assertThat(lines).hasSize(8).allSatisfy(line -> assertThat(line.get("messageId").asText()).isNotBlank());
        Map<String, Set<String>> instancesByMessage = new HashMap<>();
        Map<String, String> recipientByMessage = new HashMap<>();
        Map<String, String> atByMessage = new HashMap<>();
        for (JsonNode line : lines) {
            String id = line.get("messageId").asText();
            instancesByMessage.computeIfAbsent(id, k -> new HashSet<>()).add(line.get("instance").asText());
            assertThat(recipientByMessage.putIfAbsent(id, line.get("to").asText())).isIn(null, line.get("to").asText());
            assertThat(atByMessage.putIfAbsent(id, line.get("at").asText())).isIn(null, line.get("at").asText());
        }
        assertThat(instancesByMessage).hasSize(4);
        assertThat(atByMessage.entrySet()).filteredOn(e -> e.getValue().equals("2026-01-01T01:00:30Z")).hasSize(2)
                .allSatisfy(e -> assertThat(instancesByMessage.get(e.getKey())).containsExactlyInAnyOrder("i-web1", "i-web2", "i-web3"));
        assertThat(atByMessage.entrySet()).filteredOn(e -> e.getValue().equals("2026-01-01T01:01:00Z")).hasSize(2)
                .allSatisfy(e -> assertThat(instancesByMessage.get(e.getKey())).containsExactly("i-web4"));
        assertThat(simulate(dir, content).out()).as("the same file, the same lines and ids").isEqualTo(result.out());
    }

    @Test
    @DisplayName("groupWait PT0S: every notification is its own message, sent the instant it falls due")
    void groupingOff(@TempDir Path dir) throws IOException {
        Result result = simulate(dir, scenario("", "'groupWait': 'PT0S'", "2026-01-01T02:00:00Z",
                event("2026-01-01T00:00:00Z", "CLIENT_DISCONNECTED", "'instance': 'i-web1'"),
                event("2026-01-01T00:00:00Z", "CLIENT_DISCONNECTED", "'instance': 'i-web2'")));

        assertThat(lines(result)).hasSize(4).allSatisfy(line -> assertThat(line.get("at").asText()).isEqualTo("2026-01-01T01:00:00Z"));
        assertThat(lines(result).stream().map(line -> line.get("messageId").asText()).distinct()).hasSize(4);
    }

    @Test
    @DisplayName("nothing due after until is sent: a group sending after it prints nothing, one sending at it prints")
    void nothingAfterUntil(@TempDir Path dir) throws IOException {
        String disconnect = event("2026-01-01T00:00:00Z", "CLIENT_DISCONNECTED", "'instance': 'i-web1'");

        assertThat(simulate(dir, scenario("", "", "2026-01-01T01:00:29Z", disconnect)).out()).isEmpty();
        assertThat(summary(simulate(dir, scenario("", "", "2026-01-01T01:00:30Z", disconnect)))).containsExactly(
                "2026-01-01T01:00:30Z FIRING CLIENT_DISCONNECTED/i-web1 owner@example.com",
                "2026-01-01T01:00:30Z FIRING CLIENT_DISCONNECTED/i-web1 +8613800138000");
        assertThat(simulate(dir, scenario("", "", null, disconnect,
                event("2026-01-01T01:00:00Z", "CLIENT_CONNECTED", "'instance': 'i-web2'"))).out())
                .as("without until the clock stops at the last event, before the group is sent").isEmpty();
    }

    @Test
    @DisplayName("a silence holds an alarm back; it is announced when the silence ends; repeats are skipped while held")
    void silenceHoldsAndReleases(@TempDir Path dir) throws IOException {
        Result result = simulate(dir, scenario("", "'repeatInterval': 'PT30M', 'notifyOnResolved': true",
                "2026-01-01T03:10:00Z",
                event("2026-01-01T00:00:00Z", "SILENCE", "'id': 's-1', 'account': 'acct-1', 'instance': 'i-web1',"
                        + " 'ends': '2026-01-01T02:00:00Z'"),
                event("2026-01-01T00:00:00Z", "SILENCE", "'id': 's-2', 'account': 'acct-1', 'instance': 'i-web2',"
                        + " 'starts': '2026-01-01T01:10:00Z', 'ends': '2026-01-01T02:10:00Z'"),
                event("2026-01-01T00:00:00Z", "CLIENT_DISCONNECTED", "'instance': 'i-web1'"),
                event("2026-01-01T00:00:00Z", "CLIENT_DISCONNECTED", "'instance': 'i-web2'"),
                event("2026-01-01T03:00:00Z", "CLIENT_CONNECTED", "'instance': 'i-web1'")));

        assertThat(owner(result)).containsExactly(
                "2026-01-01T01:00:30Z FIRING CLIENT_DISCONNECTED/i-web2 owner@example.com",
                "2026-01-01T02:00:30Z FIRING CLIENT_DISCONNECTED/i-web1 owner@example.com",
                "2026-01-01T02:30:30Z REPEAT CLIENT_DISCONNECTED/i-web1 owner@example.com",
                "2026-01-01T02:30:30Z REPEAT CLIENT_DISCONNECTED/i-web2 owner@example.com",
                "2026-01-01T03:00:30Z REPEAT CLIENT_DISCONNECTED/i-web1 owner@example.com",
                "2026-01-01T03:00:30Z REPEAT CLIENT_DISCONNECTED/i-web2 owner@example.com",
                "2026-01-01T03:00:30Z RESOLVED CLIENT_DISCONNECTED/i-web1 owner@example.com");
    }

    @Test
    @DisplayName("within one instant, due work comes first: a silence created as an alarm falls due does not hold it,"
            + " one expired then releases it at once")
    void orderWithinAnInstant(@TempDir Path dir) throws IOException {
        Result result = simulate(dir, scenario("", "'groupWait': 'PT0S'", "2026-01-01T01:30:00Z",
                event("2026-01-01T00:00:00Z", "SILENCE", "'id': 's-3', 'account': 'acct-1', 'instance': 'i-web3',"
                        + " 'ends': '2026-01-01T05:00:00Z'"),
                event("2026-01-01T00:00:00Z", "CLIENT_DISCONNECTED", "'instance': 'i-web2'"),
                event("2026-01-01T00:00:00Z", "CLIENT_DISCONNECTED", "'instance': 'i-web3'"),
                event("2026-01-01T01:00:00Z", "SILENCE", "'id': 's-2', 'account': 'acct-1', 'instance': 'i-web2',"
                        + " 'ends': '2026-01-01T05:00:00Z'"),
                event("2026-01-01T01:00:00Z", "EXPIRE_SILENCE", "'id': 's-3'")));

        assertThat(owner(result)).containsExactly(
                "2026-01-01T01:00:00Z FIRING CLIENT_DISCONNECTED/i-web2 owner@example.com",
                "2026-01-01T01:00:00Z FIRING CLIENT_DISCONNECTED/i-web3 owner@example.com");
    }

    @Test
    @DisplayName("a window across midnight holds alarms in its zone's local time; a held alarm closing before the end sends nothing")
    void windowAcrossMidnight(@TempDir Path dir) throws IOException {
        String window = ", 'maintenanceWindows': [{'id': 'mw-night', 'account': 'acct-1', 'vault': 'v-prod',"
                + " 'timeZone': 'Asia/Shanghai', 'days': ['THURSDAY'], 'start': '23:30', 'duration': 'PT2H'}]";
        // Thursday 2026-01-01 23:30 in Shanghai is 15:30Z; the window ends Friday 01:30 local, 17:30Z.
        Result result = simulate(dir, scenario(window, "", "2026-01-01T19:00:00Z",
                event("2026-01-01T14:20:00Z", "CLIENT_DISCONNECTED", "'instance': 'i-web1'"),
                event("2026-01-01T15:00:00Z", "CLIENT_DISCONNECTED", "'instance': 'i-web2'"),
                event("2026-01-01T15:10:00Z", "CLIENT_DISCONNECTED", "'instance': 'i-web3'"),
                event("2026-01-01T17:00:00Z", "CLIENT_CONNECTED", "'instance': 'i-web3'")));

        assertThat(owner(result)).containsExactly(
                "2026-01-01T15:20:30Z FIRING CLIENT_DISCONNECTED/i-web1 owner@example.com",
                "2026-01-01T17:30:30Z FIRING CLIENT_DISCONNECTED/i-web2 owner@example.com");
    }

    static Stream<Arguments> daylightSaving() {
        return Stream.of(
                // 02:30 does not exist on 2026-03-08 in New York: the range starts at 03:30 EDT (07:30Z), lasts an hour.
                Arguments.of("a start in the spring gap moves forward by the gap", "2026-03-08", "02:30", "PT1H",
                        "2026-03-08T06:15:00Z", "2026-03-08T06:45:00Z", "2026-03-08T07:15:30Z", "2026-03-08T08:30:30Z"),
                // 01:30 happens twice on 2026-11-01: the range starts at the earlier, 01:30 EDT (05:30Z).
                Arguments.of("a start in the autumn overlap takes the earlier offset", "2026-11-01", "01:30", "PT1H",
                        "2026-11-01T04:15:00Z", "2026-11-01T04:45:00Z", "2026-11-01T05:15:30Z", "2026-11-01T06:30:30Z"),
                // 23:00 EST on Saturday 2026-03-07 is 04:00Z; four hours of elapsed time end at 08:00Z (04:00 EDT).
                Arguments.of("a range across midnight and the spring change lasts its elapsed duration", "2026-03-07",
                        "23:00", "PT4H",
                        "2026-03-07T02:30:00Z", "2026-03-08T06:30:00Z", "2026-03-07T03:30:30Z", "2026-03-08T08:00:30Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("daylightSaving")
    @DisplayName("a window in a zone with daylight saving time")
    void windowAcrossDaylightSaving(String description, String day, String start, String duration, String beforeOpens,
                                    String insideOpens, String beforeSent, String insideSent, @TempDir Path dir)
            throws IOException {
        String dayOfWeek = java.time.LocalDate.parse(day).getDayOfWeek().name();
        String window = ", 'maintenanceWindows': [{'id': 'mw-dst', 'account': 'acct-1', 'timeZone': 'America/New_York',"
                + " 'days': ['" + dayOfWeek + "'], 'start': '" + start + "', 'duration': '" + duration + "'}]";

        Result result = simulate(dir, scenario(window, "", "2026-12-31T00:00:00Z",
                event(beforeOpens, "CLIENT_DISCONNECTED", "'instance': 'i-web1'"),
                event(insideOpens, "CLIENT_DISCONNECTED", "'instance': 'i-web2'")));

        assertThat(owner(result)).containsExactly(
                beforeSent + " FIRING CLIENT_DISCONNECTED/i-web1 owner@example.com",
                insideSent + " FIRING CLIENT_DISCONNECTED/i-web2 owner@example.com");
    }

    @Test
    @DisplayName("inhibition: a backup failure waits for its client's reconnection; switched off, it is sent at once")
    void inhibition(@TempDir Path dir) throws IOException {
        String[] events = {
            event("2026-01-01T00:00:00Z", "CLIENT_DISCONNECTED", "'instance': 'i-web1'"),
            event("2026-01-01T00:00:00Z", "BACKUP_FAILED", "'instance': 'i-web1', 'job': 'daily'"),
            event("2026-01-01T02:00:00Z", "CLIENT_CONNECTED", "'instance': 'i-web1'")};

        Result on = simulate(dir, scenario("", "", "2026-01-01T03:00:00Z", events));
        Result off = simulate(dir, scenario("", "'inhibitBackupFailuresWhileDisconnected': false", "2026-01-01T03:00:00Z",
                events));

        assertThat(owner(on)).containsExactly(
                "2026-01-01T01:00:30Z FIRING CLIENT_DISCONNECTED/i-web1 owner@example.com",
                "2026-01-01T02:00:30Z FIRING BACKUP_FAILED/i-web1 owner@example.com");
        assertThat(owner(off)).containsExactly(
                "2026-01-01T01:00:30Z FIRING BACKUP_FAILED/i-web1 owner@example.com",
                "2026-01-01T01:00:30Z FIRING CLIENT_DISCONNECTED/i-web1 owner@example.com");
        assertThat(lines(on).get(lines(on).size() - 1).get("job").asText()).isEqualTo("daily");
    }

    @Test
    @DisplayName("an acknowledgement stops the repeats of that occurrence; the next opening starts unacknowledged")
    void acknowledgementStopsRepeats(@TempDir Path dir) throws IOException {
        Result result = simulate(dir, scenario("", "'repeatInterval': 'PT1H', 'groupWait': 'PT0S'", "2026-01-01T07:00:00Z",
                event("2026-01-01T00:00:00Z", "CLIENT_DISCONNECTED", "'instance': 'i-web1'"),
                event("2026-01-01T02:30:00Z", "ACKNOWLEDGE", "'alarm': 'CLIENT_DISCONNECTED', 'instance': 'i-web1',"
                        + " 'by': 'Alice', 'comment': 'on my way'"),
                event("2026-01-01T04:30:00Z", "CLIENT_CONNECTED", "'instance': 'i-web1'"),
                event("2026-01-01T04:40:00Z", "CLIENT_DISCONNECTED", "'instance': 'i-web1'")));

        assertThat(result.err()).isEmpty();
        assertThat(owner(result)).containsExactly(
                "2026-01-01T01:00:00Z FIRING CLIENT_DISCONNECTED/i-web1 owner@example.com",
                "2026-01-01T02:00:00Z REPEAT CLIENT_DISCONNECTED/i-web1 owner@example.com",
                "2026-01-01T05:40:00Z FIRING CLIENT_DISCONNECTED/i-web1 owner@example.com",
                "2026-01-01T06:40:00Z REPEAT CLIENT_DISCONNECTED/i-web1 owner@example.com");
    }

    @Test
    @DisplayName("acknowledging an alarm that is not firing changes nothing: exit 0, a note on stderr naming the event")
    void acknowledgeNotFiring(@TempDir Path dir) throws IOException {
        Path file = write(dir, scenario("", "", "2026-01-01T01:00:30Z",
                event("2026-01-01T00:00:00Z", "CLIENT_DISCONNECTED", "'instance': 'i-web1'"),
                event("2026-01-01T00:30:00Z", "ACKNOWLEDGE", "'alarm': 'CLIENT_DISCONNECTED', 'instance': 'i-web1', 'by': 'Al'"),
                event("2026-01-01T00:30:00Z", "ACKNOWLEDGE", "'alarm': 'BACKUP_FAILED', 'instance': 'i-web2', 'job': 'daily',"
                        + " 'by': 'Al'")));

        Result result = run("simulate", file.toString());

        assertThat(result.status()).isZero();
        assertThat(summary(result)).contains("2026-01-01T01:00:30Z FIRING CLIENT_DISCONNECTED/i-web1 owner@example.com");
        assertThat(result.err().lines()).containsExactly(
                file + ": $.events[1]: note: no CLIENT_DISCONNECTED alarm of instance i-web1 is firing at"
                        + " 2026-01-01T00:30:00Z; the acknowledgement changes nothing",
                file + ": $.events[2]: note: no BACKUP_FAILED alarm of instance i-web2 job daily is firing at"
                        + " 2026-01-01T00:30:00Z; the acknowledgement changes nothing");
    }

    @Test
    @DisplayName("TEST lines: instance and vault for an instance, contact for a contact, always account, channel, to;"
            + " sent at once, never grouped or held back")
    void testNotifications(@TempDir Path dir) throws IOException {
        Result result = simulate(dir, scenario("", "", "2026-01-01T01:00:45Z",
                event("2026-01-01T00:00:00Z", "SILENCE", "'id': 's-web1', 'account': 'acct-1', 'instance': 'i-web1',"
                        + " 'ends': '2026-01-02T00:00:00Z'"),
                event("2026-01-01T00:00:00Z", "CLIENT_DISCONNECTED", "'instance': 'i-web2'"),
                event("2026-01-01T01:00:15Z", "TEST_NOTIFICATION", "'instance': 'i-web1'"),
                event("2026-01-01T01:00:15Z", "TEST_NOTIFICATION", "'instance': 'i-web1'"),
                event("2026-01-01T01:00:15Z", "TEST_NOTIFICATION", "'contact': 'c-alice'")));

        assertThat(owner(result)).as("the group open since 01:00:00 goes out on its own").containsExactly(
                "2026-01-01T01:00:15Z TEST i-web1 owner@example.com", "2026-01-01T01:00:15Z TEST i-web1 owner@example.com",
                "2026-01-01T01:00:30Z FIRING CLIENT_DISCONNECTED/i-web2 owner@example.com");
        List<JsonNode> lines = lines(result).stream().filter(line -> line.get("notification").asText().equals("TEST")).toList();
        assertThat(lines).hasSize(6).allSatisfy(line -> {
            assertThat(line.get("at").asText()).isEqualTo("2026-01-01T01:00:15Z");
            assertThat(line.get("notification").asText()).isEqualTo("TEST");
            assertThat(line.get("account").asText()).isEqualTo("acct-1");
        });
        assertThat(lines).filteredOn(line -> line.has("instance")).hasSize(4).allSatisfy(line -> {
            assertThat(fieldNames(line)).containsExactly("at", "notification", "instance", "vault", "account", "channel",
                    "to", "messageId");
            assertThat(line.get("vault").asText()).isEqualTo("v-prod");
        });
        assertThat(lines).filteredOn(line -> line.has("contact")).hasSize(2).allSatisfy(line -> {
            assertThat(fieldNames(line)).containsExactly("at", "notification", "contact", "account", "channel", "to",
                    "messageId");
            assertThat(line.get("contact").asText()).isEqualTo("c-alice");
        });
        assertThat(lines).extracting(line -> line.get("to").asText()).containsExactlyInAnyOrder(
                "owner@example.com", "owner@example.com", "+8613800138000", "+8613800138000",
                "alice@example.com", "+8613900139000");
        assertThat(lines.stream().map(line -> line.get("messageId").asText()).distinct())
                .as("every test is its own message to each recipient").hasSize(6);
    }

    @Test
    @DisplayName("a test whose instance reaches nobody prints nothing and exits 0")
    void testReachingNobody(@TempDir Path dir) throws IOException {
        Result result = simulate(dir, scenario("", "", null,
                event("2026-01-01T00:00:00Z", "TEST_NOTIFICATION", "'instance': 'i-off'")));

        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEmpty();
    }

    @Test
    @DisplayName("validate accepts a scenario using every operator action and a maintenance window")
    void validateAll(@TempDir Path dir) throws IOException {
        String window = ", 'maintenanceWindows': [{'id': 'mw-1', 'account': 'acct-1', 'vault': 'v-prod', 'instance': 'i-web1',"
                + " 'alarm': 'BACKUP_FAILED', 'timeZone': 'Asia/Shanghai', 'days': ['SATURDAY', 'SUNDAY'], 'start': '02:00',"
                + " 'duration': 'PT4H'}]";
        Path file = write(dir, scenario(window, "'groupWait': 'PT1M', 'inhibitBackupFailuresWhileDisconnected': true",
                "2026-01-02T00:00:00Z",
                event("2026-01-01T00:00:00Z", "SILENCE", "'id': 's-1', 'account': 'acct-1', 'vault': 'v-prod',"
                        + " 'instance': 'i-web1', 'alarm': 'CLIENT_DISCONNECTED', 'starts': '2026-01-01T00:10:00Z',"
                        + " 'ends': '2026-01-01T02:00:00Z', 'by': 'Alice', 'comment': 'maintenance'"),
                event("2026-01-01T00:20:00Z", "EXPIRE_SILENCE", "'id': 's-1'"),
                event("2026-01-01T00:30:00Z", "ACKNOWLEDGE", "'alarm': 'BACKUP_FAILED', 'instance': 'i-web1', 'job': 'daily',"
                        + " 'by': 'Alice', 'comment': 'looking'"),
                event("2026-01-01T00:40:00Z", "TEST_NOTIFICATION", "'instance': 'i-web1'"),
                event("2026-01-01T00:40:00Z", "TEST_NOTIFICATION", "'contact': 'c-alice'")));

        Result result = run("validate", file.toString());

        assertThat(result.err()).isEmpty();
        assertThat(result.out()).isEqualTo("ok" + System.lineSeparator());
        assertThat(run("explain", file.toString(), "--instance", "i-web1", "--json").status()).isZero();
    }

    static Stream<Arguments> invalid() {
        String silence = "'id': 's-1', 'account': 'acct-1', 'ends': '2026-01-01T02:00:00Z'";
        return Stream.of(
                Arguments.of("a silence id used twice", scenario("", "", null,
                        event("2026-01-01T00:00:00Z", "SILENCE", silence), event("2026-01-01T00:10:00Z", "SILENCE", silence)),
                        "$.events[1].id: silence id s-1 is used twice (also at $.events[0])"),
                Arguments.of("ends not after starts", scenario("", "", null, event("2026-01-01T00:00:00Z", "SILENCE",
                                silence + ", 'starts': '2026-01-01T03:00:00Z'")),
                        "$.events[0].ends: silence s-1 ends at 2026-01-01T02:00:00Z, not after it starts at"
                                + " 2026-01-01T03:00:00Z; a silence must end after it starts"),
                Arguments.of("ends not after at", scenario("", "", null, event("2026-01-01T02:00:00Z", "SILENCE",
                                silence + ", 'starts': '2026-01-01T00:00:00Z'")),
                        "$.events[0].ends: silence s-1 ends at 2026-01-01T02:00:00Z, not after the event's at"
                                + " 2026-01-01T02:00:00Z; a silence must end after it is created"),
                Arguments.of("an unknown account", scenario("", "", null, event("2026-01-01T00:00:00Z", "SILENCE",
                                silence.replace("acct-1", "acct-9"))),
                        "$.events[0].account: account acct-9 does not exist; did you mean 'acct-1'?"),
                Arguments.of("a matcher of another account", scenario("", "", null, event("2026-01-01T00:00:00Z", "SILENCE",
                                silence + ", 'instance': 'i-b1'")),
                        "$.events[0].instance: instance i-b1 belongs to account acct-2, not acct-1"),
                Arguments.of("an expiry of a silence not created before", scenario("", "", null,
                                event("2026-01-01T00:00:00Z", "EXPIRE_SILENCE", "'id': 's-1'"),
                                event("2026-01-01T00:00:00Z", "SILENCE", silence)),
                        "$.events[0].id: silence s-1 is not created before this event (no SILENCE event with that id comes"
                                + " earlier)"),
                Arguments.of("a test naming both", scenario("", "", null, event("2026-01-01T00:00:00Z", "TEST_NOTIFICATION",
                                "'instance': 'i-web1', 'contact': 'c-alice'")),
                        "$.events[0]: a TEST_NOTIFICATION names an instance or a contact, not both"),
                Arguments.of("a test naming neither", scenario("", "", null, event("2026-01-01T00:00:00Z", "TEST_NOTIFICATION", "")),
                        "$.events[0]: a TEST_NOTIFICATION needs an instance or a contact (both are absent)"),
                Arguments.of("a test of an unknown contact", scenario("", "", null, event("2026-01-01T00:00:00Z",
                                "TEST_NOTIFICATION", "'contact': 'c-zed'")),
                        "$.events[0].contact: contact c-zed does not exist"),
                Arguments.of("an acknowledgement of a disconnection with a job", scenario("", "", null,
                                event("2026-01-01T00:00:00Z", "ACKNOWLEDGE", "'alarm': 'CLIENT_DISCONNECTED', 'instance': 'i-web1',"
                                        + " 'job': 'daily', 'by': 'Al'")),
                        "$.events[0].job: a CLIENT_DISCONNECTED alarm has no job (job 'daily' names a backup job: only a"
                                + " BACKUP_FAILED alarm has one)"),
                Arguments.of("a groupWait over an hour", scenario("", "'groupWait': 'PT2H'", null,
                                event("2026-01-01T00:00:00Z", "CLIENT_DISCONNECTED", "'instance': 'i-web1'")),
                        "$.settings.groupWait: groupWait PT2H is more than the maximum, PT1H"),
                Arguments.of("a window day twice", scenario(", 'maintenanceWindows': [{'id': 'mw-1', 'account': 'acct-1',"
                                + " 'timeZone': 'UTC', 'days': ['MONDAY', 'MONDAY'], 'start': '02:00', 'duration': 'PT1H'}]", "", null,
                                event("2026-01-01T00:00:00Z", "CLIENT_DISCONNECTED", "'instance': 'i-web1'")),
                        "$.config.maintenanceWindows[0].days[1]: day MONDAY is listed twice (also at"
                                + " $.config.maintenanceWindows[0].days[0])"),
                Arguments.of("a window of eight days", scenario(", 'maintenanceWindows': [{'id': 'mw-1', 'account': 'acct-1',"
                                + " 'timeZone': 'UTC', 'days': ['MONDAY'], 'start': '02:00', 'duration': 'P8D'}]", "", null,
                                event("2026-01-01T00:00:00Z", "CLIENT_DISCONNECTED", "'instance': 'i-web1'")),
                        "$.config.maintenanceWindows[0].duration: duration P8D is more than the maximum, P7D"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    @DisplayName("invalid quiet input: validate and simulate exit 2, print nothing on stdout, and name the file and location")
    void invalid(String description, String content, String problem, @TempDir Path dir) throws IOException {
        Path file = write(dir, content);

        for (String command : List.of("validate", "simulate")) {
            Result result = run(command, file.toString());
            assertThat(result.status()).as(command).isEqualTo(ExitCodes.INVALID_INPUT);
            assertThat(result.out()).as(command).isEmpty();
            assertThat(result.err().lines()).as(command).containsExactly(file + ": " + problem);
        }
    }
}
