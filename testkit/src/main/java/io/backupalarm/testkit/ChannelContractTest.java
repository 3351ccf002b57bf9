package io.backupalarm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.spi.Channel;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Channel} must meet. An integrator extends this class in their own
 * tests, points it at a real receiving end (a mail server, an HTTP server on loopback playing
 * the provider), and runs it:
 *
 * <pre>{@code
 * final class ChatChannelContractTest extends ChannelContractTest {
 *     protected Channel createChannel() { return new ChatChannel(server.url()); }
 *     protected String deliverableAddress() { return "room-1"; }
 *     protected String refusedAddress() { return "no-such-room"; }
 *     protected int receivedCount(String address, String idempotencyKey) {
 *         return server.countFor(address, idempotencyKey);
 *     }
 * }
 * }</pre>
 *
 * <p>Not thread-safe; JUnit creates one instance per test.
 */
public abstract class ChannelContractTest {

    private Channel channel;

    /** Creates the test; subclasses need no constructor of their own. */
    protected ChannelContractTest() {
    }

    /**
     * A fresh channel for one test, sending to the receiving end set up by the subclass.
     *
     * @return the channel under test
     * @throws Exception if it cannot be created
     */
    protected abstract Channel createChannel() throws Exception;

    /**
     * An address that the receiving end accepts.
     *
     * @return an address on this channel
     */
    protected abstract String deliverableAddress();

    /**
     * A well-formed address that the channel or its provider refuses for good (a mailbox the
     * server rejects, a number the gateway calls invalid).
     *
     * @return an address on this channel
     */
    protected abstract String refusedAddress();

    /**
     * How many messages with this idempotency key the receiving end got for the address.
     *
     * @param address the address
     * @param idempotencyKey the key the message was sent with
     * @return the count seen at the receiving end
     * @throws Exception if the receiving end cannot be read
     */
    protected abstract int receivedCount(String address, String idempotencyKey) throws Exception;

    /**
     * A message to an address, with a key no other message has.
     *
     * @param address the address
     * @return a firing message with plain English text
     */
    protected OutboundMessage message(String address) {
        return new OutboundMessage("test-" + UUID.randomUUID(), channel.name(), address,
                OutboundMessage.Kind.FIRING, Locale.ENGLISH,
                "Backup client i-web1 disconnected", "Backup client i-web1 has been disconnected since 01:00 UTC.",
                Map.of(OutboundMessage.DataKeys.ALARM, "CLIENT_DISCONNECTED",
                        OutboundMessage.DataKeys.INSTANCE, "i-web1",
                        OutboundMessage.DataKeys.VAULT, "v-prod",
                        OutboundMessage.DataKeys.ACCOUNT, "acct-1"));
    }

    @BeforeEach
    void createChannelUnderTest() throws Exception {
        channel = createChannel();
        assertThat(channel).as("createChannel()").isNotNull();
    }

    /**
     * The channel under test.
     *
     * @return the channel created for this test
     */
    protected final Channel channel() {
        return channel;
    }

    @Test
    @DisplayName("a channel has a non-blank name that does not change")
    void nameIsStable() {
        assertThat(channel.name()).isNotBlank();
        assertThat(channel.name()).isEqualTo(channel.name());
    }

    @Test
    @DisplayName("a message to a deliverable address is delivered and arrives once")
    void deliversOnce() throws Exception {
        OutboundMessage message = message(deliverableAddress());
        DeliveryResult result = channel.send(message);
        assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(receivedCount(message.address(), message.idempotencyKey())).isEqualTo(1);
    }

    @Test
    @DisplayName("a refused address is a permanent failure with a reason, not an exception")
    void refusedAddressIsPermanent() throws Exception {
        OutboundMessage message = message(refusedAddress());
        DeliveryResult result = channel.send(message);
        assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
        assertThat(((DeliveryResult.PermanentFailure) result).reason()).isNotBlank();
        assertThat(receivedCount(message.address(), message.idempotencyKey())).isZero();
    }

    @Test
    @DisplayName("a malformed address is a failure result, never an exception or a delivery")
    void malformedAddressIsAFailure() {
        DeliveryResult result = channel.send(message("not an address\r\nBcc: x"));
        assertThat(result).isNotNull().isNotInstanceOf(DeliveryResult.Delivered.class);
    }

    @Test
    @DisplayName("messages sent from several threads at once are each delivered once")
    void concurrentSends() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<OutboundMessage> messages = new ArrayList<>();
            List<Future<DeliveryResult>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                OutboundMessage message = message(deliverableAddress());
                messages.add(message);
                results.add(pool.submit(() -> channel.send(message)));
            }
            for (Future<DeliveryResult> result : results) {
                assertThat(result.get()).isInstanceOf(DeliveryResult.Delivered.class);
            }
            for (OutboundMessage message : messages) {
                assertThat(receivedCount(message.address(), message.idempotencyKey())).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
