package io.backupalarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@DisplayName("The command-line tool")
final class BackupAlarmCliTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What a run printed and returned. */
    record Result(int status, String out, String err) {
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = BackupAlarmCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String resource(String name) {
        try {
            return Path.of(BackupAlarmCliTest.class.getResource("/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Single quotes stand for double quotes, to keep the cases readable. */
    static String json(String text) {
        return text.replace('\'', '"');
    }

    @Nested
    @DisplayName("validate")
    final class Validate {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"example-config.json", "example-scenario.json", "sample-config.json", "addresses-config.json"})
        @DisplayName("prints ok on stdout, nothing on stderr, and exits 0 for a valid file")
        void ok(String file) {
            Result result = run("validate", resource(file));

            assertThat(result.status()).isZero();
            assertThat(result.out()).isEqualTo("ok" + System.lineSeparator());
            assertThat(result.err()).isEmpty();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.backupalarm.cli.BackupAlarmCliTest#invalidFiles")
        @DisplayName("exits 2 and names the file, the location and the offending value on stderr")
        void invalid(String description, String content, String location, String fragment, @TempDir Path dir)
                throws IOException {
            Path file = dir.resolve("input.json");
            Files.writeString(file, json(content));

            Result result = run("validate", file.toString());

            assertThat(result.status()).as(description).isEqualTo(2);
            assertThat(result.out()).isEmpty();
            assertThat(result.err().lines()).as(description)
                    .allSatisfy(line -> assertThat(line).startsWith(file + ": "))
                    .anySatisfy(line -> assertThat(line).startsWith(file + ": " + location + ": ").contains(fragment));
        }

        @Test
        @DisplayName("prints every problem, one per line")
        void everyProblem(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("two.json");
            Files.writeString(file, json("{'accounts':[{'id':'a','email':'bad'},{'id':'b'}]}"));

            Result result = run("validate", file.toString());

            assertThat(result.status()).isEqualTo(2);
            assertThat(result.err().lines().toList()).containsExactly(
                    file + ": $.accounts[0].email: email 'bad' is not a valid address"
                            + " (an RFC 5322 addr-spec such as alice@example.com)",
                    file + ": $.accounts[1]: account b needs an email or a mobile (both are absent)");
        }

        @Test
        @DisplayName("exits 2 naming the file when it does not exist")
        void missingFile(@TempDir Path dir) {
            String file = dir.resolve("nope.json").toString();

            Result result = run("validate", file);

            assertThat(result.status()).isEqualTo(2);
            assertThat(result.err()).isEqualTo(file + ": file not found" + System.lineSeparator());
        }

        @Test
        @DisplayName("exits 2 naming the file when it cannot be read")
        void unreadable(@TempDir Path dir) {
            Result result = run("validate", dir.toString());

            assertThat(result.status()).isEqualTo(2);
            assertThat(result.err()).startsWith(dir + ": cannot be read");
        }

        @Test
        @DisplayName("exits 2 with a usage message when FILE is missing")
        void usage() {
            Result result = run("validate");

            assertThat(result.status()).isEqualTo(2);
            assertThat(result.err()).contains("Missing required parameter: 'FILE'");
        }
    }

    static Stream<Arguments> invalidFiles() {
        String account = "{'id':'acct-1','email':'owner@example.com'}";
        String alice = "{'id':'c-alice','account':'acct-1','name':'Alice','email':'alice@example.com'}";
        String config = "'config':{'accounts':[" + account + "],'contacts':[" + alice + "],"
                + "'vaults':[{'id':'v-prod','account':'acct-1'}],'instances':[{'id':'i-web1','vault':'v-prod'}]}";
        String at0 = "'at':'2026-01-01T00:00:00Z'";
        return Stream.of(
                Arguments.of("malformed JSON", "{'accounts': [", "line 1, column 15", "malformed JSON"),
                Arguments.of("an unknown field", "{'accounts':[" + account + "],'contacts':[{'id':'c-alice','account':'acct-1',"
                        + "'name':'Alice','email':'alice@example.com','phone':'1'}]}", "$.contacts[0].phone", "'phone'"),
                Arguments.of("a missing required field", "{'vaults':[{'id':'v-prod'}]}", "$.vaults[0].account", "'account'"),
                Arguments.of("a wrong type", "{'accounts':[{'id':'a','email':['a@b.c']}]}", "$.accounts[0].email", "must be a string"),
                Arguments.of("a duplicate key", "{'accounts':[{'id':'a','email':'a@b.c','email':'d@b.c'}]}", "line 1, column 47",
                        "Duplicate field 'email'"),
                Arguments.of("a duplicate id", "{'accounts':[" + account + "," + account + "]}", "$.accounts[1].id", "acct-1"),
                Arguments.of("a missing reference", "{'accounts':[" + account + "],'vaults':[{'id':'v','account':'acct-1',"
                        + "'alarmPolicy':{'mode':'CUSTOMIZED','contacts':['c-ghost']}}]}", "$.vaults[0].alarmPolicy.contacts[0]", "c-ghost"),
                Arguments.of("a reference to another account", "{'accounts':[" + account + ",{'id':'acct-2','email':'x@example.com'}],"
                        + "'contacts':[" + alice + "],'groups':[{'id':'g','account':'acct-2','name':'G','members':['c-alice']}]}",
                        "$.groups[0].members[0]", "c-alice belongs to account acct-1, not acct-2"),
                Arguments.of("an invalid email", "{'accounts':[{'id':'a','email':'a@@b'}]}", "$.accounts[0].email", "'a@@b'"),
                Arguments.of("an invalid mobile", "{'accounts':[{'id':'a','mobile':'+999'}]}", "$.accounts[0].mobile", "'+999'"),
                Arguments.of("a contact with no address at all", "{'accounts':[" + account + "],'contacts':[{'id':'c-x','account':'acct-1','name':'X'}]}",
                        "$.contacts[0]", "contact c-x needs an email, a mobile or a further address (all are absent)"),
                Arguments.of("a contact with empty addresses only", further(account, "[]"), "$.contacts[0]",
                        "contact c-x needs an email, a mobile or a further address (email and mobile are absent, addresses is empty)"),
                Arguments.of("a further address on channel email", further(account, "[{'channel':'email','to':'x@example.com'}]"),
                        "$.contacts[0].addresses[0].channel", "contact c-x channel 'email' is kept in the contact's email"),
                Arguments.of("a further address on channel sms", further(account, "[{'channel':'sms','to':'+8613900139000'}]"),
                        "$.contacts[0].addresses[0].channel", "contact c-x channel 'sms' is kept in the contact's mobile"),
                Arguments.of("an upper-case channel", further(account, "[{'channel':'Ding','to':'x'}]"),
                        "$.contacts[0].addresses[0].channel", "contact c-x channel 'Ding' is not a valid channel name"),
                Arguments.of("an empty channel", further(account, "[{'channel':'','to':'x'}]"),
                        "$.contacts[0].addresses[0].channel", "channel '' is not a valid channel name"),
                Arguments.of("a channel of 33 characters", further(account, "[{'channel':'" + "k".repeat(33) + "','to':'x'}]"),
                        "$.contacts[0].addresses[0].channel", "is not a valid channel name"),
                Arguments.of("an http URL for dingtalk", further(account, "[{'channel':'chat','to':'ok'},"
                                + "{'channel':'dingtalk','to':'http://oapi.dingtalk.com/robot/send?access_token=abc'}]"),
                        "$.contacts[0].addresses[1].to", "contact c-x dingtalk address "
                                + "'http://oapi.dingtalk.com/robot/send?access_token=abc' must be an https URL with a host"),
                Arguments.of("the same channel and target twice", further(account, "[{'channel':'chat','to':'room'},"
                                + "{'channel':'chat','to':'room'}]"), "$.contacts[0].addresses[1]",
                        "contact c-x holds the chat address 'room' twice (also at $.contacts[0].addresses[0])"),
                Arguments.of("too many further addresses", further(account, IntStream.rangeClosed(1, 21)
                                .mapToObj(i -> "{'channel':'chat','to':'r" + i + "'}").collect(Collectors.joining(",", "[", "]"))),
                        "$.contacts[0].addresses", "contact c-x has 21 further addresses; at most 20 are allowed"),
                Arguments.of("an unknown field in an address", further(account, "[{'channel':'chat','to':'room','secretValue':'s3cr3t'}]"),
                        "$.contacts[0].addresses[0].secretValue", "unknown field 'secretValue' in a contact address"),
                Arguments.of("an address without to", further(account, "[{'channel':'chat'}]"),
                        "$.contacts[0].addresses[0].to", "missing required field 'to'"),
                Arguments.of("a secret that is not an id", further(account, "[{'channel':'chat','to':'room','secret':'a/b'}]"),
                        "$.contacts[0].addresses[0].secret", "contact c-x address secret 'a/b' is not a valid id"),
                Arguments.of("a control character in to", further(account, "[{'channel':'chat','to':'room\\u000a2'}]"),
                        "$.contacts[0].addresses[0].to", "contact c-x chat address 'room\\u000a2' has leading or trailing spaces"
                                + " or a control character"),
                Arguments.of("a scenario's contact with a bad further address", "{'config':{'accounts':[" + account + "],"
                                + "'contacts':[{'id':'c-x','account':'acct-1','name':'X','addresses':[{'channel':'webhook','to':'ftp://x'}]}]},"
                                + "'events':[]}", "$.config.contacts[0].addresses[0].to", "contact c-x webhook address 'ftp://x'"),
                Arguments.of("an empty group", "{'accounts':[" + account + "],'groups':[{'id':'g-empty','account':'acct-1','name':'G','members':[]}]}",
                        "$.groups[0].members", "g-empty"),
                Arguments.of("a CUSTOMIZED policy naming nothing", "{'accounts':[" + account + "],'vaults':[{'id':'v','account':'acct-1',"
                        + "'alarmPolicy':{'mode':'CUSTOMIZED'}}]}", "$.vaults[0].alarmPolicy", "CUSTOMIZED"),
                Arguments.of("a vault set to SAME_AS_VAULT", "{'accounts':[" + account + "],'vaults':[{'id':'v','account':'acct-1',"
                        + "'alarmPolicy':{'mode':'SAME_AS_VAULT'}}]}", "$.vaults[0].alarmPolicy.mode", "SAME_AS_VAULT"),
                Arguments.of("a scenario event out of order", "{" + config + ",'events':[{'at':'2026-01-01T01:00:00Z','type':'CLIENT_DISCONNECTED',"
                        + "'instance':'i-web1'},{" + at0 + ",'type':'CLIENT_CONNECTED','instance':'i-web1'}]}", "$.events[1].at", "earlier"),
                Arguments.of("a scenario event for an unknown instance", "{" + config + ",'events':[{" + at0
                        + ",'type':'CLIENT_DISCONNECTED','instance':'i-ghost'}]}", "$.events[0].instance", "i-ghost"),
                Arguments.of("a scenario event for an unknown vault", "{" + config + ",'events':[{" + at0
                        + ",'type':'SET_VAULT_POLICY','vault':'v-ghost','alarmPolicy':{'mode':'DEFAULT'}}]}", "$.events[0].vault", "v-ghost"),
                Arguments.of("a scenario event of an unknown type", "{" + config + ",'events':[{" + at0
                        + ",'type':'REBOOTED','instance':'i-web1'}]}", "$.events[0].type", "REBOOTED"),
                Arguments.of("a scenario until before the last event", "{" + config + ",'events':[{'at':'2026-01-01T01:00:00Z',"
                        + "'type':'CLIENT_DISCONNECTED','instance':'i-web1'}],'until':'2026-01-01T00:00:00Z'}", "$.until", "earlier"),
                Arguments.of("a negative grace period", "{" + config + ",'settings':{'disconnectGracePeriod':'-PT1H'}}",
                        "$.settings.disconnectGracePeriod", "PT-1H must not be negative"),
                Arguments.of("a zero repeat interval", "{" + config + ",'settings':{'repeatInterval':'PT0S'}}",
                        "$.settings.repeatInterval", "PT0S"),
                Arguments.of("a scenario policy change naming a missing group", "{" + config + ",'events':[{" + at0
                        + ",'type':'SET_INSTANCE_POLICY','instance':'i-web1','alarmPolicy':{'mode':'CUSTOMIZED','groups':['g-ghost']}}]}",
                        "$.events[0].alarmPolicy.groups[0]", "g-ghost"));
    }

    /** A configuration whose one contact, c-x, holds these further addresses (JSON array text) and nothing else. */
    static String further(String account, String addresses) {
        return "{'accounts':[" + account + "],'contacts':[{'id':'c-x','account':'acct-1','name':'X','addresses':"
                + addresses + "}]}";
    }

    @Nested
    @DisplayName("explain --json")
    final class ExplainJson {

        JsonNode explain(String file, String instance) throws IOException {
            Result result = run("explain", resource(file), "--instance", instance, "--json");
            assertThat(result.status()).isZero();
            assertThat(result.err()).isEmpty();
            assertThat(result.out().lines()).hasSize(1);
            JsonNode node = MAPPER.readTree(result.out());
            List<String> fields = new ArrayList<>();
            node.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("instance", "vault", "account", "decidedBy", "mode", "recipients");
            return node;
        }

        @Test
        @DisplayName("SAME_AS_VAULT: the vault decides; a group and a direct path to one address give one recipient with two via")
        void sameAsVault() throws IOException {
            Result result = run("explain", resource("example-config.json"), "--instance", "i-web1", "--json");

            assertThat(result.out()).isEqualTo(json("{'instance':'i-web1','vault':'v-prod','account':'acct-1',"
                    + "'decidedBy':'VAULT','mode':'CUSTOMIZED','recipients':["
                    + "{'channel':'email','to':'alice@example.com','via':[{'contact':'c-alice'},{'contact':'c-alice','group':'g-ops'}]},"
                    + "{'channel':'sms','to':'+8613900139000','via':[{'contact':'c-alice'},{'contact':'c-alice','group':'g-ops'}]}]}")
                    + System.lineSeparator());
        }

        @Test
        @DisplayName("an absent instance policy is SAME_AS_VAULT: the vault decides")
        void absentInstancePolicy() throws IOException {
            JsonNode node = explain("sample-config.json", "i-web2");

            assertThat(node.get("decidedBy").asText()).isEqualTo("VAULT");
            assertThat(node.get("mode").asText()).isEqualTo("CUSTOMIZED");
            JsonNode email = node.get("recipients").get(1);
            assertThat(email.get("to").asText()).isEqualTo("bob@example.com");
            assertThat(email.get("via").toString()).isEqualTo(json("[{'contact':'c-bob','group':'g-ops'}]"));
        }

        @Test
        @DisplayName("instance CUSTOMIZED: the instance decides, and the vault's contacts are not told")
        void instanceCustomized() throws IOException {
            JsonNode node = explain("sample-config.json", "i-db1");

            assertThat(node.get("instance").asText()).isEqualTo("i-db1");
            assertThat(node.get("vault").asText()).isEqualTo("v-prod");
            assertThat(node.get("account").asText()).isEqualTo("acct-1");
            assertThat(node.get("decidedBy").asText()).isEqualTo("INSTANCE");
            assertThat(node.get("mode").asText()).isEqualTo("CUSTOMIZED");
            assertThat(node.get("recipients").toString()).isEqualTo(json("["
                    + "{'channel':'email','to':'alice@example.com','via':[{'contact':'c-alice','group':'g-oncall'}]},"
                    + "{'channel':'sms','to':'+8613700137000','via':[{'contact':'c-carol','group':'g-oncall'}]},"
                    + "{'channel':'sms','to':'+8613900139000','via':[{'contact':'c-alice','group':'g-oncall'}]}]"));
        }

        @Test
        @DisplayName("instance DEFAULT: the instance decides, the account's addresses via the account")
        void instanceDefault() throws IOException {
            JsonNode node = explain("sample-config.json", "i-db2");

            assertThat(node.get("decidedBy").asText()).isEqualTo("INSTANCE");
            assertThat(node.get("mode").asText()).isEqualTo("DEFAULT");
            assertThat(node.get("recipients").toString()).isEqualTo(json("["
                    + "{'channel':'email','to':'owner@example.com','via':[{'account':'acct-1'}]},"
                    + "{'channel':'sms','to':'+8613800138000','via':[{'account':'acct-1'}]}]"));
        }

        @Test
        @DisplayName("instance DISABLED: the instance decides, nobody is told")
        void instanceDisabled() throws IOException {
            JsonNode node = explain("sample-config.json", "i-batch");

            assertThat(node.get("decidedBy").asText()).isEqualTo("INSTANCE");
            assertThat(node.get("mode").asText()).isEqualTo("DISABLED");
            assertThat(node.get("recipients").size()).isZero();
        }

        @Test
        @DisplayName("vault DISABLED and vault DEFAULT (absent vault policy) decide for SAME_AS_VAULT instances")
        void vaultModes() throws IOException {
            JsonNode disabled = explain("sample-config.json", "i-test1");
            JsonNode byDefault = explain("sample-config.json", "i-home");
            JsonNode otherAccount = explain("sample-config.json", "i-b1");

            assertThat(disabled.get("decidedBy").asText()).isEqualTo("VAULT");
            assertThat(disabled.get("mode").asText()).isEqualTo("DISABLED");
            assertThat(disabled.get("recipients").size()).isZero();
            assertThat(byDefault.get("decidedBy").asText()).isEqualTo("VAULT");
            assertThat(byDefault.get("mode").asText()).isEqualTo("DEFAULT");
            assertThat(byDefault.get("recipients").get(0).get("via").toString()).isEqualTo(json("[{'account':'acct-1'}]"));
            assertThat(otherAccount.get("recipients").toString()).isEqualTo(json(
                    "[{'channel':'email','to':'ops@example.org','via':[{'account':'acct-2'}]}]"));
        }

        @Test
        @DisplayName("the instance level takes precedence over a DISABLED vault")
        void instanceOverVault() throws IOException {
            JsonNode node = explain("sample-config.json", "i-test2");

            assertThat(node.get("decidedBy").asText()).isEqualTo("INSTANCE");
            assertThat(node.get("recipients").toString()).isEqualTo(json(
                    "[{'channel':'email','to':'bob@example.com','via':[{'contact':'c-bob'}]}]"));
        }

        @Test
        @DisplayName("further addresses are recipients like email and sms ones, with their paths, and without their secret ids")
        void furtherAddresses() throws IOException {
            Result result = run("explain", resource("addresses-config.json"), "--instance", "i-web1", "--json");

            assertThat(result.status()).isZero();
            assertThat(result.out()).isEqualTo(json("{'instance':'i-web1','vault':'v-prod','account':'acct-1',"
                    + "'decidedBy':'VAULT','mode':'CUSTOMIZED','recipients':["
                    + "{'channel':'abcdefghijklmnopqrstuvwxyz-01234','to':'a','via':[{'contact':'c-ops-room'}]},"
                    + "{'channel':'chat','to':'#ops room (main)','via':[{'contact':'c-ops-room'}]},"
                    + "{'channel':'dingtalk','to':'https://oapi.dingtalk.com/robot/send?access_token=abc','via':[{'contact':'c-ops-room'}]},"
                    + "{'channel':'email','to':'alice@example.com','via':[{'contact':'c-alice'}]},"
                    + "{'channel':'slack','to':'https://hooks.slack.com/services/T0/B0/xyz','via':[{'contact':'c-alice'}]},"
                    + "{'channel':'webhook','to':'https://hooks.example.com/alarms','via':[{'contact':'c-ops-room'}]},"
                    + "{'channel':'x-1','to':'https://hooks.example.com/alarms','via':[{'contact':'c-ops-room'}]}]}")
                    + System.lineSeparator());
            assertThat(result.out()).doesNotContain("ding-ops").doesNotContain("hook.ops").doesNotContain("secret");
        }

        @Test
        @DisplayName("a scenario file's config is used")
        void scenarioFile() throws IOException {
            JsonNode node = explain("example-scenario.json", "i-web1");

            assertThat(node.get("decidedBy").asText()).isEqualTo("VAULT");
            assertThat(node.get("mode").asText()).isEqualTo("CUSTOMIZED");
        }
    }

    @Nested
    @DisplayName("explain")
    final class Explain {

        @Test
        @DisplayName("prints text for people by default")
        void text() {
            Result result = run("explain", resource("example-config.json"), "--instance", "i-web1");

            assertThat(result.status()).isZero();
            assertThat(result.out().lines().toList()).containsExactly(
                    "instance i-web1 (vault v-prod, account acct-1)",
                    "decided by: VAULT (the instance's policy is SAME_AS_VAULT, so the vault's policy applies)",
                    "mode: CUSTOMIZED",
                    "recipients (2):",
                    "  email alice@example.com",
                    "    via contact c-alice",
                    "    via group g-ops (member c-alice)",
                    "  sms +8613900139000",
                    "    via contact c-alice",
                    "    via group g-ops (member c-alice)");
        }

        @Test
        @DisplayName("lists further addresses by channel and target, without their secret ids")
        void furtherAddresses() {
            Result result = run("explain", resource("addresses-config.json"), "--instance", "i-web1");

            assertThat(result.status()).isZero();
            assertThat(result.out().lines().toList()).containsExactly(
                    "instance i-web1 (vault v-prod, account acct-1)",
                    "decided by: VAULT (the instance's policy is SAME_AS_VAULT, so the vault's policy applies)",
                    "mode: CUSTOMIZED",
                    "recipients (7):",
                    "  abcdefghijklmnopqrstuvwxyz-01234 a",
                    "    via contact c-ops-room",
                    "  chat #ops room (main)",
                    "    via contact c-ops-room",
                    "  dingtalk https://oapi.dingtalk.com/robot/send?access_token=abc",
                    "    via contact c-ops-room",
                    "  email alice@example.com",
                    "    via contact c-alice",
                    "  slack https://hooks.slack.com/services/T0/B0/xyz",
                    "    via contact c-alice",
                    "  webhook https://hooks.example.com/alarms",
                    "    via contact c-ops-room",
                    "  x-1 https://hooks.example.com/alarms",
                    "    via contact c-ops-room");
            assertThat(result.out()).doesNotContain("ding-ops").doesNotContain("hook.ops");
        }

        @Test
        @DisplayName("says when nobody is told")
        void nobody() {
            Result result = run("explain", resource("sample-config.json"), "--instance", "i-batch");

            assertThat(result.out()).contains("recipients: none (alarms are disabled)");
        }

        @Test
        @DisplayName("an unknown --instance is invalid input: exit 2, naming the file and the id")
        void unknownInstance() {
            String file = resource("example-config.json");
            Result result = run("explain", file, "--instance", "i-ghost", "--json");

            assertThat(result.status()).isEqualTo(2);
            assertThat(result.out()).isEmpty();
            assertThat(result.err()).isEqualTo(file + ": --instance i-ghost: no instance 'i-ghost'" + System.lineSeparator());
        }

        @Test
        @DisplayName("a missing --instance is a usage error: exit 2")
        void missingInstance() {
            Result result = run("explain", resource("example-config.json"));

            assertThat(result.status()).isEqualTo(2);
            assertThat(result.out()).isEmpty();
            assertThat(result.err()).contains("Missing required option: '--instance=ID'");
        }

        @Test
        @DisplayName("an invalid file is invalid input: exit 2, nothing on stdout")
        void invalidFile(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("bad.json");
            Files.writeString(file, "{\"accounts\":5}");

            Result result = run("explain", file.toString(), "--instance", "i-web1");

            assertThat(result.status()).isEqualTo(2);
            assertThat(result.out()).isEmpty();
            assertThat(result.err()).startsWith(file + ": $.accounts: 'accounts' must be an array");
        }
    }

    @Nested
    @DisplayName("help and usage")
    final class Help {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"--help", "validate --help", "explain --help", "simulate --help", "help explain", "-h"})
        @DisplayName("--help on every command prints the usage on stdout and exits 0")
        void help(String args) {
            Result result = run(args.split(" "));

            assertThat(result.status()).isZero();
            assertThat(result.out()).startsWith("Usage: backup-alarm");
            assertThat(result.err()).isEmpty();
        }

        @Test
        @DisplayName("--version prints the version and exits 0")
        void version() {
            Result result = run("--version");

            assertThat(result.status()).isZero();
            assertThat(result.out()).startsWith("backup-alarm ");
        }

        @Test
        @DisplayName("no command, or an unknown one, is a usage error: exit 2")
        void noCommand() {
            assertThat(run().status()).isEqualTo(2);
            Result unknown = run("frobnicate");
            assertThat(unknown.status()).isEqualTo(2);
            assertThat(unknown.err()).contains("frobnicate");
            assertThat(run("validate", "a.json", "b.json").status()).isEqualTo(2);
            assertThat(run("explain", "a.json", "--instance", "i", "--yaml").status()).isEqualTo(2);
        }

        @Test
        @DisplayName("an unexpected exception in a command exits 1 with a one-line message, its line breaks escaped")
        void unexpected() {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine commandLine = BackupAlarmCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
            commandLine.addSubcommand(new Boom());

            int status = commandLine.execute("boom");

            assertThat(status).isEqualTo(1);
            assertThat(out.toString()).isEmpty();
            assertThat(err.toString().lines().toList())
                    .containsExactly("backup-alarm boom: unexpected error: java.lang.IllegalStateException: bang on\\u000atwo lines");
        }
    }

    /** A command that fails unexpectedly. */
    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("bang on\ntwo lines");
        }
    }
}
