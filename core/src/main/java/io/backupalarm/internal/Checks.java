package io.backupalarm.internal;

import io.backupalarm.text.SafeText;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/** Argument checks shared by the value types; each message names the field and the value. */
public final class Checks {

    private Checks() {
    }

    /**
     * Checks an id: 1 to 128 letters, digits, {@code - _ . :}.
     *
     * @param value the id
     * @param field the field name for the message
     * @return the id
     */
    public static String id(String value, String field) {
        Objects.requireNonNull(value, field);
        if (!isId(value)) {
            throw new IllegalArgumentException(field + " '" + printable(value)
                    + "' is not a valid id (1 to 128 letters, digits, '-', '_', '.', ':')");
        }
        return value;
    }

    /**
     * Whether a string is a valid id. A loop rather than a regular expression: ids are checked on
     * every event, and a {@code Matcher} per check showed up in the engine's profile.
     *
     * @param value a string
     * @return {@code true} for 1 to 128 letters, digits, {@code - _ . :}
     */
    public static boolean isId(String value) {
        int length = value.length();
        if (length < 1 || length > 128) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= ID_CHARS.length || !ID_CHARS[c]) {
                return false;
            }
        }
        return true;
    }

    /** The characters of an id, by code: one look-up per character rather than nine comparisons. */
    private static final boolean[] ID_CHARS = new boolean[128];

    static {
        for (char c = 0; c < ID_CHARS.length; c++) {
            ID_CHARS[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == ':';
        }
    }

    /**
     * Checks a name: 1 to 64 characters (code points), no control characters.
     *
     * @param value the name
     * @param field the field name for the message
     * @return the name
     */
    public static String name(String value, String field) {
        Objects.requireNonNull(value, field);
        int length = value.codePointCount(0, value.length());
        if (length < 1 || length > 64) {
            throw new IllegalArgumentException(field + " '" + printable(value)
                    + "' must be 1 to 64 characters, not " + length);
        }
        if (value.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(field + " '" + printable(value) + "' contains a control character");
        }
        return value;
    }

    /**
     * Checks every id of a collection and copies it into an unmodifiable set.
     *
     * @param ids the ids
     * @param field the field name for the message
     * @return an unmodifiable copy without duplicates
     */
    public static Set<String> ids(Collection<String> ids, String field) {
        Objects.requireNonNull(ids, field);
        for (String id : ids) {
            id(id, field + " element");
        }
        return Set.copyOf(ids);
    }

    /**
     * A value fit for a message; see {@link SafeText#printable(String)}.
     *
     * @param value any string
     * @return the string as it may be printed
     */
    public static String printable(String value) {
        return SafeText.printable(value);
    }
}
