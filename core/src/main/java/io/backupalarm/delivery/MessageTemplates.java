package io.backupalarm.delivery;

import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.OutboundMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The texts of messages: a subject and a text for each message kind, alarm type, channel and
 * language. English and Simplified Chinese are built in; a host replaces any template with
 * {@link #with}.
 *
 * <p><b>Syntax.</b> {@code {name}} is replaced by the message data of that name (see
 * {@link OutboundMessage.DataKeys}); {@code [[...]]} is left out when a name inside it has no
 * value (a backup failure without a job). In a subject, line breaks in values become spaces.
 *
 * <p><b>Look-up.</b> For a channel other than {@code email} and {@code sms}, the email texts are
 * used; a missing SMS subject is the email subject; a language without templates falls back to
 * English. The built-in English SMS texts fit one GSM-7 segment even with long cloud ids; the
 * Chinese ones fit one UCS-2 segment (70 characters) with short ids.
 *
 * <p>Immutable and thread-safe.
 */
public final class MessageTemplates {

    private static final Pattern SECTION = Pattern.compile("\\[\\[(.*?)]]", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("\\{([A-Za-z]+)}");
    private static final Pattern LINE_BREAKS = Pattern.compile("[\\r\\n]+");
    private static final MessageTemplates BUILT_IN = new MessageTemplates(loadBuiltIn());

    private final Map<String, String> patterns;

    private MessageTemplates(Map<String, String> patterns) {
        this.patterns = Map.copyOf(patterns);
    }

    /**
     * The built-in English and Simplified Chinese templates.
     *
     * @return the templates
     */
    public static MessageTemplates builtIn() {
        return BUILT_IN;
    }

    /**
     * A copy with one template replaced.
     *
     * @param language the language, such as {@link Locale#ENGLISH} or {@link Locale#CHINESE}
     *        (only the language part counts)
     * @param kind the message kind
     * @param alarm the alarm type; {@code null} for {@link OutboundMessage.Kind#VERIFICATION_CODE}
     * @param channel the channel name
     * @param subject the subject pattern (no line break)
     * @param text the text pattern
     * @return the new templates
     * @throws IllegalArgumentException if alarm is given for verification codes or missing for
     *         alarms, or the subject has a line break
     */
    public MessageTemplates with(Locale language, OutboundMessage.Kind kind, AlarmType alarm, String channel,
                                 String subject, String text) {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        if (kind == OutboundMessage.Kind.GROUPED) {
            throw new IllegalArgumentException("grouped messages are rendered from the templates of their items");
        }
        if (withoutAlarm(kind) != (alarm == null)) {
            throw new IllegalArgumentException("alarm must be given for alarm messages and only for them");
        }
        if (subject.indexOf('\n') >= 0 || subject.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("subject must not contain a line break");
        }
        Map<String, String> copy = new HashMap<>(patterns);
        String prefix = language.getLanguage() + "." + base(kind, alarm) + channel + ".";
        copy.put(prefix + "subject", subject);
        copy.put(prefix + "text", text);
        return new MessageTemplates(copy);
    }

    /**
     * Renders a subject and a text.
     *
     * @param locale the language wanted
     * @param kind the message kind
     * @param alarm the alarm type, or {@code null} for verification codes
     * @param channel the channel name
     * @param data the values for the placeholders
     * @return the subject (one line) and the text
     */
    public Rendered render(Locale locale, OutboundMessage.Kind kind, AlarmType alarm, String channel,
                           Map<String, String> data) {
        String language = patterns.containsKey(locale.getLanguage() + "." + base(kind, alarm) + Channel.EMAIL + ".text")
                ? locale.getLanguage() : Locale.ENGLISH.getLanguage();
        String subject = fill(pattern(language, kind, alarm, channel, "subject"), data, true);
        String text = fill(pattern(language, kind, alarm, channel, "text"), data, false);
        return new Rendered(subject, text);
    }

    /**
     * Renders one message listing several notifications for one recipient (a group): a subject
     * naming how many, and a text with one line per notification.
     *
     * @param locale the language wanted
     * @param channel the channel name
     * @param items the notifications, in the order they fell due; at least two
     * @param time formats an instant for the recipient's time zone
     * @return the subject (one line) and the text
     */
    public Rendered renderGroup(Locale locale, String channel, List<NotificationItem> items,
                                Function<Instant, String> time) {
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(time, "time");
        if (items.size() < 2) {
            throw new IllegalArgumentException("a group lists at least two notifications, not " + items.size());
        }
        StringBuilder text = new StringBuilder();
        for (NotificationItem item : items) {
            Map<String, String> data = new HashMap<>();
            if (item.alarm() != null) {
                data.put(OutboundMessage.DataKeys.ALARM, item.alarm().name());
            }
            putIfPresent(data, OutboundMessage.DataKeys.INSTANCE, item.instance());
            putIfPresent(data, OutboundMessage.DataKeys.VAULT, item.vault());
            putIfPresent(data, OutboundMessage.DataKeys.JOB, item.job());
            putIfPresent(data, OutboundMessage.DataKeys.MESSAGE, item.message());
            data.put(OutboundMessage.DataKeys.OCCURRENCES, Integer.toString(item.occurrences()));
            data.put(OutboundMessage.DataKeys.SINCE, time.apply(item.openedAt()));
            text.append(render(locale, item.kind(), item.alarm(), channel, data).subject()).append('\n');
        }
        String subject = "[Backup alarm] " + items.size() + " notifications";
        return new Rendered(subject, text.toString());
    }

    private static boolean withoutAlarm(OutboundMessage.Kind kind) {
        return kind == OutboundMessage.Kind.VERIFICATION_CODE || kind == OutboundMessage.Kind.TEST;
    }

    private static void putIfPresent(Map<String, String> data, String key, String value) {
        if (value != null) {
            data.put(key, value);
        }
    }

    /**
     * A rendered message.
     *
     * @param subject one line
     * @param text the body
     */
    public record Rendered(String subject, String text) {
    }

    private String pattern(String language, OutboundMessage.Kind kind, AlarmType alarm, String channel, String part) {
        String base = language + "." + base(kind, alarm);
        String found = patterns.get(base + channel + "." + part);
        if (found == null) {
            found = patterns.get(base + Channel.EMAIL + "." + part);
        }
        if (found == null) {
            throw new IllegalStateException("no template " + base + Channel.EMAIL + "." + part);
        }
        return found;
    }

    private static String base(OutboundMessage.Kind kind, AlarmType alarm) {
        return kind + "." + (alarm == null ? "" : alarm + ".");
    }

    private static String fill(String pattern, Map<String, String> data, boolean oneLine) {
        Matcher sections = SECTION.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (sections.find()) {
            String inner = sections.group(1);
            Matcher names = NAME.matcher(inner);
            boolean complete = true;
            while (names.find()) {
                complete &= data.get(names.group(1)) != null;
            }
            sections.appendReplacement(out, Matcher.quoteReplacement(complete ? inner : ""));
        }
        sections.appendTail(out);
        Matcher names = NAME.matcher(out.toString());
        StringBuilder filled = new StringBuilder();
        while (names.find()) {
            String value = data.getOrDefault(names.group(1), "");
            if (oneLine) {
                value = LINE_BREAKS.matcher(value).replaceAll(" ");
            }
            names.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        names.appendTail(filled);
        return filled.toString();
    }

    private static Map<String, String> loadBuiltIn() {
        Map<String, String> all = new HashMap<>();
        for (String language : new String[] {"en", "zh"}) {
            Properties properties = new Properties();
            try (InputStream in = MessageTemplates.class.getResourceAsStream("templates_" + language + ".properties")) {
                properties.load(new InputStreamReader(Objects.requireNonNull(in, "templates_" + language),
                        StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            properties.forEach((k, v) -> all.put(language + "." + k, (String) v));
        }
        return all;
    }
}
