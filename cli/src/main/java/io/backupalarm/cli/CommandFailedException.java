package io.backupalarm.cli;

import java.util.List;

/**
 * A command could not do its work for a reason other than its input (the database cannot be
 * reached, a statement failed): the tool prints {@link #lines()} on stderr and exits with
 * {@link ExitCodes#ERROR}. The lines are written for people, with no secret in them.
 *
 * <p>Immutable and thread-safe.
 */
final class CommandFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> lines;

    /**
     * @param lines what went wrong, one line each; at least one
     */
    CommandFailedException(List<String> lines) {
        super(String.join("\n", lines));
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("at least one line");
        }
        this.lines = List.copyOf(lines);
    }

    List<String> lines() {
        return lines;
    }
}
