package io.backupalarm.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import io.backupalarm.config.Ids;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.OutboundMessage.Kind;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Failing runs print their seed; {@code -DQT_SEED=<seed>} replays one. Shrinking is bounded: a
 * group of hundreds of notifications would otherwise take many minutes to shrink.
 */
@DisplayName("Grouped message properties")
final class GroupedMessageTemplatesProperties {

    private static final int SHRINK_CYCLES = 30;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Function<Instant, String> TIME =
            at -> DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").format(at.atZone(ZoneOffset.UTC));
    private static final List<Integer> ID_CHARACTERS =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:".chars().boxed().toList();

    /** How each language names clients in a grouped SMS. */
    private record SmsWords(Locale locale, String before, String separator, Pattern more, String moreFormat,
                            String end) {
    }

    private static final SmsWords ENGLISH = new SmsWords(Locale.ENGLISH, " for clients ", ", ",
            Pattern.compile(" and (\\d+) more\\.$"), " and %d more.", ".");
    private static final SmsWords CHINESE = new SmsWords(Locale.SIMPLIFIED_CHINESE, "：客户端", "、",
            Pattern.compile("及另外(\\d+)个。$"), "及另外%d个。", "。");

    /** Any valid id: 1 to 128 characters of the id alphabet, mostly short, sometimes the longest. */
    private static Gen<String> ids() {
        Gen<Integer> lengths = integers().between(1, 24).mix(integers().between(100, 128), 25);
        return lengths.flatMap(length -> lists().of(arbitrary().pick(ID_CHARACTERS)).ofSize(length)
                .map(chars -> chars.stream().map(c -> String.valueOf((char) c.intValue()))
                        .reduce("", String::concat)));
    }

    /** Jobs are names: any printable text; messages anything, markup and line breaks included. */
    private static Gen<String> jobs() {
        return strings().betweenCodePoints(0x20, 0x7e).ofLengthBetween(1, 64)
                .mix(strings().betweenCodePoints(0x4e00, 0x4e80).ofLengthBetween(1, 20));
    }

    private static Gen<String> messages() {
        Gen<String> markup = arbitrary().pick(List.of("<b>disk</b> full", "a & b", "line 1\nline 2", "\"quoted\" 'x'"));
        return markup.mix(strings().betweenCodePoints(0x20, 0x7e).ofLengthBetween(1, 200));
    }

    private static Gen<NotificationItem> items() {
        Gen<Kind> kinds = arbitrary().pick(List.of(Kind.FIRING, Kind.REPEAT, Kind.RESOLVED));
        Gen<AlarmType> types = arbitrary().enumValues(AlarmType.class);
        Gen<String> optionalJob = jobs().toOptionals(70).map(o -> o.orElse(null));
        Gen<String> optionalMessage = messages().toOptionals(50).map(o -> o.orElse(null));
        return kinds.zip(types, ids(), ids(), (kind, type, instance, vault) -> new Object[] {kind, type, instance, vault})
                .zip(optionalJob, optionalMessage, integers().between(1, 10_000), integers().between(0, 86_400),
                        (base, job, message, occurrences, seconds) -> {
                            AlarmType type = (AlarmType) base[1];
                            boolean failure = type == AlarmType.BACKUP_FAILED;
                            Instant opened = T0.plusSeconds(seconds);
                            return new NotificationItem("k-" + base[2] + seconds, (Kind) base[0], type,
                                    (String) base[2], (String) base[3], failure ? job : null,
                                    failure ? message : null, occurrences, opened, opened.plusSeconds(3600), null);
                        });
    }

    /** Groups of 2 to 400 notifications; some repeat an instance, as a FIRING and a RESOLVED can. */
    private static Gen<List<NotificationItem>> groups() {
        return lists().of(items()).ofSizeBetween(2, 12).mix(lists().of(items()).ofSizeBetween(13, 400), 30);
    }

    private static List<String> distinctInstances(List<NotificationItem> items) {
        return List.copyOf(new LinkedHashSet<>(items.stream().map(NotificationItem::instance).toList()));
    }

    @Test
    @DisplayName("the generated ids follow the id rule")
    void idsAreValid() {
        qt().withExamples(200).forAll(ids()).checkAssert(id -> assertThat(Ids.isValid(id)).isTrue());
    }

