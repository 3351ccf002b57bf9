package io.backupalarm.cli;

import picocli.CommandLine.Option;

/**
 * The options every operator command takes to reach the hosts' store: {@code --jdbc URL} and
 * {@code --credentials FILE}. There is no option for a password, so that none shows in a shell's
 * history, in {@code ps} or in {@code --help}: it comes from the environment or the file.
 *
 * <p>Not thread-safe: picocli fills one per run.
 */
public final class StoreOptions {

    /** The environment variable holding the database user. */
    public static final String USER_VARIABLE = "BACKUP_ALARM_JDBC_USER";
    /** The environment variable holding the database password. */
    public static final String PASSWORD_VARIABLE = "BACKUP_ALARM_JDBC_PASSWORD";

    @Option(names = "--jdbc", required = true, paramLabel = "URL",
            description = "the JDBC URL of the hosts' database: jdbc:postgresql://HOST:PORT/DATABASE (or jdbc:h2:...)")
    String url;

    @Option(names = "--credentials", paramLabel = "FILE",
            description = {"a properties file with user= and password= (not readable by other users); without it, "
                    + USER_VARIABLE + " and " + PASSWORD_VARIABLE + " are read from the environment"})
    String credentials;

    /** Creates the options; picocli does this for each run. */
    public StoreOptions() {
    }
}
