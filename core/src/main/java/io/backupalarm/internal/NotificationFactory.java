package io.backupalarm.internal;

import io.backupalarm.config.Account;
import io.backupalarm.delivery.MessageTemplates;
import io.backupalarm.delivery.Notification;
import io.backupalarm.delivery.NotificationItem;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Makes the notifications of alarms and tests (each with the key that identifies it) and renders
 * the messages that carry them: one notification as before, several (a group) through the
 * templates' grouped message.
 */
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
     * The notifications of one occurrence of an alarm, one per recipient.
     *
     * @param occurrence {@code FIRING}, {@code REPEAT-n} or {@code RESOLVED}: with the alarm's
     *        key and opening instant, what makes each notification's key unique
     * @param account the alarm's account (its language and time zone), or {@code null}
     */
    Occurrence occurrence(OpenAlarm alarm, OutboundMessage.Kind kind, String occurrence, Account account,
                          Instant at) {
        return new Occurrence(alarm, kind, occurrence, account, at);
    }

    /**
     * One occurrence of an alarm told to its recipients: the alarm's part of the keys is encoded
     * once, and the message is rendered once per channel (recipients of a channel get the same
     * words; only a recipient's secret, which the message data carries, makes it its own). Not
     * thread-safe: it belongs to the change that makes the notifications.
     */
    final class Occurrence {

        private final OpenAlarm alarm;
        private final OutboundMessage.Kind kind;
        private final Account account;
        private final Instant at;
        private final byte[] keyPrefix;
        /** Each channel's rendering, shared by its recipients without a secret. */
        private final Map<String, MessageTemplates.Rendered> byChannel = new HashMap<>(4);
        /** The data of the occurrence's messages (recipients without a secret), made on first use. */
        private Map<String, String> data;

        private Occurrence(OpenAlarm alarm, OutboundMessage.Kind kind, String occurrence, Account account,
                           Instant at) {
            this.alarm = alarm;
            this.kind = kind;
            this.account = account;
            this.at = at;
            this.keyPrefix = join(alarm.key().type().name(), alarm.key().instance(),
                    alarm.key().job() == null ? "" : alarm.key().job(), alarm.openedAt().toString(), occurrence, "");
        }

        /** The notification for one recipient. */
        NotificationItem item(Recipient recipient) {
            // The bytes of join(channel, address), fed to the digest without building the joined string.
            String key = hash(keyPrefix, utf8(recipient.channel()), NUL, utf8(recipient.address()));
            return new NotificationItem(key, kind, alarm.key().type(), alarm.key().instance(), alarm.vault(),
                    alarm.key().job(), alarm.message(), alarm.occurrences(), alarm.openedAt(), at, null);
        }

        /** The message that carries one of this occurrence's items alone. */
        OutboundMessage message(String key, Recipient recipient, NotificationItem item) {
            Locale locale = account == null ? Locale.ENGLISH : account.localeOrEnglish();
            if (recipient.secret() != null) {
                return single(key, recipient, account, alarm.account(), item);
            }
            if (data == null) {
                data = Map.copyOf(NotificationFactory.data(item, alarm.account(), account));
            }
            MessageTemplates.Rendered rendered = byChannel.computeIfAbsent(recipient.channel(),
                    channel -> templates.render(locale, kind, item.alarm(), channel, data));
            return new OutboundMessage(key, recipient.channel(), recipient.address(), kind, locale,
                    rendered.subject(), rendered.text(), data);
        }
    }

    /**
     * A test's notification for one recipient.
     *
     * @param testId what identifies the test (its target, instant and sequence number)
     */
    NotificationItem testItem(String testId, String instance, String vault, String contact, Recipient recipient,
                              Instant at) {
        String key = hash("TEST", testId, recipient.channel(), recipient.address());
        return new NotificationItem(key, OutboundMessage.Kind.TEST, null, instance, vault, null, null, 1, at, at,
                contact);
    }

    /** The key of a group that opens with an item: unique even when two groups open at one instant. */
    static String groupKey(String account, Recipient recipient, Instant at, NotificationItem first) {
        return hash("GROUP", account == null ? "" : account, recipient.channel(), recipient.address(), at.toString(),
                first.key());
    }

    /**
     * The message carrying items to a recipient.
     *
     * @param key the message's idempotency key
     * @param account the recipient's account (its language and time zone), or {@code null}
     */
    OutboundMessage render(String key, Recipient recipient, Account account, String accountId,
                           List<NotificationItem> items) {
        if (items.size() == 1) {
            return single(key, recipient, account, accountId, items.get(0));
        }
        Locale locale = account == null ? Locale.ENGLISH : account.localeOrEnglish();
        MessageTemplates.Rendered rendered = templates.renderGroup(locale, recipient.channel(), items,
                at -> formatTime(at, account), accountId);
        Map<String, String> data = new HashMap<>();
        putIfPresent(data, DataKeys.ACCOUNT, accountId);
        data.put(DataKeys.COUNT, Integer.toString(items.size()));
        data.put(DataKeys.INSTANCES, String.join(",", items.stream().map(NotificationItem::instance)
                .filter(i -> i != null).distinct().toList()));
        putIfPresent(data, DataKeys.SECRET, recipient.secret());
        return new OutboundMessage(key, recipient.channel(), recipient.address(), OutboundMessage.Kind.GROUPED, locale,
                rendered.subject(), rendered.text(), data, rendered.html(), items);
    }

    private OutboundMessage single(String key, Recipient recipient, Account account, String accountId,
                                   NotificationItem item) {
        Locale locale = account == null ? Locale.ENGLISH : account.localeOrEnglish();
        Map<String, String> data = data(item, accountId, account);
        putIfPresent(data, DataKeys.SECRET, recipient.secret());
        MessageTemplates.Rendered rendered = templates.render(locale, item.kind(), item.alarm(),
                recipient.channel(), data);
        return new OutboundMessage(key, recipient.channel(), recipient.address(), item.kind(), locale,
                rendered.subject(), rendered.text(), data);
    }

    /**
     * The notification as it is sent: a group rendered again with every item it collected (what
     * joined after it opened is not in the message written then), and again before each retry,
     * since an outbox need not keep the HTML part.
     */
    Notification finish(Notification notification, Function<String, Account> accounts) {
        if (notification.items().size() == 1) {
            return notification;
        }
        OutboundMessage message = notification.message();
        Account account = notification.account() == null ? null : accounts.apply(notification.account());
        OutboundMessage all = render(notification.key(), new Recipient(message.channel(), message.address(),
                message.data().get(DataKeys.SECRET)), account,
                notification.account(), notification.items());
        return notification.withMessage(all);
    }

    private static Map<String, String> data(NotificationItem item, String accountId, Account account) {
        Map<String, String> data = new HashMap<>();
        if (item.alarm() != null) {
            data.put(DataKeys.ALARM, item.alarm().name());
        }
        putIfPresent(data, DataKeys.INSTANCE, item.instance());
        putIfPresent(data, DataKeys.VAULT, item.vault());
        putIfPresent(data, DataKeys.ACCOUNT, accountId);
        putIfPresent(data, DataKeys.JOB, item.job());
        putIfPresent(data, DataKeys.MESSAGE, item.message());
        putIfPresent(data, DataKeys.CONTACT, item.contact());
        data.put(DataKeys.OCCURRENCES, Integer.toString(item.occurrences()));
        data.put(DataKeys.SINCE, formatTime(item.openedAt(), account));
        return data;
    }

    static String formatTime(Instant instant, Account account) {
        if (account == null || account.timeZone() == null || account.timeZone().normalized().equals(ZoneOffset.UTC)) {
            return UTC.format(instant.atZone(ZoneOffset.UTC));
        }
        return ZONED.format(instant.atZone(account.timeZone()));
    }

    /**
     * A stable key from what identifies a message: same inputs after a restart, same key. The key
     * is SHA-256 over the parts joined by NUL, and must stay so: a notification's key is how the
     * outbox recognises it after an upgrade too.
     */
    private static String hash(String... parts) {
        return hash(join(parts));
    }

    private static String hash(byte[]... joined) {
        MessageDigest sha = SHA256.get();
        for (byte[] part : joined) {
            sha.update(part);
        }
        return HexFormat.of().formatHex(new StringBuilder(44).append("ba1-"), sha.digest(), 0, 20).toString();
    }

    private static final byte[] NUL = {0};

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The parts joined by NUL, in UTF-8 (a part ending in "" leaves a trailing NUL, for a join that goes on). */
    private static byte[] join(String... parts) {
        return String.join("\u0000", parts).getBytes(StandardCharsets.UTF_8);
    }

    private static void putIfPresent(Map<String, String> data, String key, String value) {
        if (value != null) {
            data.put(key, value);
        }
    }
}
