package io.backupalarm.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.testsupport.TestChannel;
import io.backupalarm.testsupport.TestChannelProvider;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Whoever creates a channel closes it: the engine closes the channels it discovered, never the host's. */
final class ChannelClosingTest {

    private static final Map<String, Map<String, String>> DISCOVER = Map.of(TestChannelProvider.NAME, Map.of());

    private static AlarmEngine.Builder builder() {
        return AlarmEngine.builder().configuration(ConfigurationStore.inMemory(Fixtures.configuration()));
    }

    private static TestChannel lastDiscovered() {
        List<TestChannel> created = TestChannelProvider.created();
        assertThat(created).as("channels the provider created").isNotEmpty();
        return created.get(created.size() - 1);
    }

    @Test
    @DisplayName("closing the engine closes a channel it discovered, once, and leaves a channel the host gave it open")
    void closesDiscoveredChannelsOnly() {
        TestChannel given = new TestChannel("email", Clock.systemUTC());
        AlarmEngine engine = builder().discoverChannels(DISCOVER).channel(given).build();
        TestChannel discovered = lastDiscovered();
        assertThat(discovered.closed()).as("closed while the engine runs").isZero();

        engine.close();
        engine.close();
        assertThat(discovered.closed()).isOne();
        assertThat(given.closed()).isZero();
    }

    @Test
    @DisplayName("a discovered channel replaced by one the host gives under the same name is closed with the engine too")
    void closesReplacedDiscoveredChannel() {
        TestChannel given = new TestChannel(TestChannelProvider.NAME, Clock.systemUTC());
        AlarmEngine engine = builder().manualTime(new ManualClock(Instant.EPOCH))
                .discoverChannels(DISCOVER).channel(given).build();
        TestChannel replaced = lastDiscovered();
        engine.close();
        assertThat(replaced.closed()).isOne();
        assertThat(given.closed()).isZero();
    }

    @Test
    @DisplayName("a provider whose channel has no settings in the map creates no channel")
    void onlyChannelsWithSettings() {
        int before = TestChannelProvider.created().size();
        builder().manualTime(new ManualClock(Instant.EPOCH)).discoverChannels(Map.of()).build().close();
        assertThat(TestChannelProvider.created()).hasSize(before);
    }

    @Test
    @DisplayName("settings for a channel that no provider offers (a misspelt name) fail the build and create nothing")
    void unknownChannelNameIsRefused() {
        int before = TestChannelProvider.created().size();
        assertThatThrownBy(() -> builder().discoverChannels(Map.of(TestChannelProvider.NAME, Map.of(), "emial", Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no channel provider offers channel 'emial'")
                .hasMessageContaining(TestChannelProvider.NAME);
        assertThat(TestChannelProvider.created()).hasSize(before);
    }

    @Test
    @DisplayName("a provider that cannot create its channel fails the build, naming the provider, the channel and why")
    void providerFailureNamesTheProvider() {
        assertThatThrownBy(() -> builder().discoverChannels(Map.of(TestChannelProvider.NAME, Map.of("fail", "yes"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(TestChannelProvider.class.getName())
                .hasMessageContaining("'" + TestChannelProvider.NAME + "'")
                .hasMessageContaining("setting 'fail' is not accepted");
    }
}
