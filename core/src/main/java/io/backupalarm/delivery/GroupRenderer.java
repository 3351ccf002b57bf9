package io.backupalarm.delivery;

import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.OutboundMessage.DataKeys;
import io.backupalarm.text.SafeText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Renders a grouped message from the {@code GROUPED.*} templates of one language. Used once per
 * message; not thread-safe (it is never shared).
 */
final class GroupRenderer {

    /** The prefix of every grouped template key. */
    static final String PREFIX = "GROUPED.";

    /** The placeholder of a summary entry's number, and of the message's number of notifications. */
    private static final String COUNT = DataKeys.COUNT;
    private static final String SUMMARY = "summary";
    private static final String MORE = "more";

    /** The order in which summary entries are listed. */
    private static final OutboundMessage.Kind[] KINDS = {OutboundMessage.Kind.FIRING, OutboundMessage.Kind.REPEAT,
        OutboundMessage.Kind.RESOLVED, OutboundMessage.Kind.TEST};

    private final UnaryOperator<String> patterns;
    private final Locale locale;
    private final Function<Instant, String> time;

    /**
     * @param patterns the pattern of a key without the language (such as {@code GROUPED.sms.text}),
     *        already resolved to the recipient's language or English
     */
    GroupRenderer(UnaryOperator<String> patterns, Locale locale, Function<Instant, String> time) {
        this.patterns = patterns;
        this.locale = locale;
        this.time = time;
    }

    /** An SMS: the count, the kinds and as many of the first clients as fit the segment limit. */
    MessageTemplates.Rendered sms(List<NotificationItem> items, String account) {
        Map<String, String> data = messageData(items, account);
        String subject = fill("email.subject", data, true);
        String pattern = pattern("sms.text");
        List<String> instances = distinctInstances(items);
        String best = MessageTemplates.fill(pattern, data, false);
        if (SmsSegmentCounter.segments(best) > MessageTemplates.GROUP_SMS_SEGMENTS) {
            // Only a host's template can be this long: cut it rather than exceed the limit.
            return new MessageTemplates.Rendered(subject,
                    SmsSegmentCounter.shorten(best, MessageTemplates.GROUP_SMS_SEGMENTS));
        }
        String separator = pattern("instances.separator");
        // One more client at a time while the text fits: each adds a name and a separator, so once
        // one does not fit the next ones will not either; but naming them all drops the "and n
        // more" section, so the complete list is tried too.
        for (int n = 1; n <= instances.size(); n++) {
            String candidate = smsNaming(pattern, data, instances, n, separator);
            if (SmsSegmentCounter.segments(candidate) > MessageTemplates.GROUP_SMS_SEGMENTS) {
                String all = smsNaming(pattern, data, instances, instances.size(), separator);
                if (SmsSegmentCounter.segments(all) <= MessageTemplates.GROUP_SMS_SEGMENTS) {
                    best = all;
                }
                break;
            }
            best = candidate;
        }
        return new MessageTemplates.Rendered(subject, best);
    }

    /** The SMS text naming the first {@code n} clients (and how many it leaves out). */
    private static String smsNaming(String pattern, Map<String, String> data, List<String> instances, int n,
                                    String separator) {
        Map<String, String> naming = new HashMap<>(data);
        naming.put(DataKeys.INSTANCES, String.join(separator, instances.subList(0, n)));
        if (n < instances.size()) {
            naming.put(MORE, Integer.toString(instances.size() - n));
        }
        return MessageTemplates.fill(pattern, naming, false);
    }

    /**
     * An email (or any channel but SMS): a line per notification in the text, a table in the HTML.
     * Both are written in one pass, so a group of a hundred thousand keeps no row per notification
     * while it is rendered.
     */
    MessageTemplates.Rendered email(List<NotificationItem> items, String account) {
        Map<String, String> data = messageData(items, account);
        String subject = fill("email.subject", data, true);
        String intro = fill("email.intro", data, false).strip();
        String footer = fill("email.footer", data, false).strip();
        String itemPattern = pattern("email.item");
        List<String> columns = columns(items);
        StringBuilder text = new StringBuilder(intro.length() + 64 + items.size() * 128).append(intro).append("\n\n");
        StringBuilder html = htmlStart(subject, intro, columns, items.size());
        for (NotificationItem item : items) {
            Map<String, String> row = itemData(item);
            text.append(MessageTemplates.fill(itemPattern, row, true)).append('\n');
            html.append("<tr>");
            for (String column : columns) {
                html.append("<td valign=\"top\">").append(escapeLines(row.getOrDefault(column, ""))).append("</td>");
            }
            html.append("</tr>\n");
        }
        if (!footer.isEmpty()) {
            text.append('\n').append(footer).append('\n');
        }
        html.append("</tbody>\n</table>\n");
        if (!footer.isEmpty()) {
            html.append("<p>").append(escapeLines(footer)).append("</p>\n");
        }
        html.append("</body>\n</html>\n");
        return new MessageTemplates.Rendered(subject, text.toString(), html.toString());
    }

    private Map<String, String> messageData(List<NotificationItem> items, String account) {
        Map<String, String> data = new HashMap<>();
        data.put(COUNT, Integer.toString(items.size()));
        data.put(SUMMARY, summary(items));
        if (account != null) {
            data.put(DataKeys.ACCOUNT, account);
        }
        return data;
    }

