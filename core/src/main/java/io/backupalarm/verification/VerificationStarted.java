package io.backupalarm.verification;

import io.backupalarm.spi.DeliveryResult;
import java.time.Instant;
import java.util.Objects;

/**
 * A code was generated and handed to the channel.
 *
 * @param contactId the contact
 * @param channel {@code email}, {@code sms} or the channel of a further address
 * @param address the address the code went to
 * @param expiresAt when the code stops being valid
 * @param delivery what the channel answered; unless delivered, the code was discarded and a new
 *        one may be asked for at once
 *
 * <p>Immutable and thread-safe.
 */
public record VerificationStarted(String contactId, String channel, String address, Instant expiresAt,
                                  DeliveryResult delivery) {

    /** Validates the fields. */
    public VerificationStarted {
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(delivery, "delivery");
    }

    /** @return whether the channel accepted the code */
    public boolean delivered() {
        return delivery instanceof DeliveryResult.Delivered;
    }
}
