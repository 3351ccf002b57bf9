package io.backupalarm.cli;

/**
 * The exit statuses of the command-line tool (docs/cli.md).
 *
 * <p>Constants only; thread-safe.
 */
public final class ExitCodes {

    /** The command succeeded. */
    public static final int OK = 0;

    /** Anything other than invalid input went wrong (an unexpected error). */
    public static final int ERROR = 1;

    /**
     * The input is invalid: a file missing, unreadable or invalid, an unknown id, a usage error.
     * Nothing was run; stderr names the file, where in it, and what is wrong.
     */
    public static final int INVALID_INPUT = 2;

    private ExitCodes() {
    }
}
