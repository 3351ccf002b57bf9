package io.backupalarm.json;

import io.backupalarm.config.Ids;
import io.backupalarm.text.SafeText;

/**
 * The field rules of behaviour.md section 1 that the reader checks itself, so that a problem is
 * reported at the exact JSON location of the offending value (the core records check them again).
 * Stateless.
 */
final class Rules {

    private Rules() {
    }

    static boolean isId(String value) {
        return Ids.isValid(value);
    }

    static String invalidId(String value) {
        return "'" + printable(value) + "' is not a valid id (1 to 128 letters, digits, '-', '_', '.', ':')";
    }

    /** The problem with a name (1 to 64 characters, no control character), or {@code null}. */
    static String nameProblem(String value) {
        int length = value.codePointCount(0, value.length());
        if (length < 1 || length > 64) {
            return "'" + printable(value) + "' must be 1 to 64 characters, not " + length;
        }
        if (value.codePoints().anyMatch(Character::isISOControl)) {
            return "'" + printable(value) + "' contains a control character";
        }
        return null;
    }

    /** A value fit for a message: control characters escaped, at most 80 characters. */
    static String printable(String value) {
        return SafeText.printable(value);
    }
}
