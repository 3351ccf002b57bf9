package io.backupalarm.channels.sms;

import io.backupalarm.spi.Channel;
import io.backupalarm.testkit.ChannelContractTest;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The SMS channel over the webhook gateway meets the channel contract")
final class WebhookSmsChannelContractTest extends ChannelContractTest {

    private final FakeWebhookReceiver receiver;

    WebhookSmsChannelContractTest() throws Exception {
        receiver = new FakeWebhookReceiver(Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Override
    protected Channel createChannel() {
        return SmsChannel.of(SmsGateways.webhook(WebhookSmsSettings.custom()
                .url(receiver.url()).secret(FakeWebhookReceiver.SECRET).build()));
    }

    @Override
    protected String deliverableAddress() {
        return "+8613800138000";
    }

    @Override
    protected String refusedAddress() {
        return FakeWebhookReceiver.REFUSED_NUMBER;
    }

    @Override
    protected int receivedCount(String address, String idempotencyKey) {
        return receiver.acceptedCount(address, idempotencyKey);
    }
}
