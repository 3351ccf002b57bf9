package io.backupalarm.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A JSON value and its location ({@code $.vaults[0].alarmPolicy}), with strict accessors that
 * report a problem (never coerce) when a field is missing or of the wrong type. An absent field
 * and a field set to {@code null} are the same thing. Not thread-safe; one per read.
 */
final class Cursor {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final JsonNode node;
    private final String path;
    private final Problems problems;

    Cursor(JsonNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    String path() {
        return path;
    }

    JsonNode node() {
        return node;
    }

    Problems problems() {
        return problems;
    }

    /** The location of a field of this object. */
    String pathOf(String field) {
        return IDENTIFIER.matcher(field).matches() ? path + "." + field
                : path + "['" + Rules.printable(field.replace("\\", "\\\\").replace("'", "\\'")) + "']";
    }

    void problem(String message) {
        problems.add(path, message);
    }

    void problemAt(String field, String message) {
        problems.add(pathOf(field), message);
    }

    /**
     * Checks that this value is an object with only the allowed fields; reports each unknown
     * field. Returns {@code false} (one problem reported) if it is not an object.
     */
    boolean isObject(String what, Set<String> allowed) {
        if (!node.isObject()) {
            problem(what + " must be an object, not " + describe(node));
            return false;
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                problemAt(name, "unknown field '" + Rules.printable(name) + "' in " + what + " (expected "
                        + String.join(", ", allowed) + ")");
            }
        }
        return true;
    }

    /** Whether the field is present and not {@code null}. */
    boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    /** A field that is present and not {@code null}, or {@code null}. */
    Cursor field(String field) {
        return has(field) ? new Cursor(node.get(field), pathOf(field), problems) : null;
    }

    /** A required string; reports a problem and returns {@code null} if missing or not a string. */
    String requiredString(String field) {
        if (!has(field)) {
            problemAt(field, "missing required field '" + field + "'");
            return null;
        }
        return optionalString(field);
    }

    /** An optional string; {@code null} if absent, or (with a problem reported) not a string. */
    String optionalString(String field) {
        if (!has(field)) {
            return null;
        }
        JsonNode value = node.get(field);
        if (!value.isTextual()) {
            problemAt(field, "'" + field + "' must be a string, not " + describe(value));
            return null;
        }
        return value.textValue();
    }

    /** An optional boolean; {@code null} if absent, or (with a problem reported) not a boolean. */
    Boolean optionalBoolean(String field) {
        if (!has(field)) {
            return null;
        }
        JsonNode value = node.get(field);
        if (!value.isBoolean()) {
            problemAt(field, "'" + field + "' must be true or false, not " + describe(value));
            return null;
        }
        return value.booleanValue();
    }

    /**
     * An optional array; its elements as cursors, an empty list if absent, {@code null} (with a
     * problem reported) if not an array.
     */
    List<Cursor> optionalArray(String field) {
        if (!has(field)) {
            return List.of();
        }
        JsonNode value = node.get(field);
        if (!value.isArray()) {
            problemAt(field, "'" + field + "' must be an array, not " + describe(value));
            return null;
        }
        List<Cursor> out = new ArrayList<>(value.size());
        String at = pathOf(field);
        for (int i = 0; i < value.size(); i++) {
            out.add(new Cursor(value.get(i), at + "[" + i + "]", problems));
        }
        return out;
    }

    /**
     * An optional array of strings; strings that are not valid ids are reported and left out.
     * Each element is returned with its location. {@code null} (problem reported) if not an array.
     */
    List<Located> optionalIdArray(String field, String what) {
        List<Cursor> elements = optionalArray(field);
        if (elements == null) {
            return null;
        }
        List<Located> out = new ArrayList<>(elements.size());
        for (Cursor element : elements) {
            if (!element.node.isTextual()) {
                element.problem(what + " must be a string id, not " + describe(element.node));
            } else if (Rules.isId(element.node.textValue())) {
                out.add(new Located(element.node.textValue(), element.path));
            } else {
                element.problem(what + " " + Rules.invalidId(element.node.textValue()));
            }
        }
        return out;
    }

    /** A string value and where it was found. */
    record Located(String value, String path) {
    }

    /** How a JSON value is described in a message: its type, and a short form of its value. */
    static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        if (value.isNull()) {
            return "null";
        }
        if (value.isTextual()) {
            return "a string (\"" + Rules.printable(value.textValue()) + "\")";
        }
        if (value.isNumber()) {
            return "a number (" + Rules.printable(value.asText()) + ")";
        }
        if (value.isBoolean()) {
            return "a boolean (" + value.asText() + ")";
        }
        if (value.isArray()) {
            return "an array";
        }
        if (value.isObject()) {
            return "an object";
        }
        return value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }
}
