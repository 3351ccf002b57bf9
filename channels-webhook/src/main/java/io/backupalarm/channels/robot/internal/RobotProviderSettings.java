package io.backupalarm.channels.robot.internal;

import static io.backupalarm.channels.webhook.internal.HttpProviderSettings.ALLOWED_HOSTS;
import static io.backupalarm.channels.webhook.internal.HttpProviderSettings.CONNECT_TIMEOUT;
import static io.backupalarm.channels.webhook.internal.HttpProviderSettings.ORIGIN_OVERRIDE;
import static io.backupalarm.channels.webhook.internal.HttpProviderSettings.REQUEST_TIMEOUT;
import static io.backupalarm.channels.webhook.internal.HttpProviderSettings.RETRY_UNKNOWN_OUTCOME;
import static io.backupalarm.channels.webhook.internal.HttpProviderSettings.SECRETS_DIRECTORY;

import io.backupalarm.channels.robot.RobotSettings;
import io.backupalarm.channels.webhook.internal.HttpProviderSettings;
import io.backupalarm.spi.ProviderSettings;
import io.backupalarm.spi.SecretResolver;
import java.util.Map;
import java.util.Set;

/**
 * Reads the settings every robot channel provider takes; the keys are listed in the providers'
 * javadoc and docs/channels/dingtalk.md.
 *
 * <p>Stateless and thread-safe.
 */
public final class RobotProviderSettings {

    /** Key of {@link RobotSettings#sendsPerMinute()}. */
    public static final String SENDS_PER_MINUTE = "sends-per-minute";

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
     * @param secrets where secrets come from unless {@code secrets-directory} is set
     * @return the settings and the secret resolver
     * @throws IllegalArgumentException naming the channel and the key of the first bad value
     */
    public static Read read(String channel, Map<String, String> given, SecretResolver secrets) {
        ProviderSettings s = ProviderSettings.of(channel, given, KEYS);
        RobotSettings.Builder b = RobotSettings.custom();
        HttpProviderSettings.readCommon(s, b);
        HttpProviderSettings.readAllowedHosts(s, b::allowedHosts);
        s.optionalBool(RETRY_UNKNOWN_OUTCOME).ifPresent(b::retryUnknownOutcome);
        s.optionalInteger(SENDS_PER_MINUTE, 0, RobotSettings.MAX_SENDS_PER_MINUTE).ifPresent(b::sendsPerMinute);
        return new Read(b.build(), HttpProviderSettings.readSecretsDirectory(s).orElse(secrets));
    }
}
