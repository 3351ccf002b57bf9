package io.backupalarm.delivery;

import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.text.SafeText;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The texts of messages: a subject and a text for each message kind, alarm type, channel and
 * language, and the parts of grouped messages. English and Simplified Chinese are built in; a
 * host replaces any template with {@link #with(Locale, String, String)} (by its key, as in the
 * built-in {@code templates_en.properties}) or, for the message of one kind and alarm type,
 * {@link #with(Locale, OutboundMessage.Kind, AlarmType, String, String, String)}.
 *
 * <p><b>Syntax.</b> {@code {name}} is replaced by the message data of that name (see
 * {@link OutboundMessage.DataKeys}); {@code [[...]]} is left out when a name inside it has no
 * value (a backup failure without a job); sections do not nest. In a subject, line breaks in
 * values become spaces.
 *
 * <p><b>Look-up.</b> For a channel other than {@code email} and {@code sms}, the email texts are
 * used; a missing SMS subject is the email subject; a language without templates falls back to
 * English. The built-in English SMS texts fit one GSM-7 segment even with long cloud ids; the
 * Chinese ones fit one UCS-2 segment (70 characters) with short ids.
 *
 * <p><b>Grouped messages</b> ({@link #renderGroup}) list several notifications for one
 * recipient. An email (and any channel other than SMS) gets a subject naming the count and the
 * kinds, a text with one line per notification and an HTML part with a table of them all. An SMS
 * names the count, the kinds and as many of the first clients as fit, and never takes more than
 * {@value #GROUP_SMS_SEGMENTS} segments ({@link SmsSegmentCounter}). A grouped template missing
 * in a language is taken from English.
 *
 * <p>Immutable and thread-safe.
 */
public final class MessageTemplates {

    /** The most SMS segments a grouped SMS takes. */
    public static final int GROUP_SMS_SEGMENTS = 3;

    static final Pattern SECTION = Pattern.compile("\\[\\[(.*?)]]", Pattern.DOTALL);
    static final Pattern NAME = Pattern.compile("\\{([A-Za-z]+)}");
    private static final Pattern LINE_BREAKS = Pattern.compile("[\\r\\n]+");
    private static final MessageTemplates BUILT_IN = new MessageTemplates(loadBuiltIn());
    private static final Set<String> BUILT_IN_KEYS = builtInKeys();

    private final Map<String, String> patterns;
    /** The subject and text patterns of each message, looked up once (the keys are built from strings). */
    private final Map<Lookup, String[]> found = new ConcurrentHashMap<>();

    private record Lookup(String language, OutboundMessage.Kind kind, AlarmType alarm, String channel) {
    }

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
     * @throws IllegalArgumentException if alarm is given for verification codes or tests or missing
     *         for alarms, the kind is {@code GROUPED} (see {@link #with(Locale, String, String)}),
     *         or the subject has a line break
     */
    public MessageTemplates with(Locale language, OutboundMessage.Kind kind, AlarmType alarm, String channel,
                                 String subject, String text) {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        if (kind == OutboundMessage.Kind.GROUPED) {
            throw new IllegalArgumentException("grouped messages have templates of their own: replace them by key "
                    + "with with(Locale, String, String), for example GROUPED.sms.text");
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
     * A copy with one template replaced by its key, as the keys of the built-in
     * {@code templates_en.properties}: {@code FIRING.CLIENT_DISCONNECTED.sms.text},
     * {@code TEST.email.subject}, {@code GROUPED.sms.text}, {@code GROUPED.label.RESOLVED}...
     *
     * @param language the language (only the language part counts)
     * @param key a key of the built-in templates
     * @param pattern the new pattern
     * @return the new templates
     * @throws IllegalArgumentException if the key is not one of the built-in keys, or the key is a
     *         subject, a label, a heading or a summary entry and the pattern has a line break
     */
    public MessageTemplates with(Locale language, String key, String pattern) {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(pattern, "pattern");
        if (!BUILT_IN_KEYS.contains(key)) {
            throw new IllegalArgumentException("unknown template key '" + SafeText.printable(key)
                    + "': the keys are those of the built-in templates_en.properties, such as GROUPED.sms.text");
        }
        boolean oneLine = key.endsWith(".subject") || (key.startsWith(GroupRenderer.PREFIX)
                && !key.endsWith(".text") && !key.endsWith(".item") && !key.endsWith(".intro")
                && !key.endsWith(".footer"));
        if (oneLine && (pattern.indexOf('\n') >= 0 || pattern.indexOf('\r') >= 0)) {
            throw new IllegalArgumentException("template " + key + " must not contain a line break");
        }
        Map<String, String> copy = new HashMap<>(patterns);
        copy.put(language.getLanguage() + "." + key, pattern);
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
        String[] subjectAndText = found.computeIfAbsent(new Lookup(locale.getLanguage(), kind, alarm, channel),
                this::patterns);
        return new Rendered(fill(subjectAndText[0], data, true), fill(subjectAndText[1], data, false));
    }

    private String[] patterns(Lookup message) {
        String language = patterns.containsKey(message.language() + "." + base(message.kind(), message.alarm())
                + Channel.EMAIL + ".text") ? message.language() : Locale.ENGLISH.getLanguage();
        return new String[] {pattern(language, message.kind(), message.alarm(), message.channel(), "subject"),
                pattern(language, message.kind(), message.alarm(), message.channel(), "text")};
    }

    /**
     * Renders one message listing several notifications for one recipient (a group), without an
     * account; see {@link #renderGroup(Locale, String, List, Function, String)}.
     *
     * @param locale the language wanted
     * @param channel the channel name
     * @param items the notifications, in the order they fell due; at least two
     * @param time formats an instant for the recipient's time zone
     * @return the subject (one line), the text and, except for SMS, the HTML
     */
    public Rendered renderGroup(Locale locale, String channel, List<NotificationItem> items,
                                Function<Instant, String> time) {
        return renderGroup(locale, channel, items, time, null);
    }

    /**
     * Renders one message listing several notifications for one recipient (a group).
     *
     * <p>For {@value Channel#SMS}: a text naming the count, the kinds and the first clients (in
     * the order their notifications fell due, each once), as many as fit in
     * {@value #GROUP_SMS_SEGMENTS} segments; the subject is the email subject. For any other
     * channel: a subject naming the count and the kinds, a text with one line per notification
     * (its kind, alarm type, client, vault, job, since when, occurrences and error) and an HTML
     * document with the same in a table, every value escaped.
     *
     * @param locale the language wanted
     * @param channel the channel name
     * @param items the notifications, in the order they fell due; at least two
     * @param time formats an instant for the recipient's time zone
     * @param account the recipient's account id, or {@code null}
     * @return the subject (one line), the text and, except for SMS, the HTML
     * @throws IllegalArgumentException if there are fewer than two items
     */
    public Rendered renderGroup(Locale locale, String channel, List<NotificationItem> items,
                                Function<Instant, String> time, String account) {
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(time, "time");
        if (items.size() < 2) {
            throw new IllegalArgumentException("a group lists at least two notifications, not " + items.size());
        }
        String language = locale.getLanguage();
        GroupRenderer renderer = new GroupRenderer(key -> {
            String found = patterns.get(language + "." + key);
            return found != null ? found : patterns.get(Locale.ENGLISH.getLanguage() + "." + key);
        }, locale, time);
        return Channel.SMS.equals(channel) ? renderer.sms(items, account) : renderer.email(items, account);
    }

    private static boolean withoutAlarm(OutboundMessage.Kind kind) {
        return kind == OutboundMessage.Kind.VERIFICATION_CODE || kind == OutboundMessage.Kind.TEST;
    }

    /**
     * A rendered message. Immutable and thread-safe.
     *
     * @param subject one line
     * @param text the body
     * @param html the body as a complete HTML document, or {@code null} when the message has no
     *        HTML form of its own (an empty string is taken as none)
     */
    public record Rendered(String subject, String text, String html) {

        /** Validates the parts. */
        public Rendered {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(text, "text");
            if (html != null && html.isEmpty()) {
                html = null;
            }
        }

        /**
         * A rendered message without HTML.
         *
         * @param subject one line
         * @param text the body
         */
        public Rendered(String subject, String text) {
            this(subject, text, null);
        }
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

    /**
     * Fills a pattern: sections whose names all have values are kept, the others dropped, then
     * every name replaced by its value (an absent one by nothing).
     *
     * @param oneLine whether line breaks in values become spaces
     */
    static String fill(String pattern, Map<String, String> data, boolean oneLine) {
        CompiledPattern compiled = CompiledPattern.of(pattern);
        return compiled != null ? compiled.fill(data, oneLine) : fillByExpressions(pattern, data, oneLine);
    }

    /** {@link #fill} by regular expressions, for any pattern; the definition the compiled form follows. */
    static String fillByExpressions(String pattern, Map<String, String> data, boolean oneLine) {
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

    private static Set<String> builtInKeys() {
        Set<String> keys = new HashSet<>();
        String english = Locale.ENGLISH.getLanguage() + ".";
        BUILT_IN.patterns.keySet().stream().filter(k -> k.startsWith(english))
                .forEach(k -> keys.add(k.substring(english.length())));
        return Set.copyOf(keys);
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
