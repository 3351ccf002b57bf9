package io.backupalarm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("The documentation's code snippets")
final class DocSnippetsTest {

    /** The line before a fenced block that names the file the block is copied from. */
    private static final Pattern MARKER = Pattern.compile("<!-- snippet: (\\S+) -->");

    /** A javadoc comment: left out when comparing, so a snippet may quote an interface without it. */
    private static final Pattern JAVADOC = Pattern.compile("/\\*\\*.*?\\*/", Pattern.DOTALL);

    /** The repository root, seen from the module directory the tests run in. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** The README and every page of docs/, found anew at every run so that no page is forgotten. */
    static Stream<String> pages() throws IOException {
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            List<String> pages = new ArrayList<>(List.of("README.md"));
            docs.filter(p -> p.getFileName().toString().endsWith(".md"))
                    .map(p -> ROOT.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .forEach(pages::add);
            return pages.stream();
        }
    }

    @Test
    @DisplayName("are found on every page of docs/")
    void pagesAreFound() throws IOException {
        assertThat(pages().toList()).contains("README.md", "docs/getting-started.md", "docs/channels.md",
                "docs/policies.md", "docs/faq.md");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    @DisplayName("are each marked with the file they come from, and copied verbatim (but for indentation and javadoc) from it")
    void areCopiedVerbatim(String page) throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve(page));
        List<String> problems = new ArrayList<>();
        int snippets = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.startsWith("```")) {
                Matcher marker = MARKER.matcher(line.strip());
                if (marker.matches() && (i + 1 >= lines.size() || !lines.get(i + 1).startsWith("```"))) {
                    problems.add(page + ":" + (i + 1) + ": a snippet marker not followed by a fenced block");
                }
                continue;
            }
            // An opening fence: find its language, its marker and its closing fence.
            String language = line.substring(3).strip();
            int close = i + 1;
            while (close < lines.size() && !lines.get(close).startsWith("```")) {
                close++;
            }
            Matcher marker = i > 0 ? MARKER.matcher(lines.get(i - 1).strip()) : null;
            boolean marked = marker != null && marker.matches();
            if ("java".equals(language) && !marked) {
                problems.add(page + ":" + (i + 1) + ": a java snippet without a <!-- snippet: path --> marker");
            } else if (marked) {
                snippets++;
                Path source = ROOT.resolve(marker.group(1));
                String snippet = String.join("\n", lines.subList(i + 1, Math.min(close, lines.size())));
                if (!Files.isRegularFile(source)) {
                    problems.add(page + ":" + (i + 1) + ": " + marker.group(1) + " does not exist");
                } else if (!normalized(Files.readString(source)).contains(normalized(snippet))) {
                    problems.add(page + ":" + (i + 1) + ": snippet " + snippets + " is not in " + marker.group(1));
                }
            }
            i = close;
        }
        assertThat(problems).as("snippets in %s", page).isEmpty();
    }

    /**
     * Snippets may be indented less than their source and may leave out javadoc and blank lines;
     * compare line by line without indentation, javadoc or blank lines.
     */
    private static String normalized(String text) {
        // Whole lines only: a snippet's first and last lines must match whole lines of the source.
        return "\n" + String.join("\n", JAVADOC.matcher(text).replaceAll("").lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList()) + "\n";
    }
}
