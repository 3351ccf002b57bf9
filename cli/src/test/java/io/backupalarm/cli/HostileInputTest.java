package io.backupalarm.cli;

import static io.backupalarm.cli.BackupAlarmCliTest.json;
import static io.backupalarm.cli.BackupAlarmCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.backupalarm.cli.BackupAlarmCliTest.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Hostile or mistaken input: a clear one-line error and exit 2, never a crash or a hang")
final class HostileInputTest {

    private static final String CONFIG = "'config': {'accounts': [{'id': 'acct-1', 'email': 'owner@example.com'}],"
            + " 'vaults': [{'id': 'v-prod', 'account': 'acct-1'}], 'instances': [{'id': 'i-web1', 'vault': 'v-prod'}]}";
    private static final String DISCONNECT = "{'at': '2026-01-01T00:00:00Z', 'type': 'CLIENT_DISCONNECTED', 'instance': 'i-web1'}";

    private static Path write(Path dir, String content) throws IOException {
        Path file = dir.resolve("input.json");
        Files.writeString(file, json(content), StandardCharsets.UTF_8);
        return file;
    }

    /** Exit 2, nothing on stdout, exactly the expected lines on stderr. */
    private static void assertInvalid(Result result, String... lines) {
        assertThat(result.status()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines()).containsExactly(lines);
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("an instant in year 1000000000", "'events': [{'at': '+1000000000-01-01T00:00:00Z',"
                                + " 'type': 'CLIENT_DISCONNECTED', 'instance': 'i-web1'}]",
                        "$.events[0].at: at +1000000000-01-01T00:00:00Z is outside the supported range,"
                                + " 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z"),
                Arguments.of("a grace period that overflows an instant", "'settings': {'disconnectGracePeriod':"
                                + " 'PT2562047788015215H'}, 'events': [" + DISCONNECT + "]",
                        "$.settings.disconnectGracePeriod: disconnectGracePeriod PT2562047788015215H is more than the"
                                + " maximum, P365D"),
                Arguments.of("a repeat interval of one nanosecond", "'settings': {'disconnectGracePeriod': 'PT0S',"
                                + " 'repeatInterval': 'PT0.000000001S'}, 'events': [" + DISCONNECT + "],"
                                + " 'until': '2026-01-01T00:00:10Z'",
                        "$.settings.repeatInterval: repeatInterval PT0.000000001S is less than the minimum, PT1M"
                                + " (null means no repeat)"),
                Arguments.of("a negative repeat interval", "'settings': {'repeatInterval': '-PT5M'}, 'events': ["
                                + DISCONNECT + "]",
                        "$.settings.repeatInterval: repeatInterval PT-5M is less than the minimum, PT1M (null means no repeat)"),
                Arguments.of("a replay of every minute until 9999", "'settings': {'repeatInterval': 'PT1M'}, 'events': ["
                                + DISCONNECT + "], 'until': '9999-12-31T23:59:59Z'",
                        "$.until: the replay could send up to 4193917919 repeats: 1 alarm(s) the events open, each repeated"
                                + " every PT1M from 2026-01-01T00:00:00Z to 9999-12-31T23:59:59Z; at most 100000 (shorten"
                                + " until or lengthen repeatInterval)"),
                Arguments.of("an instant without an offset", "'events': [{'at': '2026-01-01T00:00:00',"
                                + " 'type': 'CLIENT_DISCONNECTED', 'instance': 'i-web1'}]",
                        "$.events[0].at: at '2026-01-01T00:00:00' needs a zone offset such as Z (2026-01-01T00:00:00Z)"
                                + " or +08:00"),
                Arguments.of("an instance id holding CR and LF", "'events': [{'at': '2026-01-01T00:00:00Z',"
                                + " 'type': 'CLIENT_DISCONNECTED', 'instance': 'i-web1\\r\\ninput.json: $: forged'}]",
                        "$.events[0].instance: instance i-web1\\u000d\\u000ainput.json: $: forged does not exist"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    @DisplayName("validate and simulate refuse the scenario alike, naming the field")
    void refused(String description, String rest, String problem, @TempDir Path dir) throws IOException {
        Path file = write(dir, "{" + CONFIG + ", " + rest + "}");

        assertInvalid(run("validate", file.toString()), file + ": " + problem);
        assertInvalid(run("simulate", file.toString()), file + ": " + problem);
    }

    @Test
    @DisplayName("the largest bounds themselves replay to the end: instants up to 9999, 365 days of grace and of repeat,"
            + " an hour of group wait")
    void largestBoundsReplay(@TempDir Path dir) throws IOException {
        Path file = write(dir, "{" + CONFIG + ", 'settings': {'disconnectGracePeriod': 'P365D', 'repeatInterval': 'P365D',"
                + " 'notifyOnResolved': true, 'groupWait': 'PT1H'}, 'events': [{'at': '9990-01-01T00:00:00Z',"
                + " 'type': 'CLIENT_DISCONNECTED', 'instance': 'i-web1'}, {'at': '9999-12-31T22:59:59Z',"
                + " 'type': 'CLIENT_CONNECTED', 'instance': 'i-web1'}], 'until': '9999-12-31T23:59:59Z'}");

        Result result = run("simulate", file.toString());

        assertThat(result.err()).isEmpty();
        assertThat(result.status()).isZero();
        assertThat(result.out().lines()).first().asString().startsWith("{\"at\":\"9991-01-01T01:00:00Z\",\"notification\":\"FIRING\"");
        assertThat(result.out().lines()).last().asString().startsWith("{\"at\":\"9999-12-31T23:59:59Z\",\"notification\":\"RESOLVED\"");
    }

    @Test
    @DisplayName("/dev/zero is refused at once as too large, with the line and column")
    void devZero() {
        assumeTrue(Files.isReadable(Path.of("/dev/zero")), "a system with /dev/zero");

        assertInvalid(run("validate", "/dev/zero"),
                "/dev/zero: line 1, column 16777217: the file is larger than 16 MiB (16777216 bytes), the most that is read");
    }

    @Test
    @DisplayName("a file over 16 MiB is refused with the line and column where the limit was passed")
    void hugeFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("huge.json");
        byte[] content = new byte[17 * 1024 * 1024];
        Arrays.fill(content, (byte) '\n');
        Files.write(file, content);

        assertInvalid(run("explain", file.toString(), "--instance", "i-web1"),
                file + ": line 16777217, column 1: the file is larger than 16 MiB (16777216 bytes), the most that is read");
    }

    @Test
    @DisplayName("nesting past 32 levels is refused with the line and column")
    void deeplyNested(@TempDir Path dir) throws IOException {
        Path file = write(dir, "{'accounts': " + "[".repeat(100_000) + "]".repeat(100_000) + "}");

        assertInvalid(run("validate", file.toString()),
                file + ": line 1, column 45: arrays and objects nested more than 32 deep, the most that is read");
    }

    @Test
    @DisplayName("a file name or an --instance holding a line break is echoed escaped, on one line")
    void echoedArgumentsEscaped(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("config.json");
        Files.writeString(config, json(CONFIG.substring("'config': ".length())), StandardCharsets.UTF_8);

        assertInvalid(run("explain", config.toString(), "--instance", "i-web1\nforged"),
                config + ": --instance i-web1\\u000aforged: no instance 'i-web1\\u000aforged'");
        assertInvalid(run("validate", dir.resolve("a\r\nb.json").toString()),
                dir + "/a\\u000d\\u000ab.json: file not found");
        assertInvalid(run("validate", "a.json", "--bogus\nforged"), "backup-alarm validate: Unknown option: '--bogus\\u000aforged'",
                "Try 'backup-alarm validate --help' for more information.");
    }

    @Test
    @DisplayName("an unknown --instance names the nearest instance when it is a likely typo")
    void suggestion(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("config.json");
        Files.writeString(config, json(CONFIG.substring("'config': ".length())), StandardCharsets.UTF_8);

        assertInvalid(run("explain", config.toString(), "--instance", "i-web"),
                config + ": --instance i-web: no instance 'i-web'; did you mean 'i-web1'?");
        assertInvalid(run("explain", config.toString(), "--instance", "db-9"), config + ": --instance db-9: no instance 'db-9'");
    }
}
