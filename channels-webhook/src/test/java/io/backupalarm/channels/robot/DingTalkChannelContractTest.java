package io.backupalarm.channels.robot;

import io.backupalarm.spi.Channel;
import io.backupalarm.spi.SecretResolver;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The DingTalk robot channel meets the channel contract")
final class DingTalkChannelContractTest extends RobotChannelContractTest {

    DingTalkChannelContractTest() throws Exception {
        super(FakeRobot.Provider.DINGTALK, "SEC-contract-secret");
    }

    @Override
    Channel createChannel(RobotSettings.Builder settings, SecretResolver secrets) {
        return RobotChannels.dingTalk(settings.build(), secrets);
    }
}
