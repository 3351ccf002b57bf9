/** The command-line tool: {@code validate}, {@code explain} and {@code simulate}. */
module io.backupalarm.cli {
    requires io.backupalarm.core;
    requires io.backupalarm.json;
    requires com.fasterxml.jackson.core;
    requires info.picocli;

    exports io.backupalarm.cli;
    // picocli reads the commands' annotated fields and methods by reflection.
    opens io.backupalarm.cli to info.picocli;
}
