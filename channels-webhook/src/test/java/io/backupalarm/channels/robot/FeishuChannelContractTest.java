package io.backupalarm.channels.robot;

import io.backupalarm.spi.Channel;
import io.backupalarm.spi.SecretResolver;
import org.junit.jupiter.api.DisplayName;

/**
 * The contract sends 12 messages at once, more than Feishu's 5 a second, so the client-side limit
 * is off here (FeishuChannelTest covers it).
 */
@DisplayName("The Feishu bot channel meets the channel contract")
final class FeishuChannelContractTest extends RobotChannelContractTest {

    FeishuChannelContractTest() throws Exception {
        super(FakeRobot.Provider.FEISHU, "feishu-contract-secret");
    }

    @Override
    Channel createChannel(RobotSettings.Builder settings, SecretResolver secrets) {
        return RobotChannels.feishu(settings.sendsPerMinute(0).build(), secrets);
    }
}
