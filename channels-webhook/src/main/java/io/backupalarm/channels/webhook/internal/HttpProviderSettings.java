package io.backupalarm.channels.webhook.internal;

import io.backupalarm.channels.webhook.HttpChannelSettings;
import io.backupalarm.spi.ProviderSettings;
import io.backupalarm.spi.SecretResolver;
import io.backupalarm.text.SafeText;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the settings keys the HTTP channel providers of this module share; each provider lists the
 * keys it takes in its javadoc and in docs/channels/.
 *
 * <p>Stateless and thread-safe.
 */
public final class HttpProviderSettings {

    /** Key of {@link HttpChannelSettings#connectTimeout()}. */
    public static final String CONNECT_TIMEOUT = "connect-timeout";
    /** Key of {@link HttpChannelSettings#requestTimeout()}. */
    public static final String REQUEST_TIMEOUT = "request-timeout";
    /** Key of {@link HttpChannelSettings#originOverride()}. */
    public static final String ORIGIN_OVERRIDE = "origin-override";
    /** Key of the hosts an address may name: host names separated by commas. */
    public static final String ALLOWED_HOSTS = "allowed-hosts";
    /** Key of whether a request sent but not answered is retried. */
    public static final String RETRY_UNKNOWN_OUTCOME = "retry-unknown-outcome";
    /** Key of the directory secrets are read from; without it, from environment variables. */
    public static final String SECRETS_DIRECTORY = "secrets-directory";

    private HttpProviderSettings() {
    }

    /**
     * Sets {@value #CONNECT_TIMEOUT}, {@value #REQUEST_TIMEOUT} and {@value #ORIGIN_OVERRIDE} where
     * given.
     *
     * @param s the provider's settings
     * @param b the builder to set them on
     * @throws IllegalArgumentException naming the channel and the key of a bad value
     */
    public static void readCommon(ProviderSettings s, HttpChannelSettings.Builder<?, ?> b) {
        s.optionalDuration(CONNECT_TIMEOUT).ifPresent(v -> s.set(CONNECT_TIMEOUT, v, b::connectTimeout));
        s.optionalDuration(REQUEST_TIMEOUT).ifPresent(v -> s.set(REQUEST_TIMEOUT, v, b::requestTimeout));
        s.optionalString(ORIGIN_OVERRIDE).ifPresent(v -> s.set(ORIGIN_OVERRIDE, v, b::originOverride));
    }

    /**
     * Sets {@value #ALLOWED_HOSTS} where given: host names separated by commas, blanks skipped.
     *
     * @param s the provider's settings
     * @param setter the builder's setter, which checks the names
     * @throws IllegalArgumentException naming the channel and the key if a name is bad
     */
    public static void readAllowedHosts(ProviderSettings s, Consumer<Set<String>> setter) {
        s.optionalString(ALLOWED_HOSTS).ifPresent(v -> {
            Set<String> hosts = new LinkedHashSet<>();
            for (String host : v.split(",")) {
                if (!host.isBlank()) {
                    hosts.add(host.strip());
                }
            }
            s.set(ALLOWED_HOSTS, hosts, setter);
        });
    }

    /**
     * Reads {@value #SECRETS_DIRECTORY}: a directory with one file per secret id.
     *
     * @param s the provider's settings
     * @return the resolver of that directory, or empty if not given
     * @throws IllegalArgumentException naming the channel and the key if it is not a directory
     */
    public static Optional<SecretResolver> readSecretsDirectory(ProviderSettings s) {
        return s.optionalString(SECRETS_DIRECTORY).map(v -> {
            Path directory;
            try {
                directory = Path.of(v);
            } catch (InvalidPathException e) {
                throw s.invalid(SECRETS_DIRECTORY, "'" + SafeText.printable(v) + "' is not a path");
            }
            if (!Files.isDirectory(directory)) {
                throw s.invalid(SECRETS_DIRECTORY, "'" + SafeText.printable(v) + "' is not a directory");
            }
            return SecretResolver.directory(directory);
        });
    }
}
