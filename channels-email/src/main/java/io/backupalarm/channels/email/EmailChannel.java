package io.backupalarm.channels.email;

import io.backupalarm.channels.email.internal.EmailAddresses;
import io.backupalarm.channels.email.internal.MessageComposer;
import io.backupalarm.channels.email.internal.SmtpConnectionPool;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.text.SafeText;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The email {@link Channel}: sends alarms, resolutions, reminders and verification codes as
 * email over SMTP.
 *
 * <p>Each message is {@code multipart/alternative}: the plain text as rendered by the engine
 * and an HTML version, both UTF-8: the message's own {@link OutboundMessage#html() HTML} when it
 * has one (a grouped message lists its notifications in a table), else one built by escaping the
 * text. The subject is RFC 2047 encoded.
 * Every message carries the header {@value #IDEMPOTENCY_HEADER} with its idempotency key and a
 * {@code Message-ID} derived from that key, so that a retried message has the same id as the
 * first attempt and a receiving system can drop the duplicate.
 *
 * <p>Connections are kept open and reused (see {@link EmailSettings#maxConnections()},
 * {@link EmailSettings#maxMessagesPerConnection()} and {@link EmailSettings#idleTimeout()});
 * {@link #close()} closes them.
 *
 * <p>{@link #send(OutboundMessage)} never throws an exception. A 4xx reply or a lost connection
 * is a {@link DeliveryResult.TemporaryFailure}; a 5xx reply (recipient or sender refused,
 * authentication rejected) and an address that {@link io.backupalarm.config.EmailAddress} refuses
 * are a {@link DeliveryResult.PermanentFailure}; reasons quote the server's reply with control
 * characters escaped, and never contain the password.
 *
 * <p>Thread-safe: the engine may send from several threads at once.
 */
public final class EmailChannel implements Channel {

    /** The header that carries a message's idempotency key. */
    public static final String IDEMPOTENCY_HEADER = MessageComposer.IDEMPOTENCY_HEADER;

    /** The header that carries a message's kind: an {@link OutboundMessage.Kind} name, such as GROUPED. */
    public static final String KIND_HEADER = MessageComposer.KIND_HEADER;

    private static final Logger LOG = LoggerFactory.getLogger(EmailChannel.class);

    private final EmailSettings settings;
    private final SmtpConnectionPool pool;
    private final MessageComposer composer;

    private EmailChannel(EmailSettings settings, Clock clock) {
        this.settings = settings;
        this.pool = new SmtpConnectionPool(settings, clock);
        InternetAddress from = settings.fromAddress();
        if (settings.fromName().isPresent()) {
            try {
                from = new InternetAddress(from.getAddress(), settings.fromName().get(), StandardCharsets.UTF_8.name());
            } catch (UnsupportedEncodingException e) {
                throw new IllegalStateException("UTF-8 is not supported", e);
            }
        }
        InternetAddress replyTo = settings.replyTo().map(EmailAddresses::parse).orElse(null);
        this.composer = new MessageComposer(pool.session(), from, replyTo, clock);
    }

    /**
     * Creates a channel using the system clock (UTC) for the {@code Date} header and idle times.
     *
     * @param settings the SMTP settings
     * @return a new channel; no connection is opened until the first send
     */
    public static EmailChannel create(EmailSettings settings) {
        return create(settings, Clock.systemUTC());
    }

    /**
     * Creates a channel with a clock of the host's choosing.
     *
     * @param settings the SMTP settings
     * @param clock the clock for the {@code Date} header and for idle times of connections
     * @return a new channel; no connection is opened until the first send
     */
    public static EmailChannel create(EmailSettings settings, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        return new EmailChannel(settings, clock);
    }

    /**
     * The channel's name.
     *
     * @return {@value Channel#EMAIL}
     */
    @Override
    public String name() {
        return Channel.EMAIL;
    }

    /**
     * The settings this channel was created with.
     *
     * @return the settings
     */
    public EmailSettings settings() {
        return settings;
    }

    /**
     * The {@code Message-ID} the channel gives every message with this idempotency key.
     *
     * @param idempotencyKey the key
     * @return the id, in angle brackets
     */
    public String messageId(String idempotencyKey) {
        return composer.messageId(idempotencyKey);
    }

    /**
     * Sends one message to the email address in {@link OutboundMessage#address()}.
     *
     * @param message the message, never {@code null}
     * @return {@link DeliveryResult.Delivered} with the Message-ID as receipt, or a failure;
     *         never {@code null}
     */
    @Override
    public DeliveryResult send(OutboundMessage message) {
        Objects.requireNonNull(message, "message");
        InternetAddress recipient;
        try {
            recipient = EmailAddresses.parse(message.address());
        } catch (IllegalArgumentException e) {
            return DeliveryResult.permanentFailure("malformed email address: " + e.getMessage());
        }
        MimeMessage mime;
        try {
            mime = composer.compose(message, recipient);
        } catch (MessagingException | RuntimeException e) {
            LOG.warn("could not compose email {}: {}", message.idempotencyKey(), SafeText.describe(e),
                    SafeText.loggable(e));
            return DeliveryResult.permanentFailure("could not compose the email: " + SafeText.describe(e));
        }
        DeliveryResult result = pool.send(mime, new Address[] {recipient}, composer.messageId(message.idempotencyKey()));
        if (!(result instanceof DeliveryResult.Delivered)) {
            LOG.debug("email {} to {} not delivered: {}", message.idempotencyKey(), recipient, result);
        }
        return result;
    }

    /**
     * Closes the kept SMTP connections (each with {@code QUIT}); a connection in use by a send
     * is closed when that send ends instead of being kept. Sends after closing return a
     * temporary failure without connecting. Idempotent.
     */
    @Override
    public void close() {
        pool.close();
    }

    /**
     * Describes the channel without secrets.
     *
     * @return a description for logs
     */
    @Override
    public String toString() {
        return "EmailChannel[" + pool.server() + ", " + settings.security() + "]";
    }
}
