package io.backupalarm.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code validate FILE}: checks a configuration file, or a whole scenario file; prints {@code ok}
 * on stdout, or every problem on stderr (exit status 2).
 *
 * <p>Not thread-safe: picocli creates one per run.
 */
@Command(name = "validate",
        description = {"Checks a configuration file, or a scenario file (its config and its events).",
                "Prints 'ok', or every problem found, one per line on stderr: FILE: LOCATION: PROBLEM."})
public final class ValidateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "a configuration file or a scenario file (JSON)")
    private String file;

    /** Creates the command; picocli does this for each run. */
    public ValidateCommand() {
    }

    /**
     * Validates the file.
     *
     * @return {@link ExitCodes#OK}
     * @throws InvalidInputException if the file is missing, unreadable or invalid
     */
    @Override
    public Integer call() {
        Inputs.read(file);
        spec.commandLine().getOut().println("ok");
        return ExitCodes.OK;
    }
}
