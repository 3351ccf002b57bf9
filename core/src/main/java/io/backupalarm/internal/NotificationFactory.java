package io.backupalarm.internal;

import io.backupalarm.config.Account;
import io.backupalarm.delivery.MessageTemplates;
import io.backupalarm.delivery.Notification;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.policy.Recipient;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.OutboundMessage.DataKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/** Renders the notifications of an alarm for its recipients, each with its idempotency key. */
final class NotificationFactory {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT);
    private static final DateTimeFormatter ZONED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'xxx", Locale.ROOT);

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    });

    private final MessageTemplates templates;

    NotificationFactory(MessageTemplates templates) {
        this.templates = templates;
    }

    /**
     * The notification of one occurrence of an alarm for one recipient.
     *
     * @param occurrence {@code FIRING}, {@code REPEAT-n} or {@code RESOLVED}: with the alarm's
     *        key and opening instant, what makes the idempotency key unique
     */
    Notification create(OpenAlarm alarm, OutboundMessage.Kind kind, String occurrence, Recipient recipient,
                        Account account, Instant at) {
        Map<String, String> data = new HashMap<>();
        data.put(DataKeys.ALARM, alarm.key().type().name());
        data.put(DataKeys.INSTANCE, alarm.key().instance());
        putIfPresent(data, DataKeys.VAULT, alarm.vault());
        putIfPresent(data, DataKeys.ACCOUNT, alarm.account());
        putIfPresent(data, DataKeys.JOB, alarm.key().job());
        putIfPresent(data, DataKeys.MESSAGE, alarm.message());
        data.put(DataKeys.OCCURRENCES, Integer.toString(alarm.occurrences()));
        data.put(DataKeys.SINCE, formatTime(alarm.openedAt(), account));
        Locale locale = account == null ? Locale.ENGLISH : account.localeOrEnglish();
        MessageTemplates.Rendered rendered = templates.render(locale, kind, alarm.key().type(), recipient.channel(), data);
        String key = idempotencyKey(alarm, occurrence, recipient);
        OutboundMessage message = new OutboundMessage(key, recipient.channel(), recipient.address(), kind, locale,
                rendered.subject(), rendered.text(), data);
        return Notification.create(message, alarm.key().type(), alarm.key().instance(), alarm.vault(), alarm.account(), at);
    }

    static String formatTime(Instant instant, Account account) {
        if (account == null || account.timeZone() == null || account.timeZone().normalized().equals(ZoneOffset.UTC)) {
            return UTC.format(instant.atZone(ZoneOffset.UTC));
        }
        return ZONED.format(instant.atZone(account.timeZone()));
    }

    /** A stable key from what identifies the message: same inputs after a restart, same key. */
    static String idempotencyKey(OpenAlarm alarm, String occurrence, Recipient recipient) {
        String identity = String.join("\u0000", alarm.key().type().name(), alarm.key().instance(),
                alarm.key().job() == null ? "" : alarm.key().job(), alarm.openedAt().toString(), occurrence,
                recipient.channel(), recipient.address());
        byte[] digest = SHA256.get().digest(identity.getBytes(StandardCharsets.UTF_8));
        return "ba1-" + HexFormat.of().formatHex(digest, 0, 20);
    }

    private static void putIfPresent(Map<String, String> data, String key, String value) {
        if (value != null) {
            data.put(key, value);
        }
    }
}
