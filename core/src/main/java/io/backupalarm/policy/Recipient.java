package io.backupalarm.policy;

import java.util.Comparator;
import java.util.Objects;

/**
 * One address on one channel: what receives a notification. Two recipients are equal when channel
 * and address are equal, so a set of recipients tells each address once per channel; the secret
 * id travels along but does not make a second recipient (the first path that reached the address
 * decides it).
 *
 * <p>Immutable and thread-safe.
 *
 * @param channel the channel name, such as {@code email}, {@code sms} or {@code dingtalk}
 * @param address the address on that channel, such as {@code alice@example.com},
 *        {@code +8613900139000} or a robot's URL
 * @param secret the id of the secret that signs requests to this address (never the secret itself,
 *        see {@link io.backupalarm.spi.SecretResolver}), or {@code null}
 */
public record Recipient(String channel, String address, String secret) implements Comparable<Recipient> {

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

    /**
     * A recipient whose requests are not signed.
     *
     * @param channel the channel name
     * @param address the address on that channel
     */
    public Recipient(String channel, String address) {
        this(channel, address, null);
    }

    /** Equal when channel and address are: the secret id is not part of the identity. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Recipient r && channel.equals(r.channel) && address.equals(r.address);
    }

    @Override
    public int hashCode() {
        return 31 * channel.hashCode() + address.hashCode();
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
