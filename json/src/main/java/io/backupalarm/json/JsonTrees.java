package io.backupalarm.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Parses JSON text into a tree, strictly: standard JSON only (no comments, no single quotes, no
 * NaN), a key repeated in one object is an error, nothing may follow the top-level value. A
 * syntax error becomes an {@link InvalidFileException} with the line and column. Thread-safe.
 */
final class JsonTrees {

    private static final ObjectMapper MAPPER = JsonMapper.builder(
                    JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private JsonTrees() {
    }

    static JsonNode parse(byte[] content, String source) {
        try {
            return check(MAPPER.readTree(content), source);
        } catch (JsonProcessingException e) {
            throw malformed(e, source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String content, String source) {
        try {
            return check(MAPPER.readTree(content), source);
        } catch (JsonProcessingException e) {
            throw malformed(e, source);
        }
    }

    private static JsonNode check(JsonNode tree, String source) {
        if (tree == null || tree.isMissingNode()) {
            throw new InvalidFileException(source, List.of(
                    new io.backupalarm.ValidationException.Problem("$", "the file is empty (expected a JSON object)")));
        }
        return tree;
    }

    private static InvalidFileException malformed(JsonProcessingException e, String source) {
        JsonLocation location = e.getLocation();
        String where = location == null ? "$"
                : "line " + location.getLineNr() + ", column " + location.getColumnNr();
        String original = String.valueOf(e.getOriginalMessage());
        String message = "malformed JSON: " + (original.startsWith("Trailing token")
                ? "more content after the end of the top-level value"
                : original.replaceAll("\\s*[\\r\\n]+\\s*", " "));
        if (e.getProcessor() instanceof JsonParser parser) {
            String container = containerPath(parser.getParsingContext());
            if (!container.equals("$")) {
                message += " (in " + container + ")";
            }
        }
        return new InvalidFileException(source, List.of(new io.backupalarm.ValidationException.Problem(where, message)));
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
                path.append('.').append(c.getCurrentName());
            }
        }
        return path.toString();
    }
}
