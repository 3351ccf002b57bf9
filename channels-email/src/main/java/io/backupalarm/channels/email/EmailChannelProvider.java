package io.backupalarm.channels.email;

import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ChannelProvider;
import io.backupalarm.spi.ProviderSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Creates an {@link EmailChannel} from plain settings; registered for
 * {@link java.util.ServiceLoader} in {@code META-INF/services/io.backupalarm.spi.ChannelProvider}.
 *
 * <p>The settings are read by the rules every provider shares ({@link ProviderSettings}): keys
 * in kebab-case, durations in ISO-8601 ({@code PT10S}), a blank value counts as absent, an
 * unknown key or an old spelling ({@code smtp.host}, {@code smtpHost}) is rejected with the right
 * one, and every message names the channel and the key.
 * <table>
 *   <caption>Keys read by the email channel provider</caption>
 *   <tr><th>Key</th><th>Setting</th><th>Default</th></tr>
 *   <tr><td>{@value #HOST}</td><td>{@link EmailSettings.Builder#host(String)}</td><td>required</td></tr>
 *   <tr><td>{@value #PORT}</td><td>{@link EmailSettings.Builder#port(int)}, 1 to 65535</td>
 *       <td>25, 587 or 465 by security</td></tr>
 *   <tr><td>{@value #SECURITY}</td><td>{@link EmailSettings.Builder#security(SmtpSecurity)}:
 *       {@code none}, {@code starttls} or {@code tls}</td><td>{@code starttls}</td></tr>
 *   <tr><td>{@value #USERNAME}</td><td>{@link EmailSettings.Builder#username(String)}</td><td>none</td></tr>
 *   <tr><td>{@value #PASSWORD}</td><td>{@link EmailSettings.Builder#password(String)}</td><td>none</td></tr>
 *   <tr><td>{@value #CONNECT_TIMEOUT}</td><td>{@link EmailSettings.Builder#connectTimeout(Duration)}</td>
 *       <td>{@code PT10S}</td></tr>
 *   <tr><td>{@value #READ_TIMEOUT}</td><td>{@link EmailSettings.Builder#readTimeout(Duration)}</td>
 *       <td>{@code PT30S}</td></tr>
 *   <tr><td>{@value #IDLE_TIMEOUT}</td><td>{@link EmailSettings.Builder#idleTimeout(Duration)}</td>
 *       <td>{@code PT30S}</td></tr>
 *   <tr><td>{@value #EHLO_NAME}</td><td>{@link EmailSettings.Builder#ehloName(String)}</td><td>local host name</td></tr>
 *   <tr><td>{@value #MAX_MESSAGES_PER_CONNECTION}</td>
 *       <td>{@link EmailSettings.Builder#maxMessagesPerConnection(int)}, 1 to 10000</td><td>100</td></tr>
 *   <tr><td>{@value #MAX_CONNECTIONS}</td><td>{@link EmailSettings.Builder#maxConnections(int)}, 1 to 64</td>
 *       <td>2</td></tr>
 *   <tr><td>{@value #FROM}</td><td>{@link EmailSettings.Builder#from(String)}</td><td>required</td></tr>
 *   <tr><td>{@value #FROM_NAME}</td><td>{@link EmailSettings.Builder#fromName(String)}</td><td>none</td></tr>
 *   <tr><td>{@value #REPLY_TO}</td><td>{@link EmailSettings.Builder#replyTo(String)}</td><td>none</td></tr>
 * </table>
 *
 * <p>Stateless and thread-safe.
 */
public final class EmailChannelProvider implements ChannelProvider {

    /** Key of the SMTP host. */
    public static final String HOST = "smtp-host";
    /** Key of the SMTP port. */
    public static final String PORT = "smtp-port";
    /** Key of the security mode: {@code none}, {@code starttls} or {@code tls}. */
    public static final String SECURITY = "smtp-security";
    /** Key of the user name for SMTP authentication. */
    public static final String USERNAME = "smtp-username";
    /** Key of the password for SMTP authentication. */
    public static final String PASSWORD = "smtp-password";
    /** Key of the connect timeout. */
    public static final String CONNECT_TIMEOUT = "smtp-connect-timeout";
    /** Key of the read (and write) timeout. */
    public static final String READ_TIMEOUT = "smtp-read-timeout";
    /** Key of the idle time after which a kept connection is not reused. */
    public static final String IDLE_TIMEOUT = "smtp-idle-timeout";
    /** Key of the name given in {@code EHLO}. */
    public static final String EHLO_NAME = "smtp-ehlo-name";
    /** Key of the number of messages per connection. */
    public static final String MAX_MESSAGES_PER_CONNECTION = "smtp-max-messages-per-connection";
    /** Key of the number of connections open at once. */
    public static final String MAX_CONNECTIONS = "smtp-max-connections";
    /** Key of the sender address. */
    public static final String FROM = "from";
    /** Key of the sender's display name. */
    public static final String FROM_NAME = "from-name";
    /** Key of the {@code Reply-To} address. */
    public static final String REPLY_TO = "reply-to";

    private static final Set<String> KEYS = Set.of(HOST, PORT, SECURITY, USERNAME, PASSWORD, CONNECT_TIMEOUT,
            READ_TIMEOUT, IDLE_TIMEOUT, EHLO_NAME, MAX_MESSAGES_PER_CONNECTION, MAX_CONNECTIONS, FROM, FROM_NAME,
            REPLY_TO);

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public EmailChannelProvider() {
    }

    /**
     * The name of the channels this provider creates.
     *
     * @return {@value Channel#EMAIL}
     */
    @Override
    public String channelName() {
        return Channel.EMAIL;
    }

    /**
     * Reads the settings and creates an {@link EmailChannel}.
     *
     * @param settings the settings by key, see the class description
     * @return a new email channel
     * @throws IllegalArgumentException if a key is unknown or in an old spelling, a required key
     *         is missing or a value is invalid; the message names the channel and the key and
     *         never shows the password
     */
    @Override
    public Channel create(Map<String, String> settings) {
        return EmailChannel.create(settings(settings));
    }

    /**
     * Reads the settings into {@link EmailSettings} without creating a channel.
     *
     * @param settings the settings by key, see the class description
     * @return the settings
     * @throws IllegalArgumentException as {@link #create(Map)}
     */
    public EmailSettings settings(Map<String, String> settings) {
        ProviderSettings s = ProviderSettings.of(Channel.EMAIL, settings, KEYS);
        EmailSettings.Builder b = EmailSettings.custom();
        s.set(HOST, s.string(HOST), b::host);
        s.optionalEnum(SECURITY, SmtpSecurity.class).ifPresent(b::security);
        s.optionalInteger(PORT, 1, 65535).ifPresent(b::port);
        s.optionalString(USERNAME).ifPresent(v -> s.set(USERNAME, v, b::username));
        s.optionalString(PASSWORD).ifPresent(v -> s.set(PASSWORD, v, b::password));
        if (s.has(USERNAME) != s.has(PASSWORD)) {
            String missing = s.has(USERNAME) ? PASSWORD : USERNAME;
            throw s.invalid(missing, "is required when '" + (s.has(USERNAME) ? USERNAME : PASSWORD)
                    + "' is set: the two go together");
        }
        s.optionalDuration(CONNECT_TIMEOUT).ifPresent(v -> s.set(CONNECT_TIMEOUT, v, b::connectTimeout));
        s.optionalDuration(READ_TIMEOUT).ifPresent(v -> s.set(READ_TIMEOUT, v, b::readTimeout));
        s.optionalDuration(IDLE_TIMEOUT).ifPresent(v -> s.set(IDLE_TIMEOUT, v, b::idleTimeout));
        s.optionalString(EHLO_NAME).ifPresent(v -> s.set(EHLO_NAME, v, b::ehloName));
        s.optionalInteger(MAX_MESSAGES_PER_CONNECTION, 1, 10_000).ifPresent(b::maxMessagesPerConnection);
        s.optionalInteger(MAX_CONNECTIONS, 1, 64).ifPresent(b::maxConnections);
        s.set(FROM, s.string(FROM), b::from);
        s.optionalString(FROM_NAME).ifPresent(v -> s.set(FROM_NAME, v, b::fromName));
        s.optionalString(REPLY_TO).ifPresent(v -> s.set(REPLY_TO, v, b::replyTo));
        return b.build();
    }
}
