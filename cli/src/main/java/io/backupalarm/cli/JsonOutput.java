package io.backupalarm.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The {@code --json} output of the operator commands: one JSON document on one line. Instants are
 * ISO-8601 in UTC, as the store keeps them (to the microsecond); an absent value is {@code null}.
 *
 * <p>Stateless and thread-safe.
 */
final class JsonOutput {

    private static final JsonFactory FACTORY = new JsonFactory();

    /** Writes a document. */
    @FunctionalInterface
    interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private JsonOutput() {
    }

    /** The document that {@code body} writes, and a line break. */
    static String document(Body body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            body.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.append('\n').toString();
    }

    /** A string field, {@code null} when absent. */
    static void string(JsonGenerator json, String name, Object value) throws IOException {
        if (value == null) {
            json.writeNullField(name);
        } else {
            json.writeStringField(name, value instanceof Instant instant ? instant.toString() : value.toString());
        }
    }
}
