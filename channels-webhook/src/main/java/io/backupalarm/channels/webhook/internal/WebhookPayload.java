package io.backupalarm.channels.webhook.internal;

import io.backupalarm.delivery.NotificationItem;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.OutboundMessage.DataKeys;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The body the webhook channel posts: schema version {@value #VERSION}, documented in
 * {@code docs/channels/webhook.md}. Fields appear in a fixed order; a fact the message does not
 * carry is left out rather than sent as {@code null}. The secret id is never part of it.
 *
 * <p>Thread-safe: stateless.
 */
public final class WebhookPayload {

    /** The schema version; a change that removes or redefines a field raises it. */
    public static final int VERSION = 1;

    /** The facts copied from the message's data, in this order; the numbers are sent as numbers. */
    private static final List<String> TEXT_KEYS = List.of(DataKeys.ALARM, DataKeys.INSTANCE, DataKeys.VAULT,
            DataKeys.ACCOUNT, DataKeys.SINCE, DataKeys.OCCURRENCES, DataKeys.JOB, DataKeys.MESSAGE, DataKeys.CONTACT,
            DataKeys.CODE, DataKeys.CODE_VALID_MINUTES, DataKeys.COUNT);
    private static final List<String> NUMBER_KEYS = List.of(DataKeys.OCCURRENCES, DataKeys.CODE_VALID_MINUTES,
            DataKeys.COUNT);

    private WebhookPayload() {
    }

    /**
     * The {@code webhook-id} of a message: its idempotency key, unless the key holds a full stop
     * (the specification forbids one, since the id is joined to the timestamp and body with full
     * stops); then {@code ba-} and the first 40 hex digits of the key's SHA-256, the same on
     * every attempt.
     *
     * @param idempotencyKey the message's idempotency key
     * @return the webhook id
     */
    public static String id(String idempotencyKey) {
        if (idempotencyKey.indexOf('.') < 0) {
            return idempotencyKey;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
            return "ba-" + HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /**
     * The event type: {@code backup_alarm.} and the kind in lower case ({@code backup_alarm.firing},
     * {@code backup_alarm.verification_code}), full-stop delimited as the specification
     * recommends.
     *
     * @param kind the message's kind
     * @return the type
     */
    public static String type(OutboundMessage.Kind kind) {
        return "backup_alarm." + kind.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The body of a message as a JSON text.
     *
     * @param message the message
     * @param id its webhook id
     * @return the JSON text
     */
    public static String json(OutboundMessage message, String id) {
        Body body = body(message, id);
        return new String(body.buffer(), 0, body.length(), StandardCharsets.UTF_8);
    }

    /**
     * A body as written: the first {@code length} bytes of {@code buffer}, which may be longer. The
     * buffer is handed on rather than copied to its length, since a grouped message of many
     * notifications makes a body of tens of megabytes.
     *
     * @param buffer the bytes; not copied, not to be changed
     * @param length how many of them are the body
     */
    public record Body(byte[] buffer, int length) {
    }

    /** An output stream whose buffer is handed on as it is. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer(int size) {
            super(size);
        }

        Body body() {
            return new Body(buf, count);
        }
    }

    /**
     * The body of a message in UTF-8, written field by field: a grouped message of many
     * notifications is never held as maps, nor as a string besides its bytes.
     *
     * @param message the message
     * @param id its webhook id
     * @return the JSON in UTF-8
     */
    public static Body body(OutboundMessage message, String id) {
        // About 200 bytes per notification (its object and its instance in "data"), and the text
        // once more with its line breaks escaped: near the length, so the buffer is neither copied
        // to grow nor much longer than the body.
        Buffer out = new Buffer(1024 + 224 * message.items().size() + message.text().length() * 5 / 4);
        try (JsonGenerator json = Json.generator(out)) {
            json.writeStartObject();
            json.writeNumberField("version", VERSION);
            json.writeStringField("type", type(message.kind()));
            json.writeStringField("kind", message.kind().name());
            json.writeStringField("id", id);
            json.writeStringField("idempotencyKey", message.idempotencyKey());
            json.writeStringField("locale", message.locale().toLanguageTag());
            json.writeObjectFieldStart("data");
            for (String key : TEXT_KEYS) {
                String value = message.data().get(key);
                if (value == null) {
                    continue;
                }
                Long number = NUMBER_KEYS.contains(key) ? number(value) : null;
                if (number != null) {
                    json.writeNumberField(key, number);
                } else {
                    json.writeStringField(key, value);
                }
            }
            String instances = message.data().get(DataKeys.INSTANCES);
            if (instances != null) {
                json.writeArrayFieldStart(DataKeys.INSTANCES);
                for (String instance : instances.split(",")) {
                    if (!instance.isBlank()) {
                        json.writeString(instance.strip());
                    }
                }
                json.writeEndArray();
            }
            json.writeEndObject();
            if (!message.items().isEmpty()) {
                json.writeArrayFieldStart("alarms");
                for (NotificationItem item : message.items()) {
                    item(json, item);
                }
                json.writeEndArray();
            }
            json.writeStringField("subject", message.subject());
            json.writeStringField("text", message.text());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing a webhook body to memory failed", e);
        }
        return out.body();
    }

    /** One notification of a grouped message; instants as ISO-8601 UTC, absent facts left out. */
    private static void item(JsonGenerator json, NotificationItem item) throws IOException {
        json.writeStartObject();
        json.writeStringField("kind", item.kind().name());
        if (item.alarm() != null) {
            json.writeStringField(DataKeys.ALARM, item.alarm().name());
        }
        stringIfPresent(json, DataKeys.INSTANCE, item.instance());
        stringIfPresent(json, DataKeys.VAULT, item.vault());
        stringIfPresent(json, DataKeys.JOB, item.job());
        stringIfPresent(json, DataKeys.MESSAGE, item.message());
        stringIfPresent(json, DataKeys.CONTACT, item.contact());
        json.writeNumberField(DataKeys.OCCURRENCES, item.occurrences());
        json.writeStringField("openedAt", item.openedAt().toString());
        json.writeStringField("at", item.at().toString());
        json.writeEndObject();
    }

    private static void stringIfPresent(JsonGenerator json, String key, String value) throws IOException {
        if (value != null) {
            json.writeStringField(key, value);
        }
    }

    /** The value as a number, or {@code null} to send it as the text it is. */
    private static Long number(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            // The data keys promise decimal numbers; a host's own message may not keep the promise.
            return null;
        }
    }
}
