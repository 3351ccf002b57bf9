package io.backupalarm.channels.webhook.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * JSON for request bodies and answers, over one shared Jackson {@link ObjectMapper}.
 *
 * <p>Thread-safe: the mapper is configured once and only used to read and write.
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /**
     * Writes a value (maps, lists, strings, numbers) as compact JSON; a map is written in its
     * iteration order.
     *
     * @param value the value
     * @return the JSON text
     */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * A generator writing compact JSON in UTF-8 to a stream, escaped as {@link #write(Object)}
     * escapes: for a body too large to build as maps first.
     *
     * @param out the stream
     * @return the generator; the caller closes it
     * @throws UncheckedIOException if the generator cannot be created
     */
    public static JsonGenerator generator(OutputStream out) {
        try {
            return MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a JSON text leniently.
     *
     * @param text the text, may be {@code null}
     * @return the tree, or a missing node if the text is not JSON
     */
    public static JsonNode read(String text) {
        if (text == null || text.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null ? MissingNode.getInstance() : node;
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }
}
