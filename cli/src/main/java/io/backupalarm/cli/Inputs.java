package io.backupalarm.cli;

import io.backupalarm.json.InputFile;
import io.backupalarm.json.InputFiles;
import io.backupalarm.json.InvalidFileException;
import io.backupalarm.text.SafeText;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the {@code FILE} of a command: a configuration file or a scenario file. Every way it can
 * fail (missing, unreadable, too large, invalid) becomes an {@link InvalidInputException} naming
 * the file as the user typed it, with every control character escaped so that each problem stays
 * one line.
 *
 * <p>Stateless and thread-safe.
 */
public final class Inputs {

    private Inputs() {
    }

    /**
     * Reads and validates a configuration or scenario file (the whole scenario is validated).
     *
     * @param file the path as given on the command line
     * @return the file's configuration, and its scenario if it is a scenario file
     * @throws InvalidInputException if the file is missing, unreadable or invalid
     */
    public static InputFile read(String file) {
        String name = SafeText.escape(file);
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            throw new InvalidInputException(List.of(name + ": not a valid path (" + SafeText.escape(e.getReason()) + ")"));
        }
        try {
            return InputFiles.read(path);
        } catch (InvalidFileException e) {
            // The source is Path.toString(), which may differ from what was typed ("a//b.json").
            throw new InvalidInputException(e.problems().stream().map(p -> SafeText.escape(file + ": " + p)).toList());
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(List.of(name + ": file not found"));
        } catch (AccessDeniedException e) {
            throw new InvalidInputException(List.of(name + ": permission denied"));
        } catch (IOException e) {
            throw new InvalidInputException(List.of(name + ": cannot be read (" + SafeText.escape(e.getMessage()) + ")"));
        }
    }
}
