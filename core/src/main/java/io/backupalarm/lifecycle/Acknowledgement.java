package io.backupalarm.lifecycle;

import io.backupalarm.internal.Checks;
import java.time.Instant;
import java.util.Objects;

/**
 * Someone is on it: the acknowledgement of a firing alarm. It stops the alarm's repeats for this
 * occurrence; the next opening of the same key starts unacknowledged.
 *
 * <p>Immutable and thread-safe.
 *
 * @param by who acknowledged it: a name, 1 to 64 characters
 * @param comment what they said, at most 1000 characters, or {@code null}
 * @param at when
 */
public record Acknowledgement(String by, String comment, Instant at) {

    /** The longest comment. */
    public static final int MAX_COMMENT = 1000;

    /** Validates the fields. */
    public Acknowledgement {
        Checks.name(by, "acknowledgement by");
        if (comment != null && comment.length() > MAX_COMMENT) {
            throw new IllegalArgumentException("acknowledgement comment must be at most " + MAX_COMMENT
                    + " characters, not " + comment.length());
        }
        Objects.requireNonNull(at, "acknowledgement at");
    }
}
