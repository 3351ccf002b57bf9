package io.backupalarm.config;

import io.backupalarm.internal.Checks;
import io.backupalarm.spi.Channel;
import io.backupalarm.text.SafeText;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.Set;

/**
 * An address of a contact on a channel other than email and SMS: a webhook, a chat robot, or a
 * channel of the host's own. Like an email or a mobile it must be verified (a code is sent over the
 * channel and typed back) before it receives alarms.
 *
 * <p>The built-in HTTP channels ({@code webhook}, {@code dingtalk}, {@code wecom}, {@code feishu},
 * {@code slack}) take an {@code https} URL as their address; a host's channel takes any printable
 * text up to 2,048 characters. Requests to a robot are signed with a secret that is not
 * configuration: the address names it by id and a {@link io.backupalarm.spi.SecretResolver}
 * supplies it when a message is sent.
 *
 * <p>Immutable and thread-safe.
 *
 * @param channel the channel name: {@code [a-z][a-z0-9-]{0,31}}, not {@code email} or {@code sms}
 * @param address the target on that channel, such as a robot's URL
 * @param secret the id of the secret that signs requests to this address, or {@code null}
 * @param verified whether the address has been verified
 */
public record ContactAddress(String channel, String address, String secret, boolean verified) {

    /** The most characters an address may have. */
    public static final int MAX_ADDRESS_LENGTH = 2048;

    /** The built-in channels whose addresses are {@code https} URLs. */
    public static final Set<String> HTTPS_CHANNELS =
            Set.of(Channel.WEBHOOK, Channel.DINGTALK, Channel.WECOM, Channel.FEISHU, Channel.SLACK);

    /** Validates the address; the message names the channel and what is wrong. */
    public ContactAddress {
        checkChannel(channel);
        Objects.requireNonNull(address, "address");
        if (address.isBlank() || address.length() > MAX_ADDRESS_LENGTH) {
            throw new IllegalArgumentException(channel + " address must be 1 to " + MAX_ADDRESS_LENGTH
                    + " characters, not " + address.length());
        }
        if (!address.strip().equals(address) || address.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(channel + " address '" + SafeText.printable(address)
                    + "' has leading or trailing spaces or a control character");
        }
        if (HTTPS_CHANNELS.contains(channel)) {
            checkHttps(channel, address);
        }
        if (secret != null) {
            Checks.id(secret, channel + " address secret");
        }
    }

    /**
     * An address that is not verified yet.
     *
     * @param channel the channel name
     * @param address the target on that channel
     * @param secret the secret id, or {@code null}
     * @return the address
     */
    public static ContactAddress unverified(String channel, String address, String secret) {
        return new ContactAddress(channel, address, secret, false);
    }

    /**
     * An address that has been verified (kept in a configuration file, or migrated).
     *
     * @param channel the channel name
     * @param address the target on that channel
     * @param secret the secret id, or {@code null}
     * @return the address
     */
    public static ContactAddress verified(String channel, String address, String secret) {
        return new ContactAddress(channel, address, secret, true);
    }

    /**
     * A copy marked verified.
     *
     * @return the verified copy
     */
    public ContactAddress asVerified() {
        return new ContactAddress(channel, address, secret, true);
    }

    /**
     * Whether this address is the same target as another: the same channel and address, whatever
     * the secret and verification.
     *
     * @param channelName a channel name
     * @param target an address on that channel
     * @return {@code true} for the same channel and address
     */
    public boolean sameTarget(String channelName, String target) {
        return channel.equals(channelName) && address.equals(target);
    }

    /**
     * Checks a channel name for a further address.
     *
     * @param channel the name
     * @return the name
     * @throws IllegalArgumentException if it is not {@code [a-z][a-z0-9-]{0,31}} or names email or SMS
     */
    public static String checkChannel(String channel) {
        Objects.requireNonNull(channel, "channel");
        if (!isChannelName(channel)) {
            throw new IllegalArgumentException("channel '" + SafeText.printable(channel)
                    + "' is not a valid channel name (a lower-case letter, then up to 31 lower-case letters, digits or '-')");
        }
        if (channel.equals(Channel.EMAIL) || channel.equals(Channel.SMS)) {
            throw new IllegalArgumentException("channel '" + channel + "' is kept in the contact's "
                    + (channel.equals(Channel.EMAIL) ? "email" : "mobile") + ", not in its further addresses");
        }
        return channel;
    }

    private static boolean isChannelName(String name) {
        int length = name.length();
        if (length < 1 || length > 32 || name.charAt(0) < 'a' || name.charAt(0) > 'z') {
            return false;
        }
        for (int i = 1; i < length; i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static void checkHttps(String channel, String address) {
        URI uri;
        try {
            uri = new URI(address);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(channel + " address '" + SafeText.printable(address)
                    + "' is not a URL: " + SafeText.printable(e.getReason()));
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(channel + " address '" + SafeText.printable(address)
                    + "' must be an https URL with a host (no user info, no fragment)");
        }
    }
}
