package io.backupalarm.channels.robot;

import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.SecretResolver;
import io.backupalarm.testkit.ChannelContractTest;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;

/** The fake robot counts the messages it posted by the Idempotency-Key header the channel sends. */
@DisplayName("The DingTalk robot channel meets the channel contract")
final class DingTalkChannelContractTest extends ChannelContractTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T08:00:00Z"));
    private final FakeRobot robot;
    private Channel channel;

    DingTalkChannelContractTest() throws Exception {
        robot = new FakeRobot(FakeRobot.Provider.DINGTALK, clock).robot("contract-robot", "SEC-contract-secret");
    }

    @AfterEach
    void stop() {
        channel.close();
        robot.close();
    }

    @Override
    protected Channel createChannel() {
        channel = RobotChannels.dingTalk(RobotSettings.custom().originOverride(robot.origin()).clock(clock).build(),
                SecretResolver.of(Map.of("contract", "SEC-contract-secret")));
        return channel;
    }

    @Override
    protected OutboundMessage message(String address) {
        OutboundMessage plain = super.message(address);
        Map<String, String> data = new HashMap<>(plain.data());
        data.put(OutboundMessage.DataKeys.SECRET, "contract");
        return new OutboundMessage(plain.idempotencyKey(), plain.channel(), plain.address(), plain.kind(),
                plain.locale(), plain.subject(), plain.text(), data);
    }

    @Override
    protected String deliverableAddress() {
        return robot.address("contract-robot");
    }

    @Override
    protected String refusedAddress() {
        return robot.address("removed-robot");
    }

    @Override
    protected int receivedCount(String address, String idempotencyKey) {
        return robot.acceptedCount(address, idempotencyKey);
    }
}
