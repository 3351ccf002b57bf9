package io.backupalarm.channels.email;

import io.backupalarm.spi.Channel;
import io.backupalarm.testkit.ChannelContractTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The email channel meets the channel contract against a real SMTP conversation")
final class EmailChannelContractTest extends ChannelContractTest {

    private ScriptedSmtpServer server;
    private EmailChannel channel;

    @Override
    protected Channel createChannel() throws Exception {
        server = new ScriptedSmtpServer().refuse("nobody@backup.example");
        channel = EmailChannel.create(TestMessages.plain(server.port()).build());
        return channel;
    }

    @Override
    protected String deliverableAddress() {
        return "ops@backup.example";
    }

    @Override
    protected String refusedAddress() {
        return "nobody@backup.example";
    }

    @Override
    protected int receivedCount(String address, String idempotencyKey) throws Exception {
        return server.countFor(address, idempotencyKey);
    }

    @AfterEach
    void closeServer() throws Exception {
        channel.close();
        server.close();
    }
}
