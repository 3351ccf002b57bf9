package io.backupalarm;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A configuration or a change was rejected because it breaks one or more rules. Lists every
 * problem found, each with the path of the offending item ({@code contacts[c-alice].email},
 * {@code $.vaults[0].alarmPolicy.mode}). Nothing was changed.
 *
 * <p>Immutable once created, so safe to share between threads.
 */
public class ValidationException extends AlarmException {

    private static final long serialVersionUID = 1L;

    /**
     * One broken rule.
     *
     * @param path where the problem is: an id path such as {@code instances[i-web1].vault}, or a
     *        JSON location such as {@code $.events[3].at}; never {@code null}
     * @param message what is wrong, naming the offending value
     */
    public record Problem(String path, String message) {
        /** Validates the fields. */
        public Problem {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String toString() {
            return path.isEmpty() ? message : path + ": " + message;
        }
    }

    private final transient List<Problem> problems;

    /**
     * Creates an exception listing problems.
     *
     * @param problems at least one problem
     */
    public ValidationException(List<Problem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * Creates an exception for a single problem.
     *
     * @param path where the problem is
     * @param message what is wrong
     */
    public ValidationException(String path, String message) {
        this(List.of(new Problem(path, message)));
    }

    /**
     * Every problem found, in the order found.
     *
     * @return an unmodifiable, non-empty list
     */
    public List<Problem> problems() {
        return problems;
    }

    private static String describe(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ValidationException needs at least one problem");
        }
        if (problems.size() == 1) {
            return problems.get(0).toString();
        }
        return problems.size() + " problems:" + problems.stream()
                .map(p -> "\n  " + p).collect(Collectors.joining());
    }
}
