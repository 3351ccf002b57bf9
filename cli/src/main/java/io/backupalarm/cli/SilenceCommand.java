package io.backupalarm.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code silence add|list|expire}: the silences in the hosts' store.
 *
 * <p>Not thread-safe: picocli creates one per run.
 */
@Command(name = "silence",
        description = {"Creates, lists and expires silences in the hosts' store.",
                "While a silence is active, nothing is sent for the alarms it covers (they still fire, count and"
                        + " resolve)."},
        subcommands = {SilenceAddCommand.class, SilenceListCommand.class, SilenceExpireCommand.class})
public final class SilenceCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    /** Creates the command; picocli does this for each run. */
    public SilenceCommand() {
    }

    /** Without a subcommand: prints the usage on stderr; a usage error. */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("backup-alarm silence: missing command (add, list or expire)");
        spec.commandLine().usage(err);
        return ExitCodes.INVALID_INPUT;
    }
}
