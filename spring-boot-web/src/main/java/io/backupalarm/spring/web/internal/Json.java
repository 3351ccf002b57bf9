package io.backupalarm.spring.web.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import io.backupalarm.text.SafeText;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's own JSON: parsing request bodies strictly (duplicate keys, trailing tokens and
 * unknown fields are errors that name the field), writing responses, and the strong ETags derived
 * from a representation. Independent of the host's own JSON settings. Thread-safe.
 */
public final class Json {

    /** The largest request body read: far above any valid one. */
    static final int MAX_BODY = 256 * 1024;

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    /**
     * Writes a value made of maps, lists, strings, numbers, booleans and nulls.
     *
     * @param value the value
     * @return UTF-8 JSON
     */
    public static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    /**
     * Reads a JSON text.
     *
     * @param body UTF-8 bytes
     * @return the tree
     * @throws ApiProblem 400 if it is not JSON
     */
    public static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiProblem.malformed("", "the request needs a JSON body");
        }
        if (body.length > MAX_BODY) {
            throw ApiProblem.malformed("", "the request body has " + body.length + " bytes; at most " + MAX_BODY
                    + " are read");
        }
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw ApiProblem.malformed("", "the request body is not valid JSON: "
                    + SafeText.printable(e.getOriginalMessage()));
        }
    }

    /**
     * A strong ETag over a representation: the first 128 bits of the SHA-256 of its JSON, quoted.
     *
     * @param representation the value as the API shows it
     * @return the ETag, quotes included
     */
    public static String etag(Object representation) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(write(representation));
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * A reader of one JSON object that knows its path, for field errors that name the JSON path.
     * Not thread-safe; one per request.
     */
    public static final class In {
        private final JsonNode node;
        private final String path;

        private In(JsonNode node, String path) {
            this.node = node;
            this.path = path;
        }

        /**
         * The root object of a body, checked against the fields the operation reads.
         *
         * @param body the body
         * @param fields the field names allowed
         * @return the reader
         * @throws ApiProblem 400 if it is not an object or holds another field
         */
        public static In body(byte[] body, String... fields) {
            return object(parse(body), "", fields);
        }

        /**
         * An object at a path, checked against the fields allowed.
         *
         * @param node the node
         * @param path its JSON path ({@code ""} for the root)
         * @param fields the field names allowed
         * @return the reader
         */
        static In object(JsonNode node, String path, String... fields) {
            if (!node.isObject()) {
                throw ApiProblem.malformed(path, (path.isEmpty() ? "the body" : path) + " must be a JSON object");
            }
            Set<String> allowed = Set.of(fields);
            for (String name : node.propertyNames()) {
                if (!allowed.contains(name)) {
                    String field = child(path, name);
                    throw ApiProblem.malformed(field, "unknown field '" + SafeText.printable(field) + "'; "
                            + (path.isEmpty() ? "the body" : path) + " has " + String.join(", ", fields));
                }
            }
            return new In(node, path);
        }

        private static String child(String path, String name) {
            return path.isEmpty() ? name : path + "." + name;
        }

        /**
         * The path of a field of this object.
         *
         * @param name the field
         * @return its JSON path
         */
        public String path(String name) {
            return child(path, name);
        }

        /**
         * Whether the field is present and not null.
         *
         * @param name the field
         * @return {@code true} if given
         */
        public boolean has(String name) {
            JsonNode value = node.get(name);
            return value != null && !value.isNull();
        }

        /**
         * A string field.
         *
         * @param name the field
         * @return the string, or {@code null} if absent or null
         * @throws ApiProblem 400 if it is another JSON type
         */
        public String string(String name) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isString()) {
                throw ApiProblem.malformed(path(name), path(name) + " must be a string");
            }
            return value.stringValue();
        }

        /**
         * A string field that must be there.
         *
         * @param name the field
         * @return the string
         * @throws ApiProblem 422 if absent, 400 if another JSON type
         */
        public String required(String name) {
            String value = string(name);
            if (value == null) {
                throw ApiProblem.invalid(path(name), path(name) + " is required");
            }
            return value;
        }

        /**
         * A list of strings (a JSON array of strings), as sent.
         *
         * @param name the field
         * @return the strings in order, empty if absent or null
         * @throws ApiProblem 400 if not an array of strings
         */
        public List<String> strings(String name) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                return List.of();
            }
            if (!value.isArray()) {
                throw ApiProblem.malformed(path(name), path(name) + " must be an array of strings");
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                if (!item.isString()) {
                    throw ApiProblem.malformed(path(name) + "[" + i + "]", path(name) + "[" + i + "] must be a string");
                }
                out.add(item.stringValue());
            }
            return List.copyOf(out);
        }

        /**
         * A list of objects.
         *
         * @param name the field
         * @param fields the fields each object may have
         * @return readers for each, empty if absent or null
         * @throws ApiProblem 400 if not an array of such objects
         */
        public List<In> objects(String name, String... fields) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                return List.of();
            }
            if (!value.isArray()) {
                throw ApiProblem.malformed(path(name), path(name) + " must be an array of objects");
            }
            List<In> out = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                out.add(object(value.get(i), path(name) + "[" + i + "]", fields));
            }
            return out;
        }

        /**
         * An object field.
         *
         * @param name the field
         * @param fields the fields it may have
         * @return its reader, or {@code null} if absent or null
         * @throws ApiProblem 400 if not an object or with another field
         */
        public In object(String name, String... fields) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                return null;
            }
            return object(value, path(name), fields);
        }

        /**
         * Checks that a boolean field, if present, is a boolean (a read-only field sent back).
         *
         * @param name the field
         * @throws ApiProblem 400 if it is another JSON type
         */
        public void readOnlyBoolean(String name) {
            JsonNode value = node.get(name);
            if (value != null && !value.isNull() && !value.isBoolean()) {
                throw ApiProblem.malformed(path(name), path(name) + " must be a boolean (it is read-only)");
            }
        }

        /**
         * Checks that a number field, if present, is an integer (a read-only field sent back).
         *
         * @param name the field
         * @throws ApiProblem 400 if it is another JSON type
         */
        public void readOnlyInteger(String name) {
            JsonNode value = node.get(name);
            if (value != null && !value.isNull() && !value.isIntegralNumber()) {
                throw ApiProblem.malformed(path(name), path(name) + " must be an integer (it is read-only)");
            }
        }
    }

    /**
     * The UTF-8 bytes of a string.
     *
     * @param text the text
     * @return its bytes
     */
    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
