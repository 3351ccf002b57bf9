package io.backupalarm.spring.boot;

import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ChannelProvider;
import io.backupalarm.spi.SecretResolver;
import io.backupalarm.text.SafeText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channels of an application: those created from {@code backup-alarm.channels.<name>.*} by
 * the {@link ChannelProvider} of that name found on the class path, and the host's own
 * {@link Channel} beans (a bean replaces a configured channel of the same name). The engine and the
 * verification service send through them. Closing this closes the channels it created, never the
 * host's beans; Spring closes it after the engine, so the engine's last sends finish first.
 *
 * <p><b>Thread safety.</b> Immutable once created; {@link #close()} is idempotent and thread-safe.
 */
public final class BackupAlarmChannels implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackupAlarmChannels.class);
    private static final Pattern KEY = Pattern.compile("channel setting '([^']*)'");

    private final Map<String, Channel> channels;
    private final List<Channel> created;
    private boolean closed;

    private BackupAlarmChannels(Map<String, Channel> channels, List<Channel> created) {
        this.channels = Map.copyOf(channels);
        this.created = List.copyOf(created);
    }

    /**
     * Creates the channels configured and adds the host's.
     *
     * @param settingsByChannel {@code backup-alarm.channels}: provider settings by channel name
     * @param hostChannels the host's channel beans
     * @param secrets the secrets the configured channels sign with, unless their settings name a
     *        source of their own
     * @param classLoader where to look for providers
     * @return the channels
     * @throws IllegalStateException naming the property, if no provider offers a channel named in
     *         the settings or a provider refuses its settings
     */
    public static BackupAlarmChannels create(Map<String, Map<String, String>> settingsByChannel,
                                             List<Channel> hostChannels, SecretResolver secrets,
                                             ClassLoader classLoader) {
        Map<String, ChannelProvider> providers = new LinkedHashMap<>();
        for (var handle : java.util.ServiceLoader.load(ChannelProvider.class, classLoader).stream().toList()) {
            try {
                ChannelProvider provider = handle.get();
                providers.put(provider.channelName(), provider);
            } catch (ServiceConfigurationError e) {
                throw new IllegalStateException("channel provider " + handle.type().getName()
                        + " could not be loaded: " + SafeText.describe(e), e);
            }
        }
        Map<String, Channel> hosts = new LinkedHashMap<>();
        hostChannels.forEach(channel -> hosts.put(channel.name(), channel));
        Map<String, Channel> all = new LinkedHashMap<>();
        List<Channel> created = new ArrayList<>();
        try {
            for (Map.Entry<String, Map<String, String>> entry : settingsByChannel.entrySet()) {
                String name = entry.getKey();
                String property = "backup-alarm.channels." + SafeText.printable(name);
                if (hosts.containsKey(name)) {
                    LOG.info("Channel '{}': the application's Channel bean replaces {}", SafeText.escape(name), property);
                    continue;
                }
                ChannelProvider provider = providers.get(name);
                if (provider == null) {
                    throw new IllegalStateException(property + ": no channel provider on the class path offers channel '"
                            + SafeText.escape(name) + "'; found: " + new TreeSet<>(providers.keySet()));
                }
                Channel channel;
                try {
                    channel = provider.create(entry.getValue(), secrets);
                } catch (RuntimeException e) {
                    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                    Matcher key = KEY.matcher(message);
                    String at = key.find() ? property + "." + key.group(1) : property;
                    throw new IllegalStateException(at + ": " + SafeText.escape(message), e);
                }
                created.add(channel);
                all.put(name, channel);
            }
        } catch (RuntimeException e) {
            created.forEach(BackupAlarmChannels::closeQuietly);
            throw e;
        }
        all.putAll(hosts);
        if (all.isEmpty()) {
            LOG.warn("No channel is configured (backup-alarm.channels): every notification will be a dead letter");
        } else {
            LOG.info("Channels installed: {}", new TreeSet<>(all.keySet()));
        }
        return new BackupAlarmChannels(all, created);
    }

    /**
     * The channels by name.
     *
     * @return an unmodifiable map
     */
    public Map<String, Channel> channels() {
        return channels;
    }

    /** Closes the channels created from properties; the host's channel beans stay open. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        created.forEach(BackupAlarmChannels::closeQuietly);
    }

    private static void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (Exception e) {
            LOG.warn("Channel '{}' failed to close", SafeText.escape(channel.name()), e);
        }
    }
}
