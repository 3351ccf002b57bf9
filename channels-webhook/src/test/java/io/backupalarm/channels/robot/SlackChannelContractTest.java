package io.backupalarm.channels.robot;

import io.backupalarm.spi.Channel;
import io.backupalarm.testkit.ChannelContractTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The Slack channel meets the channel contract")
final class SlackChannelContractTest extends ChannelContractTest {

    private final FakeSlack slack;

    SlackChannelContractTest() throws Exception {
        slack = new FakeSlack();
    }

    @AfterEach
    void stop() {
        channel().close();
        slack.close();
    }

    @Override
    protected Channel createChannel() {
        return SlackChannel.of(SlackSettings.custom().originOverride(slack.origin()).build());
    }

    @Override
    protected String deliverableAddress() {
        return FakeSlack.HOOK + "good";
    }

    @Override
    protected String refusedAddress() {
        return FakeSlack.HOOK + "gone-channel";
    }

    @Override
    protected int receivedCount(String address, String idempotencyKey) {
        return slack.acceptedCount(address, idempotencyKey);
    }
}
