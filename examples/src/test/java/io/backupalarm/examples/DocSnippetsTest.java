package io.backupalarm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The documentation's code snippets")
final class DocSnippetsTest {

    /** A marker line naming the source file, then a fenced Java block. */
    private static final Pattern SNIPPET = Pattern.compile(
            "<!-- snippet: (\\S+) -->\\R```(?:java|sql)\\R(.*?)\\R```", Pattern.DOTALL);

    /** The repository root, seen from the module directory the tests run in. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"README.md", "docs/getting-started.md", "docs/storage.md"})
    @DisplayName("are copied verbatim (but for indentation) from the example file each one names")
    void areCopiedVerbatim(String page) throws IOException {
        String doc = Files.readString(ROOT.resolve(page));
        Matcher snippet = SNIPPET.matcher(doc);
        List<String> checked = new ArrayList<>();
        while (snippet.find()) {
            String source = Files.readString(ROOT.resolve(snippet.group(1)));
            assertThat(unindented(source)).as("%s: snippet %d from %s", page, checked.size() + 1, snippet.group(1))
                    .contains(unindented(snippet.group(2)));
            checked.add(snippet.group(1));
        }
        assertThat(checked).as("snippets in %s", page).isNotEmpty();
    }

    /** Snippets may be indented less than their source; compare line by line without indentation. */
    private static String unindented(String text) {
        return String.join("\n", text.lines().map(String::strip).toList());
    }
}
