package io.backupalarm.channels.robot;

import io.backupalarm.channels.webhook.internal.HttpProviderSettings;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ChannelProvider;
import io.backupalarm.spi.ProviderSettings;
import java.util.Map;
import java.util.Set;

/**
 * Creates the {@link SlackChannel} from plain settings; listed in the module's {@code provides}
 * and in {@code META-INF/services/io.backupalarm.spi.ChannelProvider}.
 *
 * <p>The settings are read by the rules every provider shares ({@link ProviderSettings}).
 * <table>
 *   <caption>Settings read by the Slack channel provider</caption>
 *   <tr><th>Key</th><th>Value</th></tr>
 *   <tr><td>{@value #CONNECT_TIMEOUT}, {@value #REQUEST_TIMEOUT}</td><td>ISO-8601 durations up to
 *       {@code PT5M}; defaults {@code PT5S} and {@code PT10S}</td></tr>
 *   <tr><td>{@value #ORIGIN_OVERRIDE}</td><td>{@code scheme://host[:port]} every request goes to
 *       instead of the address's, path and query kept; default none</td></tr>
 *   <tr><td>{@value #ALLOWED_HOSTS}</td><td>comma-separated hosts an address may name; default
 *       {@value SlackSettings#SLACK_HOOKS_HOST}</td></tr>
 *   <tr><td>{@value #RETRY_UNKNOWN_OUTCOME}</td><td>{@code true} (default) or {@code false}: see
 *       {@link SlackSettings#retryUnknownOutcome()}</td></tr>
 * </table>
 *
 * <p>Stateless and thread-safe.
 */
public final class SlackChannelProvider implements ChannelProvider {

    /** Key of {@link SlackSettings#connectTimeout()}. */
    public static final String CONNECT_TIMEOUT = HttpProviderSettings.CONNECT_TIMEOUT;
    /** Key of {@link SlackSettings#requestTimeout()}. */
    public static final String REQUEST_TIMEOUT = HttpProviderSettings.REQUEST_TIMEOUT;
    /** Key of {@link SlackSettings#originOverride()}. */
    public static final String ORIGIN_OVERRIDE = HttpProviderSettings.ORIGIN_OVERRIDE;
    /** Key of {@link SlackSettings#allowedHosts()}. */
    public static final String ALLOWED_HOSTS = HttpProviderSettings.ALLOWED_HOSTS;
    /** Key of {@link SlackSettings#retryUnknownOutcome()}. */
    public static final String RETRY_UNKNOWN_OUTCOME = HttpProviderSettings.RETRY_UNKNOWN_OUTCOME;

    private static final Set<String> KEYS = Set.of(CONNECT_TIMEOUT, REQUEST_TIMEOUT, ORIGIN_OVERRIDE, ALLOWED_HOSTS,
            RETRY_UNKNOWN_OUTCOME);

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public SlackChannelProvider() {
    }

    /**
     * Always {@value Channel#SLACK}.
     *
     * @return {@value Channel#SLACK}
     */
    @Override
    public String channelName() {
        return Channel.SLACK;
    }

    /**
     * Creates the Slack channel from the keys listed in the class description.
     *
     * @param settings the settings by key
     * @return the channel
     * @throws IllegalArgumentException if a key is unknown or a value bad; the message names the
     *         channel and the key
     */
    @Override
    public Channel create(Map<String, String> settings) {
        ProviderSettings s = ProviderSettings.of(Channel.SLACK, settings, KEYS);
        SlackSettings.Builder b = SlackSettings.custom();
        HttpProviderSettings.readCommon(s, b);
        HttpProviderSettings.readAllowedHosts(s, b::allowedHosts);
        s.optionalBool(RETRY_UNKNOWN_OUTCOME).ifPresent(b::retryUnknownOutcome);
        return SlackChannel.of(b.build());
    }
}