    /** One entry per kind (and alarm type) present, in a fixed order, with how many of it. */
    private String summary(List<NotificationItem> items) {
        Map<OutboundMessage.Kind, Map<AlarmType, Integer>> alarms = new EnumMap<>(OutboundMessage.Kind.class);
        int tests = 0;
        for (NotificationItem item : items) {
            if (item.alarm() == null) {
                tests++;
            } else {
                alarms.computeIfAbsent(item.kind(), k -> new EnumMap<>(AlarmType.class))
                        .merge(item.alarm(), 1, Integer::sum);
            }
        }
        List<String> entries = new ArrayList<>();
        for (OutboundMessage.Kind kind : KINDS) {
            for (Map.Entry<AlarmType, Integer> counted : alarms.getOrDefault(kind, Map.of()).entrySet()) {
                entries.add(fill("summary." + kind + "." + counted.getKey(),
                        Map.of(COUNT, counted.getValue().toString()), true));
            }
        }
        if (tests > 0) {
            entries.add(fill("summary." + OutboundMessage.Kind.TEST, Map.of(COUNT, Integer.toString(tests)), true));
        }
        return String.join(pattern("summary.separator"), entries);
    }

    private Map<String, String> itemData(NotificationItem item) {
        Map<String, String> data = new HashMap<>();
        data.put("kind", item.kind().name());
        data.put("kindLabel", pattern("label." + item.kind()));
        if (item.alarm() != null) {
            data.put(DataKeys.ALARM, item.alarm().name());
            data.put("alarmLabel", pattern("label." + item.alarm()));
        }
        putIfPresent(data, DataKeys.INSTANCE, item.instance());
        putIfPresent(data, DataKeys.VAULT, item.vault());
        putIfPresent(data, DataKeys.JOB, item.job());
        putIfPresent(data, DataKeys.MESSAGE, item.message());
        putIfPresent(data, DataKeys.CONTACT, item.contact());
        data.put(DataKeys.OCCURRENCES, Integer.toString(item.occurrences()));
        data.put(DataKeys.SINCE, time.apply(item.openedAt()));
        return data;
    }

    private static List<String> distinctInstances(List<NotificationItem> items) {
        LinkedHashSet<String> instances = new LinkedHashSet<>();
        for (NotificationItem item : items) {
            if (item.instance() != null) {
                instances.add(item.instance());
            }
        }
        return List.copyOf(instances);
    }

    /** The HTML table's columns: the job and error columns only when some notification has one. */
    private static List<String> columns(List<NotificationItem> items) {
        List<String> columns = new ArrayList<>(List.of("kindLabel", "alarmLabel", DataKeys.INSTANCE, DataKeys.VAULT));
        if (items.stream().anyMatch(item -> item.job() != null)) {
            columns.add(DataKeys.JOB);
        }
        columns.add(DataKeys.SINCE);
        columns.add(DataKeys.OCCURRENCES);
        if (items.stream().anyMatch(item -> item.message() != null)) {
            columns.add(DataKeys.MESSAGE);
        }
        return columns;
    }

    /**
     * The start of a complete HTML document, up to the table's body: the intro and a table of every
     * notification follow, then the footer. Every value is escaped, so nothing in an id, a job or
     * an error message can add markup.
     */
    private StringBuilder htmlStart(String subject, String intro, List<String> columns, int rows) {
        StringBuilder html = new StringBuilder(512 + intro.length() + rows * (16 + columns.size() * 40));
        html.append("<!DOCTYPE html>\n<html lang=\"").append(SafeText.html(locale.toLanguageTag())).append("\">\n")
                .append("<head>\n<meta charset=\"UTF-8\">\n<title>").append(SafeText.html(subject)).append("</title>\n")
                .append("</head>\n<body style=\"font-family: sans-serif; line-height: 1.4;\">\n")
                .append("<p>").append(escapeLines(intro)).append("</p>\n")
                // Attributes rather than a style sheet: mail clients keep them, and they cost little per row.
                .append("<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\" style=\"border-collapse: collapse;\">\n")
                .append("<thead>\n<tr>");
        for (String column : columns) {
            html.append("<th align=\"left\">").append(SafeText.html(pattern("column." + heading(column)))).append("</th>");
        }
        return html.append("</tr>\n</thead>\n<tbody>\n");
    }

    private static String heading(String column) {
        return switch (column) {
            case "kindLabel" -> "kind";
            case "alarmLabel" -> "alarm";
            default -> column;
        };
    }

    /** Escapes a value and turns its line breaks into {@code <br>}. */
    private static String escapeLines(String value) {
        if (value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return SafeText.html(value); // nearly every cell: one line
        }
        String[] lines = value.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.append("<br>\n");
            }
            out.append(SafeText.html(lines[i]));
        }
        return out.toString();
    }

    private String fill(String key, Map<String, String> data, boolean oneLine) {
        return MessageTemplates.fill(pattern(key), data, oneLine);
    }

    private String pattern(String key) {
        return Objects.requireNonNull(patterns.apply(PREFIX + key), () -> "no template " + PREFIX + key);
    }

    private static void putIfPresent(Map<String, String> data, String key, String value) {
        if (value != null) {
            data.put(key, value);
        }
    }
}
