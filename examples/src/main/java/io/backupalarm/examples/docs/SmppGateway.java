package io.backupalarm.examples.docs;

import io.backupalarm.channels.sms.SmsGateway;
import io.backupalarm.channels.sms.SmsRequest;
import io.backupalarm.examples.docs.SmppClient.InvalidDestinationException;
import io.backupalarm.examples.docs.SmppClient.ThrottledException;
import io.backupalarm.spi.DeliveryResult;

/**
 * The gateway of its own that {@code docs/channels-sms.md} writes: it hands each text to an
 * SMPP library's client and classifies the client's answers.
 */
final class SmppGateway implements SmsGateway {
    private final SmppClient client;   // your SMPP library's client

    /**
     * Creates the gateway.
     *
     * @param client the SMPP library's client
     */
    SmppGateway(SmppClient client) {
        this.client = client;
    }

    /** {@inheritDoc} */
    @Override public String name() { return "smpp"; }

    /** {@inheritDoc} */
    @Override public DeliveryResult send(SmsRequest request) {
        try {
            String id = client.submit(request.to(), request.text(), request.idempotencyKey());
            return DeliveryResult.delivered(id);
        } catch (ThrottledException e) {
            return DeliveryResult.temporaryFailure("smpp: throttled", e.retryAfter());
        } catch (InvalidDestinationException e) {
            return DeliveryResult.permanentFailure("smpp: " + request.to() + " refused: " + e.code());
        }
    }
}
