package io.backupalarm.examples.docs;

import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactAddress;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.examples.chat.ChatWebhookChannel;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.spi.ConfigurationStore;
import java.net.URI;
import java.time.Duration;
import java.util.List;

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

    /**
     * Makes the {@code #ops} room of the chat channel a contact of the account {@code acme}, and
     * the one the vault {@code v-prod} tells.
     *
     * @param admin the configuration to change
     */
    public static void reachOpsRoom(ConfigurationAdmin admin) {
        admin.importContact(Contact.verified("c-ops-room", "acme", "Ops room", null, null,
                List.of(ContactAddress.verified("chat", "#ops", null))));
        admin.setVaultPolicy("v-prod", VaultAlarmPolicy.customized(List.of("c-ops-room"), List.of()));
    }
}
