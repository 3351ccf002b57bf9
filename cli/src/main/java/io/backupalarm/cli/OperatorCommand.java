package io.backupalarm.cli;

import io.backupalarm.NotFoundException;
import io.backupalarm.ValidationException;
import io.backupalarm.config.Ids;
import io.backupalarm.store.jdbc.JdbcStoreException;
import io.backupalarm.text.SafeText;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The frame of every operator command: it checks the options, reads the credentials, opens an
 * {@link OperatorSession} on the store of {@code --jdbc}, runs {@link #run(OperatorSession)}, and
 * turns what fails into the tool's exit statuses, with every secret masked:
 *
 * <ul>
 *   <li>invalid options, a credentials file that is missing or readable by every user, an id
 *       the store does not hold (an instance, a contact, a silence, a notification key), a request
 *       the engine refuses ({@link ValidationException}, {@link NotFoundException}): exit status
 *       2, and nothing was changed;
 *   <li>a database that cannot be reached or fails: exit status 1, with the URL's password
 *       masked and no password anywhere in the message.
 * </ul>
 *
 * <p>A new operator command extends this class, is annotated {@code @Command}, takes an
 * {@link Environment} in its constructor (picocli's factory in {@link BackupAlarmCli} passes it),
 * and is listed in {@link BackupAlarmCli}'s subcommands; it inherits {@code --jdbc},
 * {@code --credentials} and {@code --json}.
 *
 * <p>Not thread-safe: picocli creates one per run.
 */
public abstract class OperatorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = "--json", description = "print one JSON document instead of text for people")
    boolean json;

    private final Environment environment;

    OperatorCommand(Environment environment) {
        this.environment = environment;
    }

    /**
     * Checks the options and the credentials, connects, and runs the command.
     *
     * @return the exit status
     * @throws InvalidInputException if the options, the credentials file or an id is invalid
     * @throws CommandFailedException if the database cannot be reached or fails
     */
    @Override
    public final Integer call() {
        String url = store.url;
        if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
            throw invalid("--jdbc " + SafeText.printable(Redactor.url(url)) + ": not a JDBC URL of PostgreSQL or H2"
                    + " (expected jdbc:postgresql://HOST:PORT/DATABASE or jdbc:h2:...)");
        }
        check();
        Credentials credentials = Credentials.of(store.credentials, environment);
        Redactor redactor = Redactor.of(url, credentials.password());
        try {
            OperatorSession session;
            try {
                session = OperatorSession.open(url, credentials, environment);
            } catch (JdbcStoreException | IllegalArgumentException e) {
                throw new CommandFailedException(List.of(redactor.redact(name() + ": cannot connect to "
                        + Redactor.url(url) + ": " + SafeText.escape(connectFailure(e)))));
            }
            try (session) {
                return run(session);
            }
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.lines().stream().map(redactor::redact).toList());
        } catch (CommandFailedException e) {
            throw new CommandFailedException(e.lines().stream().map(redactor::redact).toList());
        } catch (ValidationException e) {
            throw new InvalidInputException(e.problems().stream()
                    .map(p -> redactor.redact(name() + ": " + SafeText.escape(p.path() + ": " + p.message())))
                    .toList());
        } catch (NotFoundException e) {
            throw new InvalidInputException(List.of(redactor.redact(name() + ": " + SafeText.escape(e.getMessage())
                    + "; nothing was changed")));
        } catch (IllegalArgumentException e) {
            // A value the records or the engine refuse (a name too long, a comment over 1,000 characters).
            throw new InvalidInputException(List.of(redactor.redact(name() + ": " + SafeText.escape(e.getMessage())
                    + "; nothing was changed")));
        } catch (JdbcStoreException e) {
            throw new CommandFailedException(List.of(redactor.redact(name() + ": the database failed: "
                    + SafeText.escape(e.getMessage()) + hint(e))));
        } catch (RuntimeException e) {
            throw new CommandFailedException(List.of(redactor.redact(name() + ": unexpected error: "
                    + SafeText.describe(e))));
        }
    }

    /**
     * Checks the options before anything is read or changed; by default nothing more than picocli
     * checked.
     *
     * @throws InvalidInputException if an option is invalid
     */
    void check() {
    }

    /**
     * Does the command's work.
     *
     * @param session the store and the engine
     * @return the exit status
     */
    abstract int run(OperatorSession session);

    /** @return the command's name as typed after {@code backup-alarm}, such as {@code silence add} */
    final String name() {
        return spec.qualifiedName().substring("backup-alarm ".length());
    }

    /** @return where the command's output goes */
    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** @return where notes go */
    final PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** An exception for one line of invalid input, prefixed with the command's name. */
    final InvalidInputException invalid(String problem) {
        return new InvalidInputException(List.of(name() + ": " + problem));
    }

    /**
     * Why a connection failed, in one phrase: the driver's message, and the root cause when it is
     * another (a refused connection, an unknown host).
     */
    static String connectFailure(Throwable error) {
        Throwable driver = error;
        while (!(driver instanceof SQLException) && driver.getCause() != null && driver.getCause() != driver) {
            driver = driver.getCause();
        }
        Throwable root = driver;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = driver.getMessage() == null ? driver.getClass().getSimpleName() : driver.getMessage();
        return root == driver ? message
                : message + " (" + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": "
                        + root.getMessage()) + ")";
    }

    /** A table that does not exist: the schema was never migrated on this database. */
    private static String hint(JdbcStoreException e) {
        String state = e.sqlState();
        // PostgreSQL's undefined_table; H2's table not found (42S02), with candidates (42S03), in an empty database (42S04).
        boolean missingTable = "42P01".equals(state) || "42S02".equals(state) || "42S03".equals(state)
                || "42S04".equals(state);
        return missingTable ? " (is this the hosts' database? its backup-alarm tables are missing; a node's"
                + " JdbcStore.migrate() creates them)" : "";
    }

    /** An id as it may be echoed. */
    static String id(String value) {
        return SafeText.printable(value);
    }

    /**
     * Checks an id given as an option.
     *
     * @throws InvalidInputException if it is not 1 to 128 letters, digits, {@code - _ . :}
     */
    final void checkId(String option, String value) {
        if (value != null && !Ids.isValid(value)) {
            throw invalid(option + " '" + id(value) + "': not a valid id (1 to 128 letters, digits, '-', '_', '.', ':')");
        }
    }
}
