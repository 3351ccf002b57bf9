package io.backupalarm.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.backupalarm.ValidationException.Problem;
import io.backupalarm.text.SafeText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Parses JSON text into a tree, strictly: standard JSON only (no comments, no single quotes, no
 * NaN), a key repeated in one object is an error, nothing may follow the top-level value. A
 * syntax error becomes an {@link InvalidFileException} with the line and column.
 *
 * <p>The input is bounded, so that a stray {@code /dev/zero} or a hostile file is a clear error
 * rather than an exhausted heap: at most {@link #MAX_SIZE} bytes (characters for text given as a
 * string), {@link #MAX_TOKENS} tokens and {@link #MAX_DEPTH} levels of nesting. Each limit is
 * reported with the line and column where it was passed. Thread-safe.
 */
final class JsonTrees {

    /** The largest input: 16 MiB, far above any real configuration or scenario. */
    static final int MAX_SIZE = 16 * 1024 * 1024;
    /** The most tokens (brackets, keys, values): about what 16 MiB of real content holds. */
    static final int MAX_TOKENS = 2_000_000;
    /** The deepest nesting of arrays and objects; the formats need 6. */
    static final int MAX_DEPTH = 32;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxTokenCount(MAX_TOKENS).maxNestingDepth(MAX_DEPTH).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private JsonTrees() {
    }

    /** Reads and parses a file, reading no more than one byte past {@link #MAX_SIZE}. */
    static JsonNode parse(Path file, String source) throws IOException {
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            content = in.readNBytes(MAX_SIZE + 1);
        }
        return parse(content, source);
    }

    static JsonNode parse(byte[] content, String source) {
        if (content.length > MAX_SIZE) {
            throw tooLarge(i -> content[i] == '\n', "bytes", source);
        }
        try (JsonParser parser = MAPPER.createParser(content)) {
            return read(parser, source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String content, String source) {
        if (content.length() > MAX_SIZE) {
            throw tooLarge(i -> content.charAt(i) == '\n', "characters", source);
        }
        try (JsonParser parser = MAPPER.createParser(content)) {
            return read(parser, source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(JsonParser parser, String source) throws IOException {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(parser);
        } catch (JsonProcessingException e) {
            throw malformed(e, parser, source);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new InvalidFileException(source, List.of(new Problem("$", "the file is empty (expected a JSON object)")));
        }
        return tree;
    }

    /** The content is too large; reported at the line and column of its first unit past the limit. */
    private static InvalidFileException tooLarge(IntPredicate isLineBreak, String unit, String source) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < MAX_SIZE; i++) {
            if (isLineBreak.test(i)) {
                line++;
                lineStart = i + 1;
            }
        }
        return new InvalidFileException(source, List.of(new Problem(
                "line " + line + ", column " + (MAX_SIZE - lineStart + 1),
                "the file is larger than 16 MiB (" + MAX_SIZE + " " + unit + "), the most that is read")));
    }

    private static InvalidFileException malformed(JsonProcessingException e, JsonParser parser, String source) {
        // A limit is reported without a location: the parser's position then is where it was passed.
        JsonLocation location = e.getLocation() != null ? e.getLocation() : parser.currentTokenLocation();
        String where = location == null ? "$"
                : "line " + location.getLineNr() + ", column " + location.getColumnNr();
        String original = String.valueOf(e.getOriginalMessage());
        String message;
        if (e instanceof StreamConstraintsException && original.contains("nesting depth")) {
            message = "arrays and objects nested more than " + MAX_DEPTH + " deep, the most that is read";
        } else if (e instanceof StreamConstraintsException && original.startsWith("Token count")) {
            message = "more than " + MAX_TOKENS + " tokens (brackets, keys and values), the most that is read";
        } else {
            message = "malformed JSON: " + (original.startsWith("Trailing token")
                    ? "more content after the end of the top-level value"
                    : SafeText.escape(original.replaceAll("\\s*[\\r\\n]+\\s*", " ")));
            String container = containerPath(parser.getParsingContext());
            if (!container.equals("$")) {
                message += " (in " + container + ")";
            }
        }
        return new InvalidFileException(source, List.of(new Problem(where, message)));
    }

    /** The JSON location of the innermost object or array being parsed, such as {@code $.accounts[0]}. */
    private static String containerPath(JsonStreamContext context) {
        Deque<JsonStreamContext> chain = new ArrayDeque<>();
        for (JsonStreamContext c = context == null ? null : context.getParent(); c != null; c = c.getParent()) {
            chain.push(c);
        }
        StringBuilder path = new StringBuilder("$");
        for (JsonStreamContext c : chain) {
            if (c.inArray()) {
                path.append('[').append(Math.max(c.getCurrentIndex(), 0)).append(']');
            } else if (c.inObject() && c.getCurrentName() != null) {
                path.append('.').append(SafeText.printable(c.getCurrentName()));
            }
        }
        return path.toString();
    }
}
