package io.backupalarm.json;

import io.backupalarm.ValidationException;
import io.backupalarm.text.SafeText;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A configuration file or a scenario file is invalid. Lists every problem found, each with its
 * JSON location ({@code $.contacts[0].email}) or, for malformed JSON, its line and column, and
 * names the file (the {@linkplain #source() source}) it was found in.
 *
 * <p>Immutable and thread-safe.
 */
public final class InvalidFileException extends ValidationException {

    private static final long serialVersionUID = 1L;

    private final String source;

    /**
     * Creates the exception.
     *
     * @param source the file name or other description of the input, used in messages
     * @param problems at least one problem
     * @throws IllegalArgumentException if {@code problems} is empty
     */
    public InvalidFileException(String source, List<Problem> problems) {
        super(problems);
        this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * The input the problems were found in.
     *
     * @return the source name given to the reader, such as the file's path
     */
    public String source() {
        return source;
    }

    /**
     * One line per problem, each naming the source, the location and what is wrong:
     * {@code config.json: $.contacts[0].email: email 'x' is not a valid address ...}.
     *
     * @return an unmodifiable, non-empty list of lines without line breaks: every control
     *         character, in the source too, is escaped
     */
    public List<String> lines() {
        return problems().stream()
                .map(p -> SafeText.escape(source + ": " + p))
                .collect(Collectors.toUnmodifiableList());
    }

    /** The source followed by every problem, one per line. */
    @Override
    public String getMessage() {
        return lines().size() == 1 ? lines().get(0)
                : problems().size() + " problems in " + source + ":\n  " + String.join("\n  ", lines());
    }
}
