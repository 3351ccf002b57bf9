package io.backupalarm.cli;

import java.util.List;

/**
 * The input of a command is invalid: the tool prints {@link #lines()} on stderr, one per line,
 * and exits with {@link ExitCodes#INVALID_INPUT}. A subcommand throws it from its {@code call()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class InvalidInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> lines;

    /**
     * Creates the exception.
     *
     * @param lines what is wrong, one problem a line, each naming the file and where in it;
     *        at least one
     * @throws IllegalArgumentException if {@code lines} is empty
     */
    public InvalidInputException(List<String> lines) {
        super(String.join("\n", lines));
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("at least one line");
        }
        this.lines = List.copyOf(lines);
    }

    /**
     * What is wrong, one problem a line.
     *
     * @return an unmodifiable, non-empty list
     */
    public List<String> lines() {
        return lines;
    }
}
