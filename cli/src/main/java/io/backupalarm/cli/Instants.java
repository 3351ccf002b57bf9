package io.backupalarm.cli;

import io.backupalarm.text.SafeText;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Instants and durations typed on the command line, with messages that show what is expected.
 *
 * <p>Stateless and thread-safe.
 */
final class Instants {

    /** The range of instants, as in the files. */
    static final Instant MIN = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant MAX = Instant.parse("9999-12-31T23:59:59Z");
    /** The longest {@code --for}: long enough for any silence, short enough to stay in range. */
    static final Duration MAX_DURATION = Duration.ofDays(3650);

    private Instants() {
    }

    /**
     * An instant: ISO-8601 with a zone offset, {@code 2026-01-01T18:00:00Z} or
     * {@code 2026-01-02T02:00:00+08:00}.
     *
     * @throws InvalidInputException naming the option if it is not one
     */
    static Instant instant(String command, String option, String value) {
        Instant instant;
        try {
            instant = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(List.of(command + ": " + option + " '" + SafeText.printable(value)
                    + "': not an instant (ISO-8601 with an offset, such as 2026-01-01T18:00:00Z or"
                    + " 2026-01-02T02:00:00+08:00)"));
        }
        if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
            throw new InvalidInputException(List.of(command + ": " + option + " " + instant + ": must be from " + MIN
                    + " to " + MAX));
        }
        return instant;
    }

    /**
     * A duration longer than zero: ISO-8601, {@code PT2H}, {@code PT30M}, {@code P1D}.
     *
     * @throws InvalidInputException naming the option if it is not one
     */
    static Duration duration(String command, String option, String value) {
        Duration duration;
        try {
            duration = Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(List.of(command + ": " + option + " '" + SafeText.printable(value)
                    + "': not a duration (ISO-8601, such as PT2H, PT30M or P1D)"));
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new InvalidInputException(List.of(command + ": " + option + " " + duration
                    + ": must be longer than zero"));
        }
        if (duration.compareTo(MAX_DURATION) > 0) {
            throw new InvalidInputException(List.of(command + ": " + option + " " + duration
                    + ": must be at most " + MAX_DURATION + " (ten years)"));
        }
        return duration;
    }

    /**
     * A point in time: an instant (ISO-8601 with an offset), or a duration (ISO-8601, such as
     * {@code PT24H} or {@code P7D}) meaning that long before {@code now}.
     *
     * @throws InvalidInputException naming the option if it is neither
     */
    static Instant instantOrAgo(String command, String option, String value, Instant now) {
        String upper = value.toUpperCase(java.util.Locale.ROOT);
        if (!upper.startsWith("P") && !upper.startsWith("-P") && !upper.startsWith("+P")) {
            try {
                OffsetDateTime.parse(value);
            } catch (DateTimeParseException e) {
                throw new InvalidInputException(List.of(command + ": " + option + " '" + SafeText.printable(value)
                        + "': neither an instant (ISO-8601 with an offset, such as 2026-01-01T18:00:00Z) nor a"
                        + " duration ago (ISO-8601, such as PT24H or P7D)"));
            }
            return instant(command, option, value);
        }
        Instant ago = now.minus(duration(command, option, value));
        return ago.isBefore(MIN) ? MIN : ago;
    }
}
