package io.backupalarm.channels.robot;

import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.SecretResolver;
import io.backupalarm.testkit.ChannelContractTest;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;

/** The fake robot counts the messages it posted by the Idempotency-Key header the channel sends. */
@DisplayName("The WeCom robot channel meets the channel contract")
final class WeComChannelContractTest extends ChannelContractTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T08:00:00Z"));
    private final FakeRobot robot;
    private Channel channel;

    WeComChannelContractTest() throws Exception {
        robot = new FakeRobot(FakeRobot.Provider.WECOM, clock).robot("contract-robot", null);
    }

    @AfterEach
    void stop() {
        channel.close();
        robot.close();
    }

    @Override
    protected Channel createChannel() {
        channel = RobotChannels.weCom(RobotSettings.custom().originOverride(robot.origin()).clock(clock).build(),
                SecretResolver.none());
        return channel;
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
