package io.backupalarm.policy;

import java.util.Comparator;
import java.util.Objects;

/**
 * One address on one channel: what receives a notification. Two recipients are equal when channel
 * and address are equal, so a set of recipients tells each address once per channel.
 *
 * <p>Immutable and thread-safe.
 *
 * @param channel the channel name, such as {@code email} or {@code sms}
 * @param address the address on that channel, such as {@code alice@example.com} or
 *        {@code +8613900139000}
 */
public record Recipient(String channel, String address) implements Comparable<Recipient> {

    private static final Comparator<Recipient> ORDER =
            Comparator.comparing(Recipient::channel).thenComparing(Recipient::address);

    /** Validates the fields. */
    public Recipient {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(address, "address");
        if (channel.isBlank() || address.isBlank()) {
            throw new IllegalArgumentException("recipient channel and address must not be blank");
        }
    }

    /** Orders by channel, then address. */
    @Override
    public int compareTo(Recipient other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return channel + ":" + address;
    }
}
