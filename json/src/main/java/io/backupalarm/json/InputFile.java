package io.backupalarm.json;

import io.backupalarm.config.Configuration;
import java.util.Objects;
import java.util.Optional;

/**
 * A file that is either a configuration file or a scenario file, read and validated.
 *
 * <p>Immutable and thread-safe.
 *
 * @param configuration the configuration: the file's, or the scenario's {@code config}
 * @param scenario the whole scenario, if the file is a scenario file
 */
public record InputFile(Configuration configuration, Optional<Scenario> scenario) {

    /**
     * Validates the fields.
     *
     * @param configuration the configuration: the file's, or the scenario's {@code config}
     * @param scenario the whole scenario, if the file is a scenario file
     */
    public InputFile {
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(scenario, "scenario");
    }

    /**
     * Whether the file is a scenario file.
     *
     * @return {@code true} if it has a top-level {@code config} field
     */
    public boolean isScenario() {
        return scenario.isPresent();
    }
}
