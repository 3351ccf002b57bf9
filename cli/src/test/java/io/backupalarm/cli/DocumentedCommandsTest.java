package io.backupalarm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the commands the README and docs/cli.md show, as a user would: a separate JVM started at
 * the repository root, with the arguments exactly as written. The jar is not built yet when the
 * tests run, so the JVM runs the tool's main class on the test class path instead.
 */
@DisplayName("The commands the documentation shows")
final class DocumentedCommandsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String TOOL = "java -jar cli/target/backup-alarm.jar ";

    /** What one run printed and returned. */
    record Run(int status, List<String> out, List<String> err) {
        List<String> all() {
            List<String> lines = new ArrayList<>(out);
            lines.addAll(err);
            return lines;
        }
    }

    /** Runs the tool in its own JVM at the repository root, with the arguments of a documented command. */
    static Run run(String commandLine) throws IOException, InterruptedException {
        assertThat(commandLine).startsWith(TOOL);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), BackupAlarmCli.class.getName()));
        command.addAll(Arrays.asList(commandLine.substring(TOOL.length()).trim().split(" +")));
        Path out = Files.createTempFile("out", ".txt");
        Path err = Files.createTempFile("err", ".txt");
        try {
            Process process = new ProcessBuilder(command).directory(ROOT.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) { // bounds a hang only
                process.destroyForcibly();
                fail("'%s' did not end", commandLine);
            }
            return new Run(process.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
                    Files.readAllLines(err, StandardCharsets.UTF_8));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    /** The tool's command lines in the README's "Command-line tool" section. */
    static List<String> readmeCommands() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("\n## Command-line tool\n");
        assertThat(start).as("the README has a 'Command-line tool' section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        String section = end < 0 ? readme.substring(start) : readme.substring(start, end);
        return section.lines().filter(line -> line.startsWith(TOOL)).toList();
    }

    @Test
    @DisplayName("the README's 'Command-line tool' section builds the jar, then runs the tool at least three times")
    void readmeSection() throws IOException {
        assertThat(readmeCommands()).hasSizeGreaterThanOrEqualTo(3)
                .anySatisfy(line -> assertThat(line).contains(" validate "))
                .anySatisfy(line -> assertThat(line).contains(" explain "))
                .anySatisfy(line -> assertThat(line).contains(" simulate "));
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        assertThat(readme).contains("\nmvn -q package -DskipTests\n" + TOOL);
    }

    static Stream<String> readmeCommandLines() throws IOException {
        return readmeCommands().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readmeCommandLines")
    @DisplayName("each command of the README's 'Command-line tool' section works verbatim from the repository root")
    void readmeCommandWorks(String commandLine) throws IOException, InterruptedException {
        Run run = run(commandLine);

        assertThat(run.err()).as("stderr of %s", commandLine).isEmpty();
        assertThat(run.status()).as("exit status of %s", commandLine).isZero();
        assertThat(run.out()).as("stdout of %s", commandLine).isNotEmpty();
        if (commandLine.contains(" validate ")) {
            assertThat(run.out()).containsExactly("ok");
        }
    }

    /**
     * Every {@code $ command} of docs/cli.md with the output shown under it (indented lines up to
     * the next command or the end of the block; a blank line between indented lines belongs to it).
     */
    static Stream<Arguments> cliDocExamples() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("docs/cli.md"), StandardCharsets.UTF_8);
        List<Arguments> examples = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("    $ ")) {
                String command = lines.get(i).substring(6);
                List<String> shown = new ArrayList<>();
                for (int j = i + 1; j < lines.size() && isOutput(lines, j); j++) {
                    shown.add(lines.get(j).isEmpty() ? "" : lines.get(j).substring(4));
                }
                examples.add(Arguments.of(command, shown));
            }
        }
        return examples.stream();
    }

    /** An indented line that is not a command, or a blank line between two such lines. */
    private static boolean isOutput(List<String> lines, int j) {
        String line = lines.get(j);
        if (line.isEmpty()) {
            return j + 1 < lines.size() && isOutput(lines, j + 1) && !lines.get(j + 1).isEmpty();
        }
        return line.startsWith("    ") && !line.startsWith("    $ ");
    }

    @Test
    @DisplayName("docs/cli.md shows validate, explain and simulate at work, failures included")
    void cliDocHasExamples() throws IOException {
        assertThat(cliDocExamples().map(a -> (String) a.get()[0]).toList()).hasSizeGreaterThan(12)
                .anySatisfy(c -> assertThat(c).startsWith(TOOL + "validate examples/config/invalid/"))
                .anySatisfy(c -> assertThat(c).startsWith(TOOL + "explain "))
                .anySatisfy(c -> assertThat(c).startsWith(TOOL + "simulate "))
                .anySatisfy(c -> assertThat(c).isEqualTo("echo $?"));
    }

    @Test
    @DisplayName("every example of docs/cli.md prints what the page shows (lines of equal 'at' in any order)")
    void cliDocExamplesPrintWhatIsShown() throws IOException, InterruptedException {
        Run previous = null;
        for (Arguments example : cliDocExamples().toList()) {
            String command = (String) example.get()[0];
            @SuppressWarnings("unchecked")
            List<String> shown = (List<String>) example.get()[1];
            if (command.equals("echo $?")) {
                assertThat(previous).as("a command before 'echo $?'").isNotNull();
                assertThat(shown).containsExactly(String.valueOf(previous.status()));
                continue;
            }
            Run run = run(command);
            assertThat(run.status()).as("exit status of %s", command).isIn(ExitCodes.OK, ExitCodes.INVALID_INPUT);
            if (!shown.isEmpty() && shown.get(shown.size() - 1).equals("...")) {
                assertThat(run.all()).as(command).startsWith(shown.subList(0, shown.size() - 1).toArray(String[]::new));
            } else if (command.contains(" simulate ")) {
                assertThat(run.all()).as(command).containsExactlyInAnyOrderElementsOf(shown);
            } else {
                assertThat(run.all()).as(command).containsExactlyElementsOf(shown);
            }
            previous = run;
        }
    }
}
