package io.backupalarm.channels.robot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ChannelProvider;
import io.backupalarm.spi.DeliveryResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The robot channel providers")
final class RobotChannelProvidersTest {

    private static Map<String, ChannelProvider> providers() {
        Map<String, ChannelProvider> found = new TreeMap<>();
        ServiceLoader.load(ChannelProvider.class).forEach(p -> found.put(p.channelName(), p));
        return found;
    }

    @Test
    @DisplayName("ServiceLoader finds dingtalk, wecom and feishu, each creating a channel of its name")
    void discovered() {
        Map<String, ChannelProvider> found = providers();
        assertThat(found).containsKeys("dingtalk", "wecom", "feishu");
        for (String name : new String[] {"dingtalk", "wecom", "feishu"}) {
            try (Channel channel = found.get(name).create(Map.of())) {
                assertThat(channel.name()).isEqualTo(name);
            }
        }
    }

    @Test
    @DisplayName("settings are read the shared way: unknown keys, old spellings and bad values name the channel and key")
    void badSettings() {
        ChannelProvider ding = providers().get("dingtalk");
        assertThatThrownBy(() -> ding.create(Map.of("originOverride", "http://127.0.0.1:1")))
                .hasMessageContaining("'originOverride' is no longer accepted: use 'origin-override'");
        assertThatThrownBy(() -> ding.create(Map.of("origin-override", "http://127.0.0.1:1/robot")))
                .hasMessageStartingWith("dingtalk channel setting 'origin-override':");
        assertThatThrownBy(() -> ding.create(Map.of("request-timeout", "10s")))
                .hasMessageContaining("write 'PT10S'");
        assertThatThrownBy(() -> ding.create(Map.of("sends-per-minute", "5000")))
                .hasMessageContaining("'sends-per-minute'").hasMessageContaining("0 to 1000");
        assertThatThrownBy(() -> ding.create(Map.of("allowed-hosts", "oapi.dingtalk.com, bad host")))
                .hasMessageContaining("'allowed-hosts'").hasMessageContaining("bad host");
        assertThatThrownBy(() -> ding.create(Map.of("secrets-directory", "/no/such/directory")))
                .hasMessageContaining("'secrets-directory'").hasMessageContaining("not a directory");
    }

    @Test
    @DisplayName("an origin override and a secrets directory from settings reach a signing robot")
    void fromSettings(@TempDir Path secrets) throws Exception {
        ManualClock clock = new ManualClock(Instant.now());
        Files.writeString(secrets.resolve("ding-ops"), DingTalkChannelTest.SECRET + "\n");
        try (FakeRobot ding = new FakeRobot(FakeRobot.Provider.DINGTALK, clock).robot("tok", DingTalkChannelTest.SECRET);
                Channel channel = providers().get("dingtalk").create(Map.of("origin-override", ding.origin(),
                        "secrets-directory", secrets.toString(), "request-timeout", "PT5S", "retry-unknown-outcome", "false",
                        "sends-per-minute", "10", "allowed-hosts", "oapi.dingtalk.com"))) {
            assertThat(channel.send(Messages.firing("dingtalk", ding.address("tok"), "ding-ops")))
                    .isInstanceOf(DeliveryResult.Delivered.class);
        }
    }
}
