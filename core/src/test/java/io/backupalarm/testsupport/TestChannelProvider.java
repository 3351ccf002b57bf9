package io.backupalarm.testsupport;

import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ChannelProvider;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A provider of {@link TestChannel}s named {@value #NAME}, found through {@code META-INF/services}
 * of core's test resources; it keeps every channel it created, for tests to look at. A setting
 * {@code fail} makes it refuse, as a provider does with a bad setting. Thread-safe.
 */
public final class TestChannelProvider implements ChannelProvider {

    public static final String NAME = "discovered";

    private static final List<TestChannel> CREATED = new CopyOnWriteArrayList<>();

    /** The channels created so far, oldest first. */
    public static List<TestChannel> created() {
        return List.copyOf(CREATED);
    }

    @Override
    public String channelName() {
        return NAME;
    }

    @Override
    public Channel create(Map<String, String> settings) {
        if (settings.containsKey("fail")) {
            throw new IllegalArgumentException("setting 'fail' is not accepted");
        }
        TestChannel channel = new TestChannel(NAME, Clock.systemUTC());
        CREATED.add(channel);
        return channel;
    }
}
