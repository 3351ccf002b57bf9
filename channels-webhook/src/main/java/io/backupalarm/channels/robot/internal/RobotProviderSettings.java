package io.backupalarm.channels.robot.internal;

import io.backupalarm.channels.robot.RobotSettings;
import io.backupalarm.spi.ProviderSettings;
import io.backupalarm.spi.SecretResolver;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the settings every robot channel provider takes; the keys are listed in the providers'
 * javadoc and docs/channels/dingtalk.md.
 *
 * <p>Stateless and thread-safe.
 */
public final class RobotProviderSettings {

    /** Key of {@link RobotSettings#allowedHosts()}: host names separated by commas. */
    public static final String ALLOWED_HOSTS = "allowed-hosts";
    /** Key of {@link RobotSettings#originOverride()}. */
    public static final String ORIGIN_OVERRIDE = "origin-override";
    /** Key of {@link RobotSettings#connectTimeout()}. */
    public static final String CONNECT_TIMEOUT = "connect-timeout";
    /** Key of {@link RobotSettings#requestTimeout()}. */
    public static final String REQUEST_TIMEOUT = "request-timeout";
    /** Key of {@link RobotSettings#retryUnknownOutcome()}. */
    public static final String RETRY_UNKNOWN_OUTCOME = "retry-unknown-outcome";
    /** Key of {@link RobotSettings#sendsPerMinute()}. */
    public static final String SENDS_PER_MINUTE = "sends-per-minute";
    /** Key of the directory secrets are read from; without it, from environment variables. */
    public static final String SECRETS_DIRECTORY = "secrets-directory";

    /** Every key. */
    public static final Set<String> KEYS = Set.of(ALLOWED_HOSTS, ORIGIN_OVERRIDE, CONNECT_TIMEOUT, REQUEST_TIMEOUT,
            RETRY_UNKNOWN_OUTCOME, SENDS_PER_MINUTE, SECRETS_DIRECTORY);

    /**
     * The channel's settings and secret resolver.
     *
     * @param settings the settings
     * @param secrets the secret resolver
     */
    public record Read(RobotSettings settings, SecretResolver secrets) {
    }

    private RobotProviderSettings() {
    }

    /**
     * Reads a provider's settings.
     *
     * @param channel the channel's name
     * @param given the settings by key
     * @return the settings and the secret resolver
     * @throws IllegalArgumentException naming the channel and the key of the first bad value
     */
    public static Read read(String channel, Map<String, String> given) {
        ProviderSettings s = ProviderSettings.of(channel, given, KEYS);
        RobotSettings.Builder b = RobotSettings.custom();
        s.optionalString(ALLOWED_HOSTS).ifPresent(v -> s.set(ALLOWED_HOSTS, Arrays.stream(v.split(","))
                .map(String::strip).filter(h -> !h.isEmpty()).collect(Collectors.toSet()), b::allowedHosts));
        s.optionalString(ORIGIN_OVERRIDE).ifPresent(v -> s.set(ORIGIN_OVERRIDE, v, text -> {
            try {
                b.originOverride(new URI(text));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("'" + text + "' is not a URI");
            }
        }));
        s.optionalDuration(CONNECT_TIMEOUT).ifPresent(v -> s.set(CONNECT_TIMEOUT, v, b::connectTimeout));
        s.optionalDuration(REQUEST_TIMEOUT).ifPresent(v -> s.set(REQUEST_TIMEOUT, v, b::requestTimeout));
        s.optionalBool(RETRY_UNKNOWN_OUTCOME).ifPresent(b::retryUnknownOutcome);
        s.optionalInteger(SENDS_PER_MINUTE, 0, RobotSettings.MAX_SENDS_PER_MINUTE).ifPresent(b::sendsPerMinute);
        SecretResolver secrets = s.optionalString(SECRETS_DIRECTORY).map(v -> {
            Path directory;
            try {
                directory = Path.of(v);
            } catch (InvalidPathException e) {
                throw s.invalid(SECRETS_DIRECTORY, "'" + v + "' is not a path");
            }
            if (!Files.isDirectory(directory)) {
                throw s.invalid(SECRETS_DIRECTORY, "'" + v + "' is not a directory");
            }
            return SecretResolver.directory(directory);
        }).orElseGet(SecretResolver::environment);
        return new Read(b.build(), secrets);
    }
}
