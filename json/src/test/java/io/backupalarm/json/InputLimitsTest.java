package io.backupalarm.json;

import static io.backupalarm.json.ConfigurationFilesTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.backupalarm.ValidationException.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Input limits: size, nesting, tokens, and values echoed in messages")
final class InputLimitsTest {

    private static final int MiB = 1024 * 1024;

    private static Problem onlyProblem(InvalidFileException e) {
        assertThat(e).isNotNull();
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0);
    }

    @Test
    @DisplayName("a file over 16 MiB is refused at the line and column of its first byte past the limit")
    void fileTooLarge(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("big.json");
        byte[] content = new byte[16 * MiB + 100];
        java.util.Arrays.fill(content, (byte) ' ');
        content[0] = '\n';
        content[10] = '\n';
        Files.write(file, content);

        Problem problem = onlyProblem(catchThrowableOfType(InvalidFileException.class, () -> InputFiles.read(file)));

        assertThat(problem.path()).isEqualTo("line 3, column " + (16 * MiB - 10));
        assertThat(problem.message()).isEqualTo("the file is larger than 16 MiB (16777216 bytes), the most that is read");
    }

    @Test
    @DisplayName("a file of exactly 16 MiB is read")
    void fileAtTheLimit(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("full.json");
        byte[] content = new byte[16 * MiB];
        java.util.Arrays.fill(content, (byte) ' ');
        content[0] = '{';
        content[content.length - 1] = '}';
        Files.write(file, content);

        assertThat(ConfigurationFiles.read(file).accounts()).isEmpty();
    }

    @Test
    @DisplayName("/dev/zero is an invalid file, not an exhausted heap")
    void devZero() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.isReadable(zero), "a system with /dev/zero");

        Problem problem = onlyProblem(catchThrowableOfType(InvalidFileException.class, () -> ScenarioFiles.read(zero)));

        assertThat(problem.path()).isEqualTo("line 1, column 16777217");
        assertThat(problem.message()).startsWith("the file is larger than 16 MiB");
    }

    @Test
    @DisplayName("content given as a string is bounded the same way, in characters")
    void stringTooLarge() {
        String content = "{}" + " ".repeat(16 * MiB);

        Problem problem = onlyProblem(catchThrowableOfType(InvalidFileException.class,
                () -> ConfigurationFiles.read(content, "big.json")));

        assertThat(problem.path()).isEqualTo("line 1, column 16777217");
        assertThat(problem.message()).contains("(16777216 characters)");
    }

    @Test
    @DisplayName("nesting deeper than 32 is refused at the line and column of the bracket that passed it")
    void tooDeep() {
        String content = "{\"accounts\":\n  " + "[".repeat(40) + "]".repeat(40) + "}";

        Problem problem = onlyProblem(catchThrowableOfType(InvalidFileException.class,
                () -> ConfigurationFiles.read(content, "deep.json")));

        assertThat(problem.path()).isEqualTo("line 2, column 34"); // the 32nd '[' is the 33rd level, after the '{'
        assertThat(problem.message()).isEqualTo("arrays and objects nested more than 32 deep, the most that is read");
    }

    @Test
    @DisplayName("nesting of exactly 32 is parsed (and then judged as content)")
    void deepButWithinTheLimit() {
        String content = "{\"accounts\":" + "[".repeat(31) + "]".repeat(31) + "}";

        Problem problem = onlyProblem(catchThrowableOfType(InvalidFileException.class,
                () -> ConfigurationFiles.read(content, "deep.json")));

        assertThat(problem.path()).isEqualTo("$.accounts[0]");
        assertThat(problem.message()).contains("must be an object, not an array");
    }

    @Test
    @DisplayName("more than two million tokens are refused with the line and column reached")
    void tooManyTokens() {
        String content = "[" + "0,".repeat(2_000_000) + "0]"; // a comma is not a token

        Problem problem = onlyProblem(catchThrowableOfType(InvalidFileException.class,
                () -> ConfigurationFiles.read(content, "tokens.json")));

        assertThat(problem.path()).matches("line 1, column \\d+");
        assertThat(problem.message()).isEqualTo("more than 2000000 tokens (brackets, keys and values), the most that is read");
    }

    @Test
    @DisplayName("a value echoed from malformed JSON is escaped: one problem stays one line")
    void malformedValueEscaped() {
        String content = "{\"accounts\": [tru\u0007e\r\nx]}";

        Problem problem = onlyProblem(catchThrowableOfType(InvalidFileException.class,
                () -> ConfigurationFiles.read(content, "bad.json")));

        assertThat(problem.path()).isEqualTo("line 1, column 20");
        assertThat(problem.message()).startsWith("malformed JSON: Unrecognized token 'tru\\u0007e'")
                .doesNotContain("\u0007").doesNotContain("\n").doesNotContain("\r");
    }

    @Test
    @DisplayName("keys and values with CR and LF are escaped in locations, messages and lines, source included")
    void crLfEscaped() {
        String content = json("{'accounts': [{'id': 'a\\r\\nb', 'email': 'x\\ny', 'x\\r\\ny': 1}]}");

        InvalidFileException e = catchThrowableOfType(InvalidFileException.class,
                () -> ConfigurationFiles.read(content, "in\nput.json"));

        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "$.accounts[0]['x\\u000d\\u000ay']: unknown field 'x\\u000d\\u000ay' in an account"
                        + " (expected id, email, mobile, timeZone, locale)",
                "$.accounts[0].id: account id 'a\\u000d\\u000ab' is not a valid id (1 to 128 letters, digits, '-', '_', '.', ':')",
                "$.accounts[0].email: email 'x\\u000ay' is not a valid address (an RFC 5322 addr-spec such as"
                        + " alice@example.com)");
        assertThat(e.lines()).hasSize(3).allSatisfy(line -> assertThat(line).startsWith("in\\u000aput.json: ")
                .doesNotContain("\n").doesNotContain("\r"));
    }

    @Test
    @DisplayName("a UTF-8 file with names outside ASCII is read like any other")
    void utf8(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("utf8.json");
        Files.writeString(file, json("{'accounts':[{'id':'acct-1','email':'owner@example.com'}],"
                + "'contacts':[{'id':'c-1','account':'acct-1','name':'张三','email':'z@example.com'}]}"),
                StandardCharsets.UTF_8);

        assertThat(ConfigurationFiles.read(file).contact("c-1").orElseThrow().name()).isEqualTo("张三");
    }
}
