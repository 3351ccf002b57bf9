package io.backupalarm.testkit;

import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.spi.Channel;
import java.time.Instant;

/** The test kit's own recording channel passes the channel contract. */
final class RecordingChannelContractTest extends ChannelContractTest {

    private RecordingChannel channel;

    @Override
    protected Channel createChannel() {
        channel = new RecordingChannel("chat", new ManualClock(Instant.EPOCH));
        channel.refuse("refused-room");
        channel.refuse("not an address\r\nBcc: x");
        return channel;
    }

    @Override
    protected String deliverableAddress() {
        return "room-1";
    }

    @Override
    protected String refusedAddress() {
        return "refused-room";
    }

    @Override
    protected int receivedCount(String address, String idempotencyKey) {
        return channel.count(address, idempotencyKey);
    }
}
