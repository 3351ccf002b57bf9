package io.backupalarm.cli;

import java.time.Clock;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What a run of the tool takes from outside the command line: the clock the operator commands
 * act at, and the environment variables they read credentials from. A test gives its own.
 *
 * <p>Immutable and thread-safe if {@code variables} is.
 *
 * @param clock the clock; the system's UTC clock for a real run
 * @param variables the value of an environment variable by name, or {@code null} when unset
 */
record Environment(Clock clock, UnaryOperator<String> variables) {

    Environment {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(variables, "variables");
    }

    /** The real clock and the process's environment. */
    static Environment system() {
        return new Environment(Clock.systemUTC(), System::getenv);
    }

    /** The value of a variable, or {@code null} when it is unset or empty. */
    String variable(String name) {
        String value = variables.apply(name);
        return value == null || value.isEmpty() ? null : value;
    }
}
