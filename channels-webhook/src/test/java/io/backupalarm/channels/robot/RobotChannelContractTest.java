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

/**
 * A robot channel against the channel contract: the fake robot counts the messages it posted by the
 * Idempotency-Key header the channel sends. A robot with a signing secret gets its id on every
 * message, as the engine puts it there.
 */
abstract class RobotChannelContractTest extends ChannelContractTest {

    private static final String SECRET_ID = "contract";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T08:00:00Z"));
    private final FakeRobot robot;
    private final String secret;

    RobotChannelContractTest(FakeRobot.Provider provider, String secret) throws Exception {
        this.robot = new FakeRobot(provider, clock).robot("contract-robot", secret);
        this.secret = secret;
    }

    /**
     * The channel under test.
     *
     * @param settings sending to the fake robot, on the test's clock
     * @param secrets the robot's secret under its id, or none for a robot without one
     * @return the channel
     */
    abstract Channel createChannel(RobotSettings.Builder settings, SecretResolver secrets);

    @AfterEach
    void stop() {
        channel().close();
        robot.close();
    }

    @Override
    protected final Channel createChannel() {
        return createChannel(RobotSettings.custom().originOverride(robot.origin()).clock(clock),
                secret == null ? SecretResolver.none() : SecretResolver.of(Map.of(SECRET_ID, secret)));
    }

    @Override
    protected final OutboundMessage message(String address) {
        OutboundMessage plain = super.message(address);
        if (secret == null) {
            return plain;
        }
        Map<String, String> data = new HashMap<>(plain.data());
        data.put(OutboundMessage.DataKeys.SECRET, SECRET_ID);
        return new OutboundMessage(plain.idempotencyKey(), plain.channel(), plain.address(), plain.kind(),
                plain.locale(), plain.subject(), plain.text(), data);
    }

    @Override
    protected final String deliverableAddress() {
        return robot.address("contract-robot");
    }

    @Override
    protected final String refusedAddress() {
        return robot.address("removed-robot");
    }

    @Override
    protected final int receivedCount(String address, String idempotencyKey) {
        return robot.acceptedCount(address, idempotencyKey);
    }
}
