package io.backupalarm.channels.webhook;

import io.backupalarm.channels.webhook.internal.HttpProviderSettings;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ChannelProvider;
import io.backupalarm.spi.ProviderSettings;
import io.backupalarm.spi.SecretResolver;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Creates the {@link WebhookChannel} from plain settings; listed in the module's
 * {@code provides} and in {@code META-INF/services/io.backupalarm.spi.ChannelProvider}.
 *
 * <p>The settings are read by the rules every provider shares ({@link ProviderSettings}):
 * kebab-case keys, ISO-8601 durations, unknown keys rejected naming the closest known one.
 * <table>
 *   <caption>Settings read by the webhook channel provider</caption>
 *   <tr><th>Key</th><th>Value</th></tr>
 *   <tr><td>{@value #CONNECT_TIMEOUT}, {@value #REQUEST_TIMEOUT}</td><td>ISO-8601 durations up to
 *       {@code PT5M}; defaults {@code PT5S} and {@code PT15S}</td></tr>
 *   <tr><td>{@value #ORIGIN_OVERRIDE}</td><td>{@code scheme://host[:port]} every request goes to
 *       instead of the address's, path and query kept; default none</td></tr>
 *   <tr><td>{@value #SECRETS_DIRECTORY}</td><td>a directory with one file per secret id
 *       ({@link SecretResolver#directory(Path)}), which must exist; by default secrets are read from environment
 *       variables ({@link SecretResolver#environment()})</td></tr>
 * </table>
 *
 * <p>Stateless and thread-safe.
 */
public final class WebhookChannelProvider implements ChannelProvider {

    /** Key of {@link WebhookSettings#connectTimeout()}. */
    public static final String CONNECT_TIMEOUT = HttpProviderSettings.CONNECT_TIMEOUT;
    /** Key of {@link WebhookSettings#requestTimeout()}. */
    public static final String REQUEST_TIMEOUT = HttpProviderSettings.REQUEST_TIMEOUT;
    /** Key of {@link WebhookSettings#originOverride()}. */
    public static final String ORIGIN_OVERRIDE = HttpProviderSettings.ORIGIN_OVERRIDE;
    /** Key of the directory the secrets are read from. */
    public static final String SECRETS_DIRECTORY = HttpProviderSettings.SECRETS_DIRECTORY;

    private static final Set<String> KEYS = Set.of(CONNECT_TIMEOUT, REQUEST_TIMEOUT, ORIGIN_OVERRIDE, SECRETS_DIRECTORY);

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public WebhookChannelProvider() {
    }

    /**
     * Always {@value Channel#WEBHOOK}.
     *
     * @return {@value Channel#WEBHOOK}
     */
    @Override
    public String channelName() {
        return Channel.WEBHOOK;
    }

    /**
     * Creates the webhook channel from the keys listed in the class description.
     *
     * @param settings the settings by key
     * @return the channel
     * @throws IllegalArgumentException if a key is unknown or a value bad; the message names the
     *         channel and the key
     */
    @Override
    public Channel create(Map<String, String> settings) {
        return create(settings, SecretResolver.environment());
    }

    /**
     * As {@link #create(Map)}, with secrets from {@code secrets} unless {@code secrets-directory}
     * is set.
     *
     * @param settings the settings by key
     * @param secrets where the secrets come from by default
     * @return the channel
     */
    @Override
    public Channel create(Map<String, String> settings, SecretResolver secrets) {
        ProviderSettings s = ProviderSettings.of(Channel.WEBHOOK, settings, KEYS);
        WebhookSettings.Builder b = WebhookSettings.custom();
        HttpProviderSettings.readCommon(s, b);
        b.secrets(HttpProviderSettings.readSecretsDirectory(s).orElse(secrets));
        return WebhookChannel.of(b.build());
    }
}
