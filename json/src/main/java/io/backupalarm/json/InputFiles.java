package io.backupalarm.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a file that may be a configuration file or a scenario file: a JSON object with a
 * top-level {@code config} field is a scenario file (read as {@link ScenarioFiles} does, so the
 * whole scenario is validated), anything else a configuration file (read as
 * {@link ConfigurationFiles} does).
 *
 * <p>Stateless and thread-safe.
 */
public final class InputFiles {

    private InputFiles() {
    }

    /**
     * Reads a configuration or scenario file (UTF-8).
     *
     * @param file the file; its path as given names it in messages
     * @return the file's configuration, and its scenario if it is a scenario file
     * @throws InvalidFileException listing every problem found, if the file is invalid
     * @throws IOException if the file cannot be read
     */
    public static InputFile read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        return read(JsonTrees.parse(file, file.toString()), file.toString());
    }

    /**
     * Reads the content of a configuration or scenario file.
     *
     * @param content the JSON text
     * @param source the name of the input, used in messages (such as a file name)
     * @return the configuration, and the scenario if the content is a scenario
     * @throws InvalidFileException listing every problem found, if the content is invalid
     */
    public static InputFile read(String content, String source) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(source, "source");
        return read(JsonTrees.parse(content, source), source);
    }

    private static InputFile read(JsonNode tree, String source) {
        if (tree.isObject() && tree.has(ScenarioReader.CONFIG)) {
            Scenario scenario = ScenarioFiles.read(tree, source);
            return new InputFile(scenario.configuration(), Optional.of(scenario));
        }
        return new InputFile(ConfigurationFiles.read(tree, source), Optional.empty());
    }
}
