package io.backupalarm.json;

import io.backupalarm.config.Ids;
import io.backupalarm.text.SafeText;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;

/**
 * The field rules the reader checks itself, so that a problem is reported at the exact JSON
 * location of the offending value (the core records check them again).
 * Stateless.
 */
final class Rules {

    /** The earliest instant a file may hold. */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    /**
     * The latest instant a file may hold: with the longest grace period and repeat interval
     * added, every instant the engine computes stays well within {@code java.time}.
     */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private Rules() {
    }

    /**
     * The problem with an instant's text ({@code field} names it in the message), or
     * {@code null} if it is an ISO-8601 instant with an offset from {@link #EARLIEST} to
     * {@link #LATEST}.
     */
    static String instantProblem(String field, String text) {
        Instant value;
        try {
            value = Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                LocalDateTime.parse(text);
                return field + " '" + printable(text) + "' needs a zone offset such as Z (" + printable(text)
                        + "Z) or +08:00";
            } catch (DateTimeParseException notLocal) {
                return field + " '" + printable(text) + "' is not an ISO-8601 instant (such as 2026-01-01T00:00:00Z)";
            }
        }
        if (value.isBefore(EARLIEST) || value.isAfter(LATEST)) {
            return field + " " + value + " is outside the supported range, " + EARLIEST + " to " + LATEST;
        }
        return null;
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

    /**
     * A duration as people write it: ISO-8601, in days when whole days ({@code P7D} rather than
     * {@code PT168H}), as the settings' messages do.
     */
    static String durationText(Duration value) {
        return !value.isZero() && !value.isNegative() && value.toSeconds() % 86_400 == 0 && value.getNano() == 0
                ? "P" + value.toDays() + "D" : value.toString();
    }

    /** A value fit for a message: control characters escaped, at most 80 characters. */
    static String printable(String value) {
        return SafeText.printable(value);
    }
}
