package io.backupalarm.cli;

import io.backupalarm.text.SafeText;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The top command, {@code backup-alarm}, and the tool's entry point.
 *
 * <p>A subcommand is a picocli {@code @Command} class implementing {@code Callable<Integer>},
 * listed in {@code subcommands} below. It inherits {@code --help} and {@code --version}, writes
 * its output to {@code spec.commandLine().getOut()} (stdout carries nothing else), reads its
 * {@code FILE} with {@link Inputs#read(String)}, and reports invalid input by throwing
 * {@link InvalidInputException}; {@link #run} turns that into exit status 2 and any other
 * exception into exit status 1 with a one-line message. An operator command, one that works on the
 * hosts' store, extends {@link OperatorCommand} instead.
 *
 * <p>Not thread-safe: picocli populates a new instance for each {@link #run}; {@link #run} itself
 * may be called from several threads at once.
 */
@Command(name = "backup-alarm",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = BackupAlarmCli.Version.class,
        description = {"Checks backup-alarm configuration files, explains who receives alarms, and simulates scenarios.",
                "The operator commands act on the hosts' shared database (--jdbc URL; credentials from "
                        + StoreOptions.USER_VARIABLE + " and " + StoreOptions.PASSWORD_VARIABLE
                        + " or --credentials FILE); the hosts' nodes send what they queue."},
        subcommands = {ValidateCommand.class, ExplainCommand.class, SimulateCommand.class,
                AlarmsCommand.class, DeadLettersCommand.class, RedriveCommand.class, SilenceCommand.class,
                AckCommand.class, TestCommand.class, HistoryCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit status: 0 success; 2 invalid input (nothing was run); 1 anything else."})
public final class BackupAlarmCli implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    /** Creates the command; picocli does this for each run. */
    public BackupAlarmCli() {
    }

    /**
     * Runs the tool and exits the JVM with its exit status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the tool in-process.
     *
     * @param args the command line, such as {@code validate config.json}
     * @param out where the command's output goes (UTF-8)
     * @param err where problems and usage messages go (UTF-8)
     * @return the exit status: {@link ExitCodes#OK}, {@link ExitCodes#INVALID_INPUT} or
     *         {@link ExitCodes#ERROR}
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, Environment.system());
    }

    /** Runs the tool in-process with a clock and environment variables of the caller's (tests). */
    static int run(String[] args, PrintStream out, PrintStream err, Environment environment) {
        Objects.requireNonNull(args, "args");
        PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        try {
            return commandLine(outWriter, errWriter, environment).execute(args);
        } catch (RuntimeException e) {
            errWriter.println("backup-alarm: unexpected error: " + SafeText.describe(e));
            return ExitCodes.ERROR;
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }

    /**
     * The configured picocli command line: output and error writers set, usage errors mapped to
     * exit status 2, {@link InvalidInputException} to 2, any other exception to 1.
     *
     * @param out where the command's output goes
     * @param err where problems and usage messages go
     * @return a new command line
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, Environment.system());
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err, Environment environment) {
        CommandLine commandLine = new CommandLine(new BackupAlarmCli(), new Factory(environment));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            PrintWriter writer = err;
            writer.println(failed.getCommandSpec().qualifiedName() + ": " + SafeText.escape(e.getMessage()));
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, writer)) {
                writer.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more information.");
            }
            return ExitCodes.INVALID_INPUT;
        });
        commandLine.setExecutionExceptionHandler((e, failed, parseResult) -> {
            PrintWriter writer = err;
            if (e instanceof InvalidInputException invalid) {
                invalid.lines().forEach(line -> writer.println(SafeText.escape(line)));
                return ExitCodes.INVALID_INPUT;
            }
            if (e instanceof CommandFailedException failure) {
                failure.lines().forEach(line -> writer.println(SafeText.escape(line)));
                return ExitCodes.ERROR;
            }
            writer.println(failed.getCommandSpec().qualifiedName() + ": unexpected error: " + SafeText.describe(e));
            return ExitCodes.ERROR;
        });
        return commandLine;
    }

    /** Without a command: prints the usage on stderr; a usage error. */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("backup-alarm: missing command");
        spec.commandLine().usage(err);
        return ExitCodes.INVALID_INPUT;
    }

    /**
     * Creates the commands: an operator command gets the run's {@link Environment} through its
     * constructor, every other class picocli's default way. Thread-safe.
     */
    private record Factory(Environment environment) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (OperatorCommand.class.isAssignableFrom(type)) {
                return type.getDeclaredConstructor(Environment.class).newInstance(environment);
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    /** The version from the jar's manifest. Stateless and thread-safe. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = BackupAlarmCli.class.getPackage().getImplementationVersion();
            return new String[] {"backup-alarm " + (version == null ? "(development build)" : version)};
        }
    }
}
