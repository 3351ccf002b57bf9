package io.backupalarm.examples.docs;

import io.backupalarm.config.Configuration;
import io.backupalarm.json.ConfigurationFiles;
import io.backupalarm.json.InvalidFileException;
import io.backupalarm.spi.ConfigurationStore;
import java.io.IOException;
import java.nio.file.Path;

/** The code shown in {@code docs/configuration-files.md}. */
public final class ConfigurationFilesSnippets {

    private ConfigurationFilesSnippets() {
    }

    /**
     * Loads the configuration from {@code alarms.json} in the working directory, printing every
     * problem of an invalid file.
     *
     * @return a store holding the configuration
     * @throws IOException if the file cannot be read
     * @throws InvalidFileException if the file is not a valid configuration file
     */
    public static ConfigurationStore load() throws IOException {
        try {
            Configuration configuration = ConfigurationFiles.read(Path.of("alarms.json"));
            return ConfigurationStore.inMemory(configuration);
        } catch (InvalidFileException e) {
            e.lines().forEach(System.err::println);   // alarms.json: $.contacts[0].email: email 'x' is ...
            throw e;
        }
    }
}
