package io.backupalarm.cli;

import io.backupalarm.text.SafeText;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The database user and password of the operator commands: from a credentials file given with
 * {@code --credentials}, or else from the environment ({@value StoreOptions#USER_VARIABLE},
 * {@value StoreOptions#PASSWORD_VARIABLE}). Either may be absent (the URL may carry the user, or
 * the server trust the client). {@link #toString()} never shows the password.
 *
 * <p>Immutable and thread-safe.
 *
 * @param user the user, or {@code null}
 * @param password the password, or {@code null}
 */
record Credentials(String user, String password) {

    private static final long MAX_FILE_SIZE = 64 * 1024;
    private static final Set<String> KEYS = Set.of("user", "password");

    /**
     * The credentials of a run.
     *
     * @param file the {@code --credentials} file as typed, or {@code null}
     * @param environment where the variables come from
     * @throws InvalidInputException if the file is missing, unreadable, readable by other users,
     *         or holds a key other than {@code user} and {@code password}
     */
    static Credentials of(String file, Environment environment) {
        if (file == null) {
            return new Credentials(environment.variable(StoreOptions.USER_VARIABLE),
                    environment.variable(StoreOptions.PASSWORD_VARIABLE));
        }
        return read(file);
    }

    private static Credentials read(String file) {
        String name = "--credentials " + SafeText.escape(file);
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            throw invalid(name + ": not a valid path (" + SafeText.escape(e.getReason()) + ")");
        }
        try {
            if (Files.isDirectory(path)) {
                throw invalid(name + ": a directory, not a properties file");
            }
            PosixFileAttributeView posix = Files.getFileAttributeView(path, PosixFileAttributeView.class);
            if (posix != null) {
                Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
                if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
                    throw invalid(name + ": readable by every user (" + PosixFilePermissions.toString(permissions)
                            + "); it holds a password: make it private (chmod 600) and try again");
                }
            }
            if (Files.size(path) > MAX_FILE_SIZE) {
                throw invalid(name + ": larger than 64 KiB; a credentials file holds two lines");
            }
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            Set<String> unknown = new TreeSet<>(properties.stringPropertyNames());
            unknown.removeAll(KEYS);
            if (!unknown.isEmpty()) {
                throw invalid(name + ": unknown key '" + SafeText.printable(unknown.iterator().next())
                        + "' (expected user and password)");
            }
            return new Credentials(blankToNull(properties.getProperty("user")),
                    blankToNull(properties.getProperty("password")));
        } catch (NoSuchFileException e) {
            throw invalid(name + ": file not found");
        } catch (AccessDeniedException e) {
            throw invalid(name + ": permission denied");
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: a malformed Unicode escape in the file. The message quotes no value.
            throw invalid(name + ": cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static InvalidInputException invalid(String line) {
        return new InvalidInputException(List.of(line));
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + ", password=" + (password == null ? "none" : Redactor.MASK) + "]";
    }
}
