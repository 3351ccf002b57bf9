package io.backupalarm.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;

/**
 * A template pattern parsed once into its parts, so that filling it is a walk over the parts
 * rather than two regular-expression passes (the engine fills a pattern for every notification).
 * Filling gives exactly what {@link MessageTemplates#fill} gives; a pattern whose braces or
 * section marks could join into a name only after a section is dropped or kept (a stray
 * {@code {} or {@code }}) is not compiled, and is filled the slow way.
 *
 * <p>Immutable and thread-safe.
 */
final class CompiledPattern {

    /** Enough for every built-in and customised pattern; beyond it patterns are parsed each time. */
    private static final int CACHE_LIMIT = 4096;
    private static final Map<String, CompiledPattern> CACHE = new ConcurrentHashMap<>();

    /** A literal (name {@code null}) or a placeholder. */
    private record Part(String literal, String name) {
    }

    /** A run of parts, kept only when every name in it has a value (a section) or always (the rest). */
    private record Run(List<Part> parts, List<String> names, boolean section) {
    }

    private final List<Run> runs;
    private final int length;

    private CompiledPattern(List<Run> runs, int length) {
        this.runs = runs;
        this.length = length;
    }

    /**
     * The compiled form of a pattern, or {@code null} if it has stray braces.
     *
     * @param pattern the pattern
     * @return the compiled pattern, or {@code null}
     */
    static CompiledPattern of(String pattern) {
        CompiledPattern known = CACHE.get(pattern);
        if (known != null) {
            return known;
        }
        CompiledPattern compiled = compile(pattern);
        if (compiled != null && CACHE.size() < CACHE_LIMIT) {
            CACHE.putIfAbsent(pattern, compiled);
        }
        return compiled;
    }

    private static CompiledPattern compile(String pattern) {
        List<Run> runs = new ArrayList<>();
        Matcher sections = MessageTemplates.SECTION.matcher(pattern);
        int at = 0;
        while (sections.find()) {
            Run before = run(pattern.substring(at, sections.start()), false);
            Run inside = run(sections.group(1), true);
            if (before == null || inside == null) {
                return null;
            }
            runs.add(before);
            runs.add(inside);
            at = sections.end();
        }
        Run rest = run(pattern.substring(at), false);
        if (rest == null) {
            return null;
        }
        runs.add(rest);
        return new CompiledPattern(List.copyOf(runs), pattern.length());
    }

    /** The parts of a stretch of text; {@code null} if a brace in it is not part of a name. */
    private static Run run(String text, boolean section) {
        List<Part> parts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Matcher name = MessageTemplates.NAME.matcher(text);
        int at = 0;
        while (name.find()) {
            if (!literal(text.substring(at, name.start()), parts)) {
                return null;
            }
            parts.add(new Part(null, name.group(1)));
            names.add(name.group(1));
            at = name.end();
        }
        if (!literal(text.substring(at), parts)) {
            return null;
        }
        return new Run(List.copyOf(parts), List.copyOf(names), section);
    }

    private static boolean literal(String text, List<Part> parts) {
        if (text.indexOf('{') >= 0 || text.indexOf('}') >= 0) {
            return false;
        }
        if (!text.isEmpty()) {
            parts.add(new Part(text, null));
        }
        return true;
    }

    /**
     * Fills the pattern as {@link MessageTemplates#fill} does.
     *
     * @param data the values
     * @param oneLine whether line breaks in values become spaces
     * @return the text
     */
    String fill(Map<String, String> data, boolean oneLine) {
        StringBuilder out = new StringBuilder(length + 64);
        for (Run run : runs) {
            if (run.section() && !complete(run, data)) {
                continue;
            }
            for (Part part : run.parts()) {
                if (part.name() == null) {
                    out.append(part.literal());
                } else {
                    String value = data.get(part.name());
                    if (value != null) {
                        append(out, value, oneLine);
                    }
                }
            }
        }
        return out.toString();
    }

    private static boolean complete(Run run, Map<String, String> data) {
        for (String name : run.names()) {
            if (data.get(name) == null) {
                return false;
            }
        }
        return true;
    }

    /** Appends a value; on one line, each run of line breaks becomes one space. */
    private static void append(StringBuilder out, String value, boolean oneLine) {
        if (!oneLine || (value.indexOf('\n') < 0 && value.indexOf('\r') < 0)) {
            out.append(value);
            return;
        }
        boolean inBreak = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean lineBreak = c == '\n' || c == '\r';
            if (!lineBreak) {
                out.append(c);
            } else if (!inBreak) {
                out.append(' ');
            }
            inBreak = lineBreak;
        }
    }
}
