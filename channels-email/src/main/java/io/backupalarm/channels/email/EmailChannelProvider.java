package io.backupalarm.channels.email;

import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ChannelProvider;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates an {@link EmailChannel} from plain settings; registered for
 * {@link java.util.ServiceLoader} in {@code META-INF/services/io.backupalarm.spi.ChannelProvider}.
 *
 * <p>Keys (a blank value counts as absent; any other key is rejected, to catch typos):
 * <table>
 *   <caption>Keys read by the email channel provider</caption>
 *   <tr><th>Key</th><th>Setting</th><th>Default</th></tr>
 *   <tr><td>{@value #HOST}</td><td>{@link EmailSettings.Builder#host(String)}</td><td>required</td></tr>
 *   <tr><td>{@value #PORT}</td><td>{@link EmailSettings.Builder#port(int)}</td><td>25, 587 or 465 by security</td></tr>
 *   <tr><td>{@value #SECURITY}</td><td>{@link EmailSettings.Builder#security(SmtpSecurity)}:
 *       {@code none}, {@code starttls} or {@code tls}</td><td>{@code starttls}</td></tr>
 *   <tr><td>{@value #USERNAME}</td><td>{@link EmailSettings.Builder#username(String)}</td><td>none</td></tr>
 *   <tr><td>{@value #PASSWORD}</td><td>{@link EmailSettings.Builder#password(String)}</td><td>none</td></tr>
 *   <tr><td>{@value #CONNECT_TIMEOUT}</td><td>{@link EmailSettings.Builder#connectTimeout(Duration)}</td><td>10s</td></tr>
 *   <tr><td>{@value #READ_TIMEOUT}</td><td>{@link EmailSettings.Builder#readTimeout(Duration)}</td><td>30s</td></tr>
 *   <tr><td>{@value #IDLE_TIMEOUT}</td><td>{@link EmailSettings.Builder#idleTimeout(Duration)}</td><td>30s</td></tr>
 *   <tr><td>{@value #EHLO_NAME}</td><td>{@link EmailSettings.Builder#ehloName(String)}</td><td>local host name</td></tr>
 *   <tr><td>{@value #MAX_MESSAGES_PER_CONNECTION}</td>
 *       <td>{@link EmailSettings.Builder#maxMessagesPerConnection(int)}</td><td>100</td></tr>
 *   <tr><td>{@value #MAX_CONNECTIONS}</td><td>{@link EmailSettings.Builder#maxConnections(int)}</td><td>2</td></tr>
 *   <tr><td>{@value #FROM}</td><td>{@link EmailSettings.Builder#from(String)}</td><td>required</td></tr>
 *   <tr><td>{@value #FROM_NAME}</td><td>{@link EmailSettings.Builder#fromName(String)}</td><td>none</td></tr>
 *   <tr><td>{@value #REPLY_TO}</td><td>{@link EmailSettings.Builder#replyTo(String)}</td><td>none</td></tr>
 * </table>
 * Durations are ISO-8601 ({@code PT10S}) or a whole number with {@code ms}, {@code s} or
 * {@code m} ({@code 500ms}, {@code 10s}, {@code 2m}).
 *
 * <p>Stateless and thread-safe.
 */
public final class EmailChannelProvider implements ChannelProvider {

    /** Key of the SMTP host. */
    public static final String HOST = "smtp.host";
    /** Key of the SMTP port. */
    public static final String PORT = "smtp.port";
    /** Key of the security mode: {@code none}, {@code starttls} or {@code tls}. */
    public static final String SECURITY = "smtp.security";
    /** Key of the user name for SMTP authentication. */
    public static final String USERNAME = "smtp.username";
    /** Key of the password for SMTP authentication. */
    public static final String PASSWORD = "smtp.password";
    /** Key of the connect timeout. */
    public static final String CONNECT_TIMEOUT = "smtp.connect-timeout";
    /** Key of the read (and write) timeout. */
    public static final String READ_TIMEOUT = "smtp.read-timeout";
    /** Key of the idle time after which a kept connection is not reused. */
    public static final String IDLE_TIMEOUT = "smtp.idle-timeout";
    /** Key of the name given in {@code EHLO}. */
    public static final String EHLO_NAME = "smtp.ehlo-name";
    /** Key of the number of messages per connection. */
    public static final String MAX_MESSAGES_PER_CONNECTION = "smtp.max-messages-per-connection";
    /** Key of the number of connections open at once. */
    public static final String MAX_CONNECTIONS = "smtp.max-connections";
    /** Key of the sender address. */
    public static final String FROM = "from";
    /** Key of the sender's display name. */
    public static final String FROM_NAME = "from.name";
    /** Key of the {@code Reply-To} address. */
    public static final String REPLY_TO = "reply-to";

    private static final Set<String> KEYS = Set.of(HOST, PORT, SECURITY, USERNAME, PASSWORD, CONNECT_TIMEOUT,
            READ_TIMEOUT, IDLE_TIMEOUT, EHLO_NAME, MAX_MESSAGES_PER_CONNECTION, MAX_CONNECTIONS, FROM, FROM_NAME,
            REPLY_TO);
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)");

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
     * @throws IllegalArgumentException if a key is unknown, a required key is missing or a value
     *         is invalid; the message names the key and never shows the password
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
        Objects.requireNonNull(settings, "settings");
        Set<String> unknown = new TreeSet<>(settings.keySet());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown email channel settings " + unknown + "; known keys: "
                    + new TreeSet<>(KEYS));
        }
        EmailSettings.Builder b = EmailSettings.custom();
        String host = value(settings, HOST);
        if (host == null) {
            throw new IllegalArgumentException(HOST + " is required");
        }
        apply(HOST, host, b::host);
        apply(SECURITY, value(settings, SECURITY), v -> b.security(security(v)));
        apply(PORT, value(settings, PORT), v -> b.port(integer(v)));
        apply(USERNAME, value(settings, USERNAME), b::username);
        String password = value(settings, PASSWORD);
        if (password != null) {
            try {
                b.password(password);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(PASSWORD + ": invalid value (not shown): " + e.getMessage());
            }
        }
        apply(CONNECT_TIMEOUT, value(settings, CONNECT_TIMEOUT), v -> b.connectTimeout(duration(v)));
        apply(READ_TIMEOUT, value(settings, READ_TIMEOUT), v -> b.readTimeout(duration(v)));
        apply(IDLE_TIMEOUT, value(settings, IDLE_TIMEOUT), v -> b.idleTimeout(duration(v)));
        apply(EHLO_NAME, value(settings, EHLO_NAME), b::ehloName);
        apply(MAX_MESSAGES_PER_CONNECTION, value(settings, MAX_MESSAGES_PER_CONNECTION),
                v -> b.maxMessagesPerConnection(integer(v)));
        apply(MAX_CONNECTIONS, value(settings, MAX_CONNECTIONS), v -> b.maxConnections(integer(v)));
        String from = value(settings, FROM);
        if (from == null) {
            throw new IllegalArgumentException(FROM + " is required");
        }
        apply(FROM, from, b::from);
        apply(FROM_NAME, value(settings, FROM_NAME), b::fromName);
        apply(REPLY_TO, value(settings, REPLY_TO), b::replyTo);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(USERNAME + "/" + PASSWORD + ": " + e.getMessage(), e);
        }
    }

    private static String value(Map<String, String> settings, String key) {
        String value = settings.get(key);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static void apply(String key, String value, Consumer<String> setter) {
        if (value == null) {
            return;
        }
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static SmtpSecurity security(String value) {
        try {
            return SmtpSecurity.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("security must be none, starttls or tls: '" + value + "'", e);
        }
    }

    private static int integer(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number: '" + value + "'", e);
        }
    }

    private static Duration duration(String value) {
        Matcher shortForm = SHORT_DURATION.matcher(value);
        if (shortForm.matches()) {
            long amount = Long.parseLong(shortForm.group(1));
            return switch (shortForm.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                default -> Duration.ofMinutes(amount);
            };
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a duration such as 10s, 500ms or PT10S: '" + value + "'", e);
        }
    }
}
