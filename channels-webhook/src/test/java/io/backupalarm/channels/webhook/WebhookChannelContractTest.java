package io.backupalarm.channels.webhook;

import io.backupalarm.spi.Channel;
import io.backupalarm.testkit.ChannelContractTest;
import java.net.URI;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The webhook channel meets the channel contract")
final class WebhookChannelContractTest extends ChannelContractTest {

    private final FakeWebhookReceiver receiver;

    WebhookChannelContractTest() throws Exception {
        receiver = new FakeWebhookReceiver(Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        channel().close();
        receiver.close();
    }

    @Override
    protected Channel createChannel() {
        return WebhookChannel.of(WebhookSettings.custom().originOverride(receiver.origin()).build());
    }

    @Override
    protected String deliverableAddress() {
        return "https://hooks.example.com/alarms/ops";
    }

    @Override
    protected String refusedAddress() {
        return "https://hooks.example.com/gone";
    }

    @Override
    protected int receivedCount(String address, String idempotencyKey) {
        return receiver.acceptedCount(URI.create(address).getPath(), idempotencyKey);
    }
}
