package io.backupalarm.examples.docs;

import io.backupalarm.examples.chat.ChatWebhookChannel;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.spi.ConfigurationStore;
import java.net.URI;
import java.time.Duration;

/** The code shown in {@code docs/channels.md}. */
public final class ChannelsSnippets {

    private ChannelsSnippets() {
    }

    /**
     * An engine with a channel of the host's own, registered by hand.
     *
     * @param store the configuration
     * @param webhook the chat tool's incoming-webhook URL
     * @param token the bearer token the chat tool issued
     * @return the engine; the caller closes it
     */
    public static AlarmEngine register(ConfigurationStore store, URI webhook, String token) {
        AlarmEngine engine = AlarmEngine.builder().configuration(store)
                .channel(ChatWebhookChannel.create(webhook, token, Duration.ofSeconds(5))).build();
        return engine;
    }
}
