package io.backupalarm.channels.robot;

import io.backupalarm.channels.robot.internal.RobotProviderSettings;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ChannelProvider;
import io.backupalarm.spi.SecretResolver;
import java.util.Map;

/**
 * Creates the DingTalk custom robot channel ({@value Channel#DINGTALK}) from plain settings; listed in
 * {@code META-INF/services/io.backupalarm.spi.ChannelProvider}.
 *
 * <p>The settings are read by the rules every provider shares
 * ({@link io.backupalarm.spi.ProviderSettings}); all are optional:
 * <table>
 *   <caption>Settings read by the DingTalk custom robot channel provider</caption>
 *   <tr><th>Key</th><th>Value</th></tr>
 *   <tr><td>{@code allowed-hosts}</td><td>host names separated by commas, replacing the provider's
 *       own ({@link RobotSettings#allowedHosts()})</td></tr>
 *   <tr><td>{@code origin-override}</td><td>{@code scheme://host:port} to send to instead, keeping
 *       path and query ({@link RobotSettings#originOverride()})</td></tr>
 *   <tr><td>{@code connect-timeout}, {@code request-timeout}</td><td>ISO-8601 durations up to
 *       {@code PT5M}; defaults {@code PT5S} and {@code PT10S}</td></tr>
 *   <tr><td>{@code retry-unknown-outcome}</td><td>{@code true} or {@code false} (default), see
 *       {@link RobotSettings#retryUnknownOutcome()}</td></tr>
 *   <tr><td>{@code sends-per-minute}</td><td>0 (no client-side limit) to 1000; default the
 *       provider's documented limit</td></tr>
 *   <tr><td>{@code secrets-directory}</td><td>a directory of secret files
 *       ({@link io.backupalarm.spi.SecretResolver#directory(java.nio.file.Path)}); without it,
 *       secrets come from environment variables
 *       ({@link io.backupalarm.spi.SecretResolver#environment()})</td></tr>
 * </table>
 *
 * <p>Stateless and thread-safe.
 */
public final class DingTalkChannelProvider implements ChannelProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public DingTalkChannelProvider() {
    }

    /**
     * Always {@value Channel#DINGTALK}.
     *
     * @return {@value Channel#DINGTALK}
     */
    @Override
    public String channelName() {
        return Channel.DINGTALK;
    }

    /**
     * Creates the channel from the keys listed in the class description.
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
        RobotProviderSettings.Read read = RobotProviderSettings.read(Channel.DINGTALK, settings, secrets);
        return RobotChannels.dingTalk(read.settings(), read.secrets());
    }
}
