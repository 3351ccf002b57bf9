package io.backupalarm.spi;

import io.backupalarm.internal.Checks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Supplies the secrets that sign requests to webhooks and chat robots. Secrets are not
 * configuration: a contact's address names a secret by id, and a channel asks the resolver for it
 * each time it signs a request, so a rotated secret takes effect on the next send. The host
 * decides where secrets live (environment, files, a vault).
 *
 * <p>Implementations must be thread-safe and must never log the secrets they return. An id the
 * resolver does not know yields empty; a channel treats that as a permanent failure of the send
 * and names the id, never a value.
 */
@FunctionalInterface
public interface SecretResolver {

    /**
     * The secret with this id.
     *
     * @param id the secret id, as a contact address names it
     * @return the secret, or empty when there is none with that id
     */
    Optional<String> secret(String id);

    /**
     * A resolver that knows no secret: requests are sent unsigned, and an address that names a
     * secret fails.
     *
     * @return the resolver
     */
    static SecretResolver none() {
        return id -> Optional.empty();
    }

    /**
     * Secrets held in a map (copied), for tests and for hosts that load secrets themselves.
     *
     * @param secrets secret values by id
     * @return the resolver
     */
    static SecretResolver of(Map<String, String> secrets) {
        Map<String, String> copy = Map.copyOf(secrets);
        return id -> Optional.ofNullable(copy.get(id));
    }

    /**
     * Secrets from environment variables: the id {@code ding-ops} is read from
     * {@code BACKUP_ALARM_SECRET_DING_OPS} (upper case, every character other than a letter or a
     * digit as {@code _}).
     *
     * @return the resolver
     */
    static SecretResolver environment() {
        return id -> Optional.ofNullable(System.getenv(environmentVariable(id)));
    }

    /**
     * The environment variable {@link #environment()} reads for an id.
     *
     * @param id the secret id
     * @return the variable name
     */
    static String environmentVariable(String id) {
        Checks.id(id, "secret id");
        return "BACKUP_ALARM_SECRET_" + id.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /**
     * Secrets from files in a directory, one file per id named after it (as container platforms
     * mount secrets, for example {@code /run/secrets}); the content is read on each call, without
     * a trailing line break.
     *
     * @param directory the directory
     * @return the resolver
     */
    static SecretResolver directory(Path directory) {
        Objects.requireNonNull(directory, "directory");
        return id -> {
            Checks.id(id, "secret id");
            if (id.equals(".") || id.equals("..")) {
                return Optional.empty();
            }
            try {
                String value = Files.readString(directory.resolve(id), StandardCharsets.UTF_8);
                return Optional.of(value.replaceAll("[\\r\\n]+$", ""));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read secret '" + id + "' from " + directory, e);
            }
        };
    }
}
