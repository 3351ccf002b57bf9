package io.backupalarm.channels.webhook.internal;

import io.backupalarm.delivery.NotificationItem;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.OutboundMessage.DataKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", VERSION);
        body.put("type", type(message.kind()));
        body.put("kind", message.kind().name());
        body.put("id", id);
        body.put("idempotencyKey", message.idempotencyKey());
        body.put("locale", message.locale().toLanguageTag());
        Map<String, Object> data = new LinkedHashMap<>();
        for (String key : TEXT_KEYS) {
            String value = message.data().get(key);
            if (value != null) {
                data.put(key, NUMBER_KEYS.contains(key) ? number(value) : value);
            }
        }
        String instances = message.data().get(DataKeys.INSTANCES);
        if (instances != null) {
            List<String> list = new ArrayList<>();
            for (String instance : instances.split(",")) {
                if (!instance.isBlank()) {
                    list.add(instance.strip());
                }
            }
            data.put(DataKeys.INSTANCES, list);
        }
        body.put("data", data);
        if (!message.items().isEmpty()) {
            body.put("alarms", message.items().stream().map(WebhookPayload::item).toList());
        }
        body.put("subject", message.subject());
        body.put("text", message.text());
        return Json.write(body);
    }

    /** One notification of a grouped message; instants as ISO-8601 UTC, absent facts left out. */
    private static Map<String, Object> item(NotificationItem item) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", item.kind().name());
        putIfPresent(out, DataKeys.ALARM, item.alarm() == null ? null : item.alarm().name());
        putIfPresent(out, DataKeys.INSTANCE, item.instance());
        putIfPresent(out, DataKeys.VAULT, item.vault());
        putIfPresent(out, DataKeys.JOB, item.job());
        putIfPresent(out, DataKeys.MESSAGE, item.message());
        putIfPresent(out, DataKeys.CONTACT, item.contact());
        out.put(DataKeys.OCCURRENCES, item.occurrences());
        out.put("openedAt", item.openedAt().toString());
        out.put("at", item.at().toString());
        return out;
    }

    private static void putIfPresent(Map<String, Object> out, String key, String value) {
        if (value != null) {
            out.put(key, value);
        }
    }

    private static Object number(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            // The data keys promise decimal numbers; a host's own message may not keep the promise.
            return value;
        }
    }
}
