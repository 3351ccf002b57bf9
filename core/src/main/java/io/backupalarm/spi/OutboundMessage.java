package io.backupalarm.spi;

import io.backupalarm.delivery.NotificationItem;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One message to one address, rendered and ready to send.
 *
 * <p>The engine renders {@link #subject()} and {@link #text()} from its templates in the
 * recipient's {@link #locale()}. {@link #data()} carries the same facts as plain values (the
 * alarm type, the instance, a verification code...) for channels that fill a template of their
 * own at the provider, such as an SMS gateway that only sends pre-approved templates. Keys are
 * listed in {@link DataKeys}. A message may also carry an {@link #html()} form of its text (a
 * grouped email's table); a channel that cannot show HTML ignores it.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param idempotencyKey the same for every attempt to send this message (retries, re-drives,
 *        sends after a restart) and different for every other message; 1 to 200 printable ASCII
 *        characters
 * @param channel the channel name, for example {@value Channel#EMAIL}
 * @param address the recipient's address on that channel (an email address, an E.164 number)
 * @param kind what the message is about
 * @param locale the language of {@link #subject()} and {@link #text()}
 * @param subject a one-line subject (email) or title; never contains CR or LF
 * @param text the plain-text body; for SMS, the whole message
 * @param data the facts the message was rendered from, by {@link DataKeys key}
 * @param html a complete HTML document with the same content as {@link #text()}, every value in
 *        it escaped by whoever rendered it; {@code null} when the message has none (an empty
 *        string is taken as none)
 * @param items the notifications a {@link Kind#GROUPED} message carries, in the order they joined
 *        (for channels that send structured data, such as a webhook's list of alarms); empty for
 *        every other kind. Not kept by an outbox: the engine renders a group again, items
 *        included, before each attempt, so a channel always sees them
 */
public record OutboundMessage(
        String idempotencyKey,
        String channel,
        String address,
        Kind kind,
        Locale locale,
        String subject,
        String text,
        Map<String, String> data,
        String html,
        List<NotificationItem> items) {

    /** What a message is about. */
    public enum Kind {
        /** An alarm has stayed open for its grace period. */
        FIRING,
        /** A firing alarm was closed. */
        RESOLVED,
        /** A firing alarm is still open; sent every repeat interval. */
        REPEAT,
        /** A code to prove that the recipient holds the address. */
        VERIFICATION_CODE,
        /** A test: proves that the address receives alarms, asked for by a host or an operator. */
        TEST,
        /**
         * Several notifications for one recipient that fell due together, in one message; the
         * kinds of the ones inside are in the message's text (and {@link DataKeys#COUNT}).
         */
        GROUPED
    }

    /** The keys of {@link #data()}; a key is present only when it has a value. */
    public static final class DataKeys {
        /** The alarm type: {@code CLIENT_DISCONNECTED} or {@code BACKUP_FAILED}. */
        public static final String ALARM = "alarm";
        /** The instance (backup client) id. */
        public static final String INSTANCE = "instance";
        /** The vault id. */
        public static final String VAULT = "vault";
        /** The account id. */
        public static final String ACCOUNT = "account";
        /** When the alarm began, formatted for the account's time zone. */
        public static final String SINCE = "since";
        /** How many times the alarm's event occurred while it was open, as a decimal number. */
        public static final String OCCURRENCES = "occurrences";
        /** The backup job of a backup failure. */
        public static final String JOB = "job";
        /** The message of a backup failure. */
        public static final String MESSAGE = "message";
        /** A verification code. */
        public static final String CODE = "code";
        /** How long a verification code stays valid, in whole minutes. */
        public static final String CODE_VALID_MINUTES = "codeValidMinutes";
        /** How many notifications a {@link Kind#GROUPED} message lists, as a decimal number. */
        public static final String COUNT = "count";
        /** The instances a {@link Kind#GROUPED} message names, comma-separated, first ones first. */
        public static final String INSTANCES = "instances";
        /** The contact a {@link Kind#TEST} message was sent for, when the test named a contact. */
        public static final String CONTACT = "contact";
        /**
         * The id of the secret that signs requests to the address (never the secret itself), when
         * the contact's address names one; a channel looks it up with its
         * {@link io.backupalarm.spi.SecretResolver}.
         */
        public static final String SECRET = "secret";

        private DataKeys() {
        }
    }

    /** Validates every field and copies the data. */
    public OutboundMessage {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        if (idempotencyKey.isEmpty() || idempotencyKey.length() > 200 || !printableAscii(idempotencyKey)) {
            throw new IllegalArgumentException(
                    "idempotencyKey must be 1 to 200 printable ASCII characters: '" + idempotencyKey + "'");
        }
        requireNonBlank(channel, "channel");
        requireNonBlank(address, "address");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(subject, "subject");
        if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("subject must not contain CR or LF");
        }
        Objects.requireNonNull(text, "text");
        data = Map.copyOf(data);
        if (html != null && html.isEmpty()) {
            html = null;
        }
        items = items == null ? List.of() : List.copyOf(items);
        if (!items.isEmpty() && kind != Kind.GROUPED) {
            throw new IllegalArgumentException("only a GROUPED message carries items, not " + kind);
        }
    }

    /**
     * A message without items (any kind but a group as it is sent).
     *
     * @param idempotencyKey see {@link #idempotencyKey()}
     * @param channel see {@link #channel()}
     * @param address see {@link #address()}
     * @param kind see {@link #kind()}
     * @param locale see {@link #locale()}
     * @param subject see {@link #subject()}
     * @param text see {@link #text()}
     * @param data see {@link #data()}
     * @param html see {@link #html()}
     */
    public OutboundMessage(String idempotencyKey, String channel, String address, Kind kind, Locale locale,
                           String subject, String text, Map<String, String> data, String html) {
        this(idempotencyKey, channel, address, kind, locale, subject, text, data, html, List.of());
    }

    /**
     * A message without an HTML form.
     *
     * @param idempotencyKey see {@link #idempotencyKey()}
     * @param channel see {@link #channel()}
     * @param address see {@link #address()}
     * @param kind see {@link #kind()}
     * @param locale see {@link #locale()}
     * @param subject see {@link #subject()}
     * @param text see {@link #text()}
     * @param data see {@link #data()}
     */
    public OutboundMessage(String idempotencyKey, String channel, String address, Kind kind, Locale locale,
                           String subject, String text, Map<String, String> data) {
        this(idempotencyKey, channel, address, kind, locale, subject, text, data, null, List.of());
    }

    /** Whether every character is printable ASCII (a loop: this runs for every message). */
    private static boolean printableAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static void requireNonBlank(String value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }
}
