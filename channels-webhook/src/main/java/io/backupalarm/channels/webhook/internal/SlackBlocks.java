package io.backupalarm.channels.webhook.internal;

import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.OutboundMessage.DataKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Slack incoming webhook body of a message: a {@code header} block with the subject, the
 * rendered text in {@code mrkdwn} {@code section} blocks, a {@code section} of {@code fields}
 * with the facts, a {@code context} line with the message's idempotency key (to match a post
 * with its delivery record), and the whole text as the top-level {@code text} that
 * notifications show.
 * Every text is cut to Slack's limits; {@code &}, {@code <} and {@code >} in mrkdwn are escaped as
 * Slack asks, so a value can neither mention {@code @channel} nor form a link.
 *
 * <p>Thread-safe: stateless.
 */
public final class SlackBlocks {

    /** The most characters of the top-level {@code text}; Slack truncates longer messages. */
    public static final int MAX_TEXT = 40_000;
    /** The most characters of a section block's text. */
    public static final int MAX_SECTION_TEXT = 3_000;
    /** The most characters of a header block's text. */
    public static final int MAX_HEADER_TEXT = 150;
    /** The most characters of one field of a section. */
    public static final int MAX_FIELD_TEXT = 2_000;
    /** The most fields of a section. */
    public static final int MAX_FIELDS = 10;
    /**
     * The most text sections: 4 of 3,000 characters keep the blocks under the about 13,000
     * characters at which Slack has been seen to refuse a message's blocks as too long.
     */
    public static final int MAX_TEXT_SECTIONS = 4;

    private static final String ELLIPSIS = "…";

    /** The facts shown as fields, in this order, with their English and Chinese labels. */
    private static final List<String[]> FIELDS = List.of(
            new String[] {DataKeys.ALARM, "Alarm", "告警"},
            new String[] {DataKeys.INSTANCE, "Backup client", "备份客户端"},
            new String[] {DataKeys.VAULT, "Vault", "备份库"},
            new String[] {DataKeys.JOB, "Job", "任务"},
            new String[] {DataKeys.SINCE, "Since", "开始时间"},
            new String[] {DataKeys.OCCURRENCES, "Occurrences", "发生次数"},
            new String[] {DataKeys.COUNT, "Notifications", "通知条数"},
            new String[] {DataKeys.CONTACT, "Contact", "联系人"},
            new String[] {DataKeys.ACCOUNT, "Account", "账号"});

    private SlackBlocks() {
    }

    /** A JSON object whose fields keep the order given, so the body is the same on every run. */
    private static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            object.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return object;
    }

    /**
     * The JSON body for a message.
     *
     * @param message the message
     * @return the JSON text
     */
    public static String json(OutboundMessage message) {
        return Json.write(body(message));
    }

    /**
     * The body for a message as maps and lists.
     *
     * @param message the message
     * @return the body
     */
    public static Map<String, Object> body(OutboundMessage message) {
        boolean chinese = message.locale().getLanguage().equals(Locale.CHINESE.getLanguage());
        List<Object> blocks = new ArrayList<>();
        String subject = message.subject().isBlank() ? message.kind().name() : message.subject();
        blocks.add(obj("type", "header", "text",
                obj("type", "plain_text", "text", cut(subject, MAX_HEADER_TEXT), "emoji", true)));
        for (String section : sections(escape(message.text()))) {
            blocks.add(obj("type", "section", "text", obj("type", "mrkdwn", "text", section)));
        }
        List<Object> fields = new ArrayList<>();
        for (String[] field : FIELDS) {
            String value = message.data().get(field[0]);
            if (value != null && !value.isBlank() && fields.size() < MAX_FIELDS) {
                String label = chinese ? field[2] : field[1];
                fields.add(obj("type", "mrkdwn", "text", cut("*" + label + "*\n" + escape(value), MAX_FIELD_TEXT)));
            }
        }
        if (!fields.isEmpty()) {
            blocks.add(obj("type", "section", "fields", fields));
        }
        blocks.add(obj("type", "context", "elements",
                List.of(obj("type", "mrkdwn", "text", "backup-alarm " + escape(message.idempotencyKey())))));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", cut(escape(subject + "\n\n" + message.text()), MAX_TEXT));
        body.put("blocks", blocks);
        return body;
    }

    /**
     * Escapes text for Slack's mrkdwn: {@code &}, {@code <} and {@code >} as entities.
     *
     * @param text the text
     * @return the escaped text
     */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Text cut to at most {@code max} characters (UTF-16 units, which never undercounts), ending
     * in an ellipsis when cut, never inside a surrogate pair or an escaped entity.
     *
     * @param text the text
     * @param max the most characters
     * @return the text, cut if needed
     */
    public static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - ELLIPSIS.length();
        if (Character.isLowSurrogate(text.charAt(end)) && end > 0) {
            end--;
        }
        int amp = text.lastIndexOf('&', end - 1);
        if (amp >= 0 && amp >= end - 5 && text.indexOf(';', amp) >= end) {
            end = amp;
        }
        return text.substring(0, end) + ELLIPSIS;
    }

    /** The text in sections of at most {@link #MAX_SECTION_TEXT}, split at line breaks where it can be. */
    private static List<String> sections(String text) {
        List<String> sections = new ArrayList<>();
        String rest = text.strip();
        // Slack refuses a section whose text is empty, so blank parts are left out.
        while (!rest.isBlank() && sections.size() < MAX_TEXT_SECTIONS) {
            if (rest.length() <= MAX_SECTION_TEXT) {
                sections.add(rest);
                return sections;
            }
            if (sections.size() == MAX_TEXT_SECTIONS - 1) {
                sections.add(cut(rest, MAX_SECTION_TEXT));
                return sections;
            }
            int split = rest.lastIndexOf('\n', MAX_SECTION_TEXT - 1);
            if (split <= 0) {
                String part = cut(rest, MAX_SECTION_TEXT);
                sections.add(part);
                rest = rest.substring(part.length() - ELLIPSIS.length());
            } else {
                String part = rest.substring(0, split).strip();
                if (!part.isEmpty()) {
                    sections.add(part);
                }
                rest = rest.substring(split + 1).strip();
            }
        }
        return sections;
    }
}
