package io.backupalarm.channels.email.internal;

import io.backupalarm.spi.OutboundMessage;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Date;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Turns an {@link OutboundMessage} into a MIME message: {@code multipart/alternative} with a
 * UTF-8 plain-text part and an HTML part (the message's own {@link OutboundMessage#html() HTML}
 * when it has one, such as a grouped message's table, else escaped from the text), an RFC 2047 encoded
 * subject, a {@code Message-ID} derived from the idempotency key and the
 * {@value #IDEMPOTENCY_HEADER} header. Immutable and thread-safe.
 */
public final class MessageComposer {

    /** The header that carries the message's idempotency key. */
    public static final String IDEMPOTENCY_HEADER = "X-Backup-Alarm-Idempotency-Key";

    /** The header that carries the message's kind: an {@link OutboundMessage.Kind} name. */
    public static final String KIND_HEADER = "X-Backup-Alarm-Kind";

    private final Session session;
    private final InternetAddress from;
    private final InternetAddress replyTo;
    private final String messageIdDomain;
    private final Clock clock;

    /**
     * Creates a composer.
     *
     * @param session the mail session the messages belong to
     * @param from the sender, with its display name if any
     * @param replyTo the {@code Reply-To} address, or {@code null}
     * @param clock the clock for the {@code Date} header
     */
    public MessageComposer(Session session, InternetAddress from, InternetAddress replyTo, Clock clock) {
        this.session = Objects.requireNonNull(session, "session");
        this.from = Objects.requireNonNull(from, "from");
        this.replyTo = replyTo;
        this.messageIdDomain = EmailAddresses.domainOf(from);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The {@code Message-ID} of every message with this idempotency key: the same key always
     * gives the same id, so that duplicates share it.
     *
     * @param idempotencyKey the key
     * @return an id in angle brackets, such as {@code <3f2a...@example.com>}
     */
    public String messageId(String idempotencyKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.US_ASCII));
            return "<" + HexFormat.of().formatHex(hash, 0, 20) + ".backup-alarm@" + messageIdDomain + ">";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Composes the message for one recipient.
     *
     * @param message the message to send
     * @param recipient the recipient, already validated
     * @return a message ready for {@code Transport.sendMessage}
     * @throws MessagingException if Jakarta Mail refuses a part
     */
    public MimeMessage compose(OutboundMessage message, InternetAddress recipient) throws MessagingException {
        MimeMessage mime = new FixedIdMimeMessage(session, messageId(message.idempotencyKey()));
        mime.setFrom(from);
        if (replyTo != null) {
            mime.setReplyTo(new InternetAddress[] {replyTo});
        }
        mime.setRecipient(MimeMessage.RecipientType.TO, recipient);
        mime.setSubject(singleLine(message.subject()), "UTF-8");
        mime.setSentDate(Date.from(clock.instant()));
        // The key is 1 to 200 printable ASCII characters without spaces (OutboundMessage checks),
        // so it cannot break the header line.
        mime.setHeader(IDEMPOTENCY_HEADER, message.idempotencyKey());
        mime.setHeader(KIND_HEADER, message.kind().name());
        // RFC 3834: tells vacation responders not to answer an alarm.
        mime.setHeader("Auto-Submitted", "auto-generated");
        mime.setHeader("Content-Language", message.locale().toLanguageTag());

        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(message.text(), "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        String body = message.html() != null ? message.html()
                : HtmlBody.render(message.subject(), message.text(), message.locale());
        html.setText(body, "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(plain);
        alternative.addBodyPart(html);
        mime.setContent(alternative);
        mime.saveChanges();
        return mime;
    }

    private static String singleLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        return out.toString();
    }

    /** A MIME message whose {@code Message-ID} is fixed instead of generated on save. */
    private static final class FixedIdMimeMessage extends MimeMessage {
        private final String messageId;

        FixedIdMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
