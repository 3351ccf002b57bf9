package io.backupalarm.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

@DisplayName("A compiled template pattern")
final class CompiledPatternProperties {

    private static final List<String> NAMES = List.of("a", "b", "c");
    /** Values with what a regular-expression replacement would treat specially, and line breaks. */
    private static final List<String> VALUES = List.of("", "x", "two\nlines", "r\r\n\nq\r", "$1\\g", "{b}", "[[a]]");
    private static final List<String> FRAGMENTS = List.of("[[", "]]", "{", "}", "[", "]", "{a}", "{b}", "{c}",
            "{A}", "{a1}", "text ", "\n", "\r\n", "中", "$", "\\");

    @Test
    @DisplayName("fills every pattern exactly as the regular expressions do, with any values present or absent")
    void fillsAsTheExpressionsDo() {
        qt().withExamples(3000).forAll(patterns(), data(), arbitrary().pick(true, false))
                .checkAssert((pattern, data, oneLine) -> assertThat(MessageTemplates.fill(pattern, data, oneLine))
                        .as("pattern %s with %s", pattern, data)
                        .isEqualTo(MessageTemplates.fillByExpressions(pattern, data, oneLine)));
    }

    @Test
    @DisplayName("compiles the patterns without stray braces, which are the built-in ones")
    void compilesWhatItCan() {
        assertThat(CompiledPattern.of("Client {instance}[[ (job {job})]] failed")).isNotNull();
        assertThat(CompiledPattern.of("{a[[}]]")).as("a name that a kept section would complete").isNull();
        assertThat(MessageTemplates.fill("{a[[b}]]", Map.of("a", "1", "ab", "2"), false)).isEqualTo("2");
    }

    private static Gen<String> patterns() {
        return lists().of(arbitrary().pick(FRAGMENTS)).ofSizeBetween(0, 14).map(parts -> String.join("", parts));
    }

    private static Gen<Map<String, String>> data() {
        return lists().of(integers().between(0, VALUES.size())).ofSize(NAMES.size()).map(choices -> {
            Map<String, String> data = new HashMap<>();
            for (int i = 0; i < NAMES.size(); i++) {
                if (choices.get(i) < VALUES.size()) {
                    data.put(NAMES.get(i), VALUES.get(choices.get(i)));
                }
            }
            return data;
        });
    }
}
