/**
 * The command-line tool: {@code validate}, {@code explain} and {@code simulate} on files, and the
 * operator commands ({@code alarms}, {@code dead-letters}, {@code redrive}, {@code silence},
 * {@code ack}, {@code test}, {@code history}) on a host's shared JDBC store.
 */
module io.backupalarm.cli {
    requires io.backupalarm.core;
    requires io.backupalarm.json;
    requires io.backupalarm.store.jdbc;
    requires com.fasterxml.jackson.core;
    requires info.picocli;

    exports io.backupalarm.cli;
    // picocli reads the commands' annotated fields and methods by reflection.
    opens io.backupalarm.cli to info.picocli;
}