    @Test
    @DisplayName("a grouped SMS fits three segments and names the count and as many first clients as fit, in order")
    void smsFitsAndNamesTheFirstClients() {
        qt().withExamples(300).withShrinkCycles(SHRINK_CYCLES).forAll(groups(), arbitrary().pick(List.of(ENGLISH, CHINESE))).checkAssert((items, words) -> {
            String text = MessageTemplates.builtIn().renderGroup(words.locale(), Channel.SMS, items, TIME, "acct-1")
                    .text();
            assertThat(SmsSegmentCounter.segments(text)).as(text).isLessThanOrEqualTo(3);
            assertThat(text).contains(Integer.toString(items.size()));

            List<String> instances = distinctInstances(items);
            Matcher more = words.more().matcher(text);
            int named;
            if (more.find()) {
                named = instances.size() - Integer.parseInt(more.group(1));
                assertThat(named).isBetween(1, instances.size() - 1);
            } else {
                named = text.contains(words.before()) ? instances.size() : 0;
            }
            if (named > 0) {
                String names = words.before() + String.join(words.separator(), instances.subList(0, named));
                assertThat(text).as(text).contains(names + (named < instances.size()
                        ? String.format(words.moreFormat(), instances.size() - named) : words.end()));
            }
            if (instances.get(0).length() <= 40) {
                assertThat(named).as(text).isGreaterThan(0);
            }
            if (named > 0 && named < instances.size()) {
                // Naming one more client would not fit.
                int left = instances.size() - named - 1;
                String oneMore = text.substring(0, more.start()) + words.separator() + instances.get(named)
                        + (left > 0 ? String.format(words.moreFormat(), left) : words.end());
                assertThat(SmsSegmentCounter.segments(oneMore)).as(oneMore).isGreaterThan(3);
            }
        });
    }

    @Test
    @DisplayName("a grouped email lists every notification in its text and in a row of its HTML table, escaped")
    void emailListsEveryNotification() {
        qt().withExamples(150).withShrinkCycles(SHRINK_CYCLES).forAll(groups(), arbitrary().pick(List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE)))
                .checkAssert((items, locale) -> {
                    MessageTemplates.Rendered email = MessageTemplates.builtIn().renderGroup(locale, Channel.EMAIL,
                            items, TIME, "acct-1");
                    assertThat(email.subject()).contains(Integer.toString(items.size())).doesNotContain("\n");
                    List<String> lines = email.text().lines().filter(line -> line.startsWith("- ")).toList();
                    assertThat(lines).hasSize(items.size());
                    assertThat(GroupedMessageTemplatesTest.rows(email.html())).isEqualTo(items.size());
                    for (int i = 0; i < items.size(); i++) {
                        NotificationItem item = items.get(i);
                        assertThat(lines.get(i)).contains(item.instance(), item.vault(), TIME.apply(item.openedAt()),
                                Integer.toString(item.occurrences()));
                        if (item.job() != null) {
                            assertThat(lines.get(i)).contains(item.job());
                        }
                        assertThat(email.html()).contains(">" + item.instance() + "<", ">" + item.vault() + "<",
                                ">" + io.backupalarm.text.SafeText.html(TIME.apply(item.openedAt())) + "<");
                        if (item.job() != null) {
                            assertThat(email.html()).contains(">" + io.backupalarm.text.SafeText.html(item.job()) + "<");
                        }
                        if (item.message() != null) {
                            assertThat(email.text()).contains(item.message().replace('\n', ' '));
                            assertThat(email.html()).contains(String.join("<br>\n",
                                    item.message().lines().map(io.backupalarm.text.SafeText::html).toList()));
                        }
                    }
                    // Nothing a value holds becomes markup: outside the document's own tags, no '<' is left.
                    String tagsRemoved = email.html().replaceAll("</?(!DOCTYPE html|html( lang=\"[a-zA-Z-]+\")?|head|"
                            + "meta charset=\"UTF-8\"|title|body( style=\"[^\"]*\")?|p|br|table( [^>]*)?|thead|tbody|"
                            + "tr|th( align=\"left\")?|td( valign=\"top\")?)>", "");
                    assertThat(tagsRemoved).doesNotContain("<", ">");
                });
    }
}
