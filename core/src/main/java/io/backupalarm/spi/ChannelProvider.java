package io.backupalarm.spi;

import java.util.Map;

/**
 * Creates a {@link Channel} from plain settings; the {@link java.util.ServiceLoader} entry point
 * for channels.
 *
 * <p>A channel module lists its provider in
 * {@code META-INF/services/io.backupalarm.spi.ChannelProvider}. A host that discovers channels
 * gives each provider the settings it keeps for that channel name (for example read from a
 * properties file); each provider documents the keys it reads.
 *
 * <p><b>Settings.</b> Read them with {@link ProviderSettings}, so that every channel's settings
 * are written the same way: kebab-case keys, ISO-8601 durations, unknown keys and old spellings
 * rejected with the right one, and every message naming the channel and the key, never the value
 * of a secret:
 *
 * <pre>{@code
 * public Channel create(Map<String, String> settings) {
 *     ProviderSettings s = ProviderSettings.of(channelName(), settings, Set.of("url", "token", "timeout"));
 *     return ChatChannel.create(s.string("url"), s.string("token"),
 *             s.optionalDuration("timeout").orElse(Duration.ofSeconds(5)));
 * }
 * }</pre>
 *
 * <p><b>Thread safety.</b> Implementations must be stateless or thread-safe.
 */
public interface ChannelProvider {

    /**
     * The name of the channel this provider creates.
     *
     * @return a non-blank name, equal to {@link Channel#name()} of the channels it creates
     */
    String channelName();

    /**
     * Creates a channel from settings.
     *
     * @param settings the provider's settings by key; never {@code null}, may be empty
     * @return a new channel, never {@code null}; the caller closes it ({@link Channel#close()})
     * @throws IllegalArgumentException if a key is unknown, a required setting is missing or a
     *         value is invalid; the message names the channel and the key (never the value of a
     *         secret)
     */
    Channel create(Map<String, String> settings);

    /**
     * Creates a channel whose requests are signed with secrets from the given resolver, unless
     * its settings name a source of their own (a host builds every configured channel with its one
     * {@link SecretResolver}). A provider whose channel signs nothing need not override this; by
     * default it ignores the resolver.
     *
     * @param settings the provider's settings, as for {@link #create(Map)}
     * @param secrets where the channel finds the secrets that contacts' addresses name
     * @return a new channel; the caller closes it
     * @throws IllegalArgumentException if the settings are invalid
     */
    default Channel create(Map<String, String> settings, SecretResolver secrets) {
        return create(settings);
    }
}
