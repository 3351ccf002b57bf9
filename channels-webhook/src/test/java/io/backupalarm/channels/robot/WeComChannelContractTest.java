package io.backupalarm.channels.robot;

import io.backupalarm.spi.Channel;
import io.backupalarm.spi.SecretResolver;
import org.junit.jupiter.api.DisplayName;

/** WeCom robots sign nothing: the key in the URL is the credential. */
@DisplayName("The WeCom robot channel meets the channel contract")
final class WeComChannelContractTest extends RobotChannelContractTest {

    WeComChannelContractTest() throws Exception {
        super(FakeRobot.Provider.WECOM, null);
    }

    @Override
    Channel createChannel(RobotSettings.Builder settings, SecretResolver secrets) {
        return RobotChannels.weCom(settings.build(), secrets);
    }
}
