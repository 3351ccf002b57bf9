package io.backupalarm.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.config.Account;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactAddress;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.examples.docs.ChannelsSnippets;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.ManualTime;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.testkit.RecordingChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The chat channel, installed in the engine, is reached by policies")
final class ChatChannelPolicyTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private FakeChatTool chat;
    private ConfigurationStore store;
    private ManualClock clock;

    @BeforeEach
    void start() throws Exception {
        chat = new FakeChatTool();
        store = ConfigurationStore.inMemory();
        ConfigurationAdmin admin = ConfigurationAdmin.on(store);
        admin.createAccount(new Account("acme", EmailAddress.of("owner@acme.example"), null));
        admin.createVault(new Vault("v-prod", "acme"));
        admin.createInstance(new Instance("i-web1", "v-prod"));
        ChannelsSnippets.reachOpsRoom(admin);
        clock = new ManualClock(START);
    }

    @AfterEach
    void stop() {
        chat.close();
    }

    private AlarmEngine engine(Channel... channels) {
        AlarmEngine.Builder builder = AlarmEngine.builder()
                .configuration(store)
                .settings(AlarmSettings.custom().disconnectGracePeriod(Duration.ZERO).groupWait(Duration.ZERO).build())
                .manualTime(clock);
        for (Channel channel : channels) {
            builder.channel(channel);
        }
        return builder.build();
    }

    @Test
    @DisplayName("a FIRING message reaches the #ops room through the outbox, and a throttled post is retried after Retry-After")
    void firingReachesTheRoomAndIsRetried() {
        chat.throttleNext(1);
        try (ChatWebhookChannel room = ChatWebhookChannel.create(chat.url(), FakeChatTool.TOKEN, Duration.ofSeconds(5));
             AlarmEngine engine = engine(room)) {
            engine.report(new AlarmEvent.ClientDisconnected("i-web1", START));
            ManualTime.of(engine).runDue();

            // Throttled: a temporary failure, kept in the outbox; nothing posted yet.
            assertThat(chat.requests()).isEqualTo(1);
            assertThat(chat.posts()).isEmpty();
            assertThat(engine.deadLetters()).isEmpty();

            ManualTime.of(engine).advanceBy(Duration.ofSeconds(29));
            assertThat(chat.requests()).as("the chat tool asked for 30 seconds").isEqualTo(1);

            ManualTime.of(engine).advanceBy(Duration.ofSeconds(1));
            assertThat(chat.requests()).isEqualTo(2);
            assertThat(chat.posts()).singleElement().satisfies(post -> {
                assertThat(post.room()).isEqualTo("ops");
                assertThat(post.kind()).isEqualTo("FIRING");
                assertThat(post.text()).contains("i-web1");
            });
            assertThat(engine.deadLetters()).isEmpty();
        }
    }

    @Test
    @DisplayName("a room the chat tool does not know is a dead letter with the chat tool's answer")
    void unknownRoomIsDeadLettered() {
        ConfigurationAdmin admin = ConfigurationAdmin.on(store);
        admin.importContact(Contact.verified("c-nowhere", "acme", "Nowhere", null, null,
                List.of(ContactAddress.verified("chat", "#nowhere", null))));
        admin.setVaultPolicy("v-prod", VaultAlarmPolicy.customized(List.of("c-nowhere"), List.of()));
        try (ChatWebhookChannel room = ChatWebhookChannel.create(chat.url(), FakeChatTool.TOKEN, Duration.ofSeconds(5));
             AlarmEngine engine = engine(room)) {
            engine.report(new AlarmEvent.ClientDisconnected("i-web1", START));
            ManualTime.of(engine).runDue();

            assertThat(engine.deadLetters()).singleElement().satisfies(dead -> {
                assertThat(dead.message().channel()).isEqualTo("chat");
                assertThat(dead.message().address()).isEqualTo("#nowhere");
                assertThat(dead.lastError()).contains("404", "room_not_found");
            });
        }
    }

    @Test
    @DisplayName("without the chat channel installed, its message is a dead letter saying so, and the others are still told")
    void notInstalled() {
        ConfigurationAdmin admin = ConfigurationAdmin.on(store);
        admin.importContact(Contact.verified("c-alice", "acme", "Alice", EmailAddress.of("alice@acme.example"), null));
        admin.setVaultPolicy("v-prod", VaultAlarmPolicy.customized(List.of("c-ops-room", "c-alice"), List.of()));
        RecordingChannel email = new RecordingChannel(Channel.EMAIL, clock);
        try (AlarmEngine engine = engine(email)) {
            engine.report(new AlarmEvent.ClientDisconnected("i-web1", START));
            ManualTime.of(engine).runDue();

            assertThat(email.sent()).singleElement()
                    .satisfies(sent -> assertThat(sent.message().address()).isEqualTo("alice@acme.example"));
            assertThat(engine.deadLetters()).singleElement().satisfies(dead -> {
                assertThat(dead.message().channel()).isEqualTo("chat");
                assertThat(dead.lastError()).isEqualTo("no channel 'chat' is installed");
            });
            assertThat(chat.requests()).isZero();
        }
    }
}
