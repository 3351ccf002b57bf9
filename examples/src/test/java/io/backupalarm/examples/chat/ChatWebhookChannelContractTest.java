package io.backupalarm.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.spi.Channel;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.testkit.ChannelContractTest;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The chat webhook channel meets the channel contract")
final class ChatWebhookChannelContractTest extends ChannelContractTest {

    private final FakeChatTool chat;

    ChatWebhookChannelContractTest() throws Exception {
        chat = new FakeChatTool();
    }

    @AfterEach
    void stop() {
        chat.close();
    }

    @Override
    protected Channel createChannel() {
        return ChatWebhookChannel.create(chat.url(), FakeChatTool.TOKEN, Duration.ofSeconds(5));
    }

    @Override
    protected String deliverableAddress() {
        return "backups";
    }

    @Override
    protected String refusedAddress() {
        return "no-such-room";
    }

    @Override
    protected int receivedCount(String address, String idempotencyKey) {
        return chat.postedCount(address, idempotencyKey);
    }

    @Test
    @DisplayName("a message handed over twice with the same key is posted once")
    void repeatsArePostedOnce() {
        OutboundMessage message = message("ops-oncall");
        assertThat(channel().send(message)).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(channel().send(message)).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(chat.postedCount("ops-oncall", message.idempotencyKey())).isEqualTo(1);
    }

    @Test
    @DisplayName("a throttled post is a temporary failure that carries the chat tool's Retry-After")
    void throttlingIsTemporary() {
        chat.throttle();
        DeliveryResult result = channel().send(message("backups"));
        assertThat(result).isInstanceOfSatisfying(DeliveryResult.TemporaryFailure.class, failure -> {
            assertThat(failure.retryAfter()).contains(Duration.ofSeconds(30));
            assertThat(failure.reason()).contains("429").contains("rate_limited");
        });
    }

    @Test
    @DisplayName("a refused token is a permanent failure whose reason never shows the token")
    void badTokenIsPermanentAndSecret() {
        Channel wrongToken = ChatWebhookChannel.create(chat.url(), "wrong-token-9876543210", Duration.ofSeconds(5));
        DeliveryResult result = wrongToken.send(message("backups"));
        assertThat(result).isInstanceOfSatisfying(DeliveryResult.PermanentFailure.class, failure ->
                assertThat(failure.reason()).contains("401").doesNotContain("wrong-token"));
    }

    @Test
    @DisplayName("a chat tool that cannot be reached is a temporary failure, not an exception")
    void unreachableIsTemporary() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Channel unreachable = ChatWebhookChannel.create(URI.create("http://127.0.0.1:" + closedPort + "/hooks"),
                FakeChatTool.TOKEN, Duration.ofSeconds(2));
        assertThat(unreachable.send(message("backups"))).isInstanceOf(DeliveryResult.TemporaryFailure.class);
    }
}
