package io.backupalarm.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.OutboundMessage.Kind;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Grouped and test messages, as a recipient sees them")
final class GroupedMessageTemplatesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Function<Instant, String> UTC =
            at -> DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").format(at.atZone(ZoneOffset.UTC));
    private static final MessageTemplates BUILT_IN = MessageTemplates.builtIn();

    private static NotificationItem disconnected(Kind kind, String instance) {
        return new NotificationItem("k-" + kind + instance, kind, AlarmType.CLIENT_DISCONNECTED, instance, "v-prod",
                null, null, 1, T0, T0.plusSeconds(3600), null);
    }

    private static NotificationItem failed(String instance, String job, String message) {
        return new NotificationItem("k-failed-" + instance, Kind.FIRING, AlarmType.BACKUP_FAILED, instance, "v-prod",
                job, message, 3, T0.plusSeconds(60), T0.plusSeconds(3660), null);
    }

    private static final List<NotificationItem> MIXED = List.of(
            disconnected(Kind.FIRING, "i-web1"),
            failed("i-db1", "nightly", "disk full"),
            disconnected(Kind.FIRING, "i-web2"),
            disconnected(Kind.RESOLVED, "i-web3"));

    @Test
    @DisplayName("an email names the count and the kinds in its subject and lists every notification in its text")
    void emailText() {
        MessageTemplates.Rendered email = BUILT_IN.renderGroup(Locale.ENGLISH, Channel.EMAIL, MIXED, UTC, "acct-1");

        assertThat(email.subject()).isEqualTo(
                "[Backup alarm] 4 notifications (disconnected: 2, backup failed: 1, reconnected: 1)");
        assertThat(email.text()).isEqualTo("""
                Backup alarm has 4 notifications for you (disconnected: 2, backup failed: 1, reconnected: 1):

                - Alarm: Client disconnected on i-web1 (vault v-prod), since 2026-01-01 00:00 UTC, occurrences: 1
                - Alarm: Backup failed on i-db1 (vault v-prod), job nightly, since 2026-01-01 00:01 UTC, occurrences: 3
                  Error: disk full
                - Alarm: Client disconnected on i-web2 (vault v-prod), since 2026-01-01 00:00 UTC, occurrences: 1
                - Resolved: Client disconnected on i-web3 (vault v-prod), since 2026-01-01 00:00 UTC, occurrences: 1

                Account: acct-1
                """);
    }

    @Test
    @DisplayName("an email's HTML part has a table with a row per notification and a column per fact")
    void emailHtml() {
        String html = BUILT_IN.renderGroup(Locale.ENGLISH, Channel.EMAIL, MIXED, UTC, "acct-1").html();

        assertThat(html).startsWith("<!DOCTYPE html>\n<html lang=\"en\">")
                .contains("<title>[Backup alarm] 4 notifications (disconnected: 2, backup failed: 1, reconnected: 1)"
                        + "</title>")
                .contains("<p>Backup alarm has 4 notifications for you")
                .contains("<tr><th align=\"left\">Notification</th><th align=\"left\">Alarm</th>"
                        + "<th align=\"left\">Client</th><th align=\"left\">Vault</th><th align=\"left\">Job</th>"
                        + "<th align=\"left\">Since</th><th align=\"left\">Occurrences</th>"
                        + "<th align=\"left\">Error</th></tr>")
                .contains("<tr><td valign=\"top\">Alarm</td><td valign=\"top\">Backup failed</td>"
                        + "<td valign=\"top\">i-db1</td><td valign=\"top\">v-prod</td><td valign=\"top\">nightly</td>"
                        + "<td valign=\"top\">2026-01-01 00:01 UTC</td><td valign=\"top\">3</td>"
                        + "<td valign=\"top\">disk full</td></tr>")
                .contains("<p>Account: acct-1</p>")
                .endsWith("</html>\n");
        assertThat(rows(html)).isEqualTo(4);
    }

    @Test
    @DisplayName("the table has no job or error column when no notification has one")
    void htmlWithoutOptionalColumns() {
        String html = BUILT_IN.renderGroup(Locale.ENGLISH, Channel.EMAIL,
                List.of(disconnected(Kind.FIRING, "i-a"), disconnected(Kind.REPEAT, "i-b")), UTC, null).html();
        assertThat(html).doesNotContain(">Job<", ">Error<", "Account");
        assertThat(rows(html)).isEqualTo(2);
    }

    @Test
    @DisplayName("escapes every value in the HTML part, so a job or an error message cannot add markup")
    void htmlEscapesValues() {
        List<NotificationItem> items = List.of(
                failed("i-db1", "<script>alert('x')</script>", "a & b\n<img src=x onerror=alert(1)>\u0007"),
                disconnected(Kind.FIRING, "i-web1"));
        MessageTemplates.Rendered email = BUILT_IN.renderGroup(Locale.ENGLISH, Channel.EMAIL, items, UTC, "acct-1");

        assertThat(email.html()).doesNotContain("<script>", "<img", "\u0007")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                .contains("a &amp; b<br>\n&lt;img src=x onerror=alert(1)&gt;");
        // The text keeps the values as they are, each notification on its own line.
        assertThat(email.text()).contains("job <script>alert('x')</script>")
                .contains("  Error: a & b <img src=x onerror=alert(1)>");
    }

    @Test
    @DisplayName("an SMS names the count, the kinds and the first clients, and has no HTML")
    void smsText() {
        MessageTemplates.Rendered sms = BUILT_IN.renderGroup(Locale.ENGLISH, Channel.SMS, MIXED, UTC, "acct-1");

        assertThat(sms.text()).isEqualTo("Backup alarm: 4 notifications (disconnected: 2, backup failed: 1, "
                + "reconnected: 1) for clients i-web1, i-db1, i-web2, i-web3.");
        assertThat(sms.html()).isNull();
        assertThat(sms.subject()).isEqualTo(
                "[Backup alarm] 4 notifications (disconnected: 2, backup failed: 1, reconnected: 1)");
    }

    @Test
    @DisplayName("an SMS of hundreds of notifications names as many first clients as fit in three segments")
    void smsOfAnOutage() {
        List<NotificationItem> outage = IntStream.rangeClosed(1, 300)
                .mapToObj(i -> disconnected(Kind.FIRING, "i-0123456789abcde" + String.format("%03d", i))).toList();

        String english = BUILT_IN.renderGroup(Locale.ENGLISH, Channel.SMS, outage, UTC, "acct-1").text();
        assertThat(english).startsWith("Backup alarm: 300 notifications (disconnected: 300) for clients "
                + "i-0123456789abcde001, i-0123456789abcde002, ")
                .matches(".* and \\d+ more\\.$");
        assertThat(SmsSegmentCounter.segments(english)).isEqualTo(3);
        int named = english.split(", ").length;
        assertThat(english).endsWith(" and " + (300 - named) + " more.");
        // 64 septets before the first id, 20 per id, 2 per separator, 14 for " and 283 more.": 17 ids take
        // 450 septets of the 459 in three parts; an 18th would take 472.
        assertThat(named).isEqualTo(17);
        assertThat(english).hasSize(450);

        String chinese = BUILT_IN.renderGroup(Locale.SIMPLIFIED_CHINESE, Channel.SMS, outage, UTC, "acct-1").text();
        assertThat(chinese).startsWith("【备份告警】300条通知（断开连接300个）：客户端i-0123456789abcde001、")
                .matches(".*及另外\\d+个。$");
        assertThat(SmsSegmentCounter.segments(chinese)).isEqualTo(3);
    }

    @Test
    @DisplayName("an SMS names each client once, in the order its notifications fell due")
    void smsNamesEachClientOnce() {
        List<NotificationItem> items = List.of(disconnected(Kind.FIRING, "i-b"), failed("i-a", "nightly", null),
                disconnected(Kind.RESOLVED, "i-b"), failed("i-c", "weekly", null));
        assertThat(BUILT_IN.renderGroup(Locale.ENGLISH, Channel.SMS, items, UTC, null).text())
                .isEqualTo("Backup alarm: 4 notifications (disconnected: 1, backup failed: 2, reconnected: 1) "
                        + "for clients i-b, i-a, i-c.");
    }

    @Test
    @DisplayName("Chinese: the email, its table headings and the SMS are in Chinese")
    void chinese() {
        MessageTemplates.Rendered email = BUILT_IN.renderGroup(Locale.SIMPLIFIED_CHINESE, Channel.EMAIL, MIXED, UTC,
                "acct-1");
        assertThat(email.subject()).isEqualTo("【备份告警】4 条通知（断开连接2个，备份失败1个，已重新连接1个）");
        assertThat(email.text()).contains("- 告警：备份失败，客户端 i-db1（备份库 v-prod），任务 nightly，"
                + "自 2026-01-01 00:01 UTC 起，发生次数：3\n  错误：disk full\n").contains("账号：acct-1");
        assertThat(email.html()).contains("<html lang=\"zh-CN\">", ">客户端<", ">备份库<", ">已恢复<");
        assertThat(BUILT_IN.renderGroup(Locale.SIMPLIFIED_CHINESE, Channel.SMS, MIXED, UTC, "acct-1").text())
                .isEqualTo("【备份告警】4条通知（断开连接2个，备份失败1个，已重新连接1个）：客户端i-web1、i-db1、i-web2、i-web3。");
    }

    @Test
    @DisplayName("another channel gets the email's subject, text and HTML; an unknown language gets English")
    void otherChannelAndLanguage() {
        MessageTemplates.Rendered email = BUILT_IN.renderGroup(Locale.ENGLISH, Channel.EMAIL, MIXED, UTC, "acct-1");
        assertThat(BUILT_IN.renderGroup(Locale.ENGLISH, "webhook", MIXED, UTC, "acct-1")).isEqualTo(email);
        assertThat(BUILT_IN.renderGroup(Locale.GERMAN, Channel.EMAIL, MIXED, UTC, "acct-1").subject())
                .isEqualTo(email.subject());
    }

    @Test
    @DisplayName("a host replaces a grouped template by key, for one language; the others stay built in")
    void overrideByKey() {
        MessageTemplates templates = MessageTemplates.builtIn()
                .with(Locale.ENGLISH, "GROUPED.sms.text", "{count} alarms: {instances}[[ +{more}]]")
                .with(Locale.ENGLISH, "GROUPED.instances.separator", "/")
                .with(Locale.ENGLISH, "GROUPED.label.FIRING", "NEW")
                .with(Locale.FRENCH, "GROUPED.email.subject", "[Alarme] {count} notifications");

        assertThat(templates.renderGroup(Locale.ENGLISH, Channel.SMS, MIXED, UTC, null).text())
                .isEqualTo("4 alarms: i-web1/i-db1/i-web2/i-web3");
        assertThat(templates.renderGroup(Locale.ENGLISH, Channel.EMAIL, MIXED, UTC, null).text())
                .contains("- NEW: Client disconnected on i-web1");
        // French has only the subject: every other part comes from English.
        MessageTemplates.Rendered french = templates.renderGroup(Locale.FRENCH, Channel.EMAIL, MIXED, UTC, null);
        assertThat(french.subject()).isEqualTo("[Alarme] 4 notifications");
        assertThat(french.text()).startsWith("Backup alarm has 4 notifications for you");
        assertThat(BUILT_IN.renderGroup(Locale.ENGLISH, Channel.SMS, MIXED, UTC, null).text())
                .startsWith("Backup alarm: 4 notifications");
    }

    @Test
    @DisplayName("a host's grouped SMS that is too long even without clients is cut to three segments")
    void tooLongHostTemplateIsCut() {
        MessageTemplates templates = BUILT_IN.with(Locale.ENGLISH, "GROUPED.sms.text",
                "x".repeat(500) + " {count}[[ {instances}]]");
        String text = templates.renderGroup(Locale.ENGLISH, Channel.SMS, MIXED, UTC, null).text();
        assertThat(SmsSegmentCounter.segments(text)).isEqualTo(3);
        assertThat(text).isEqualTo("x".repeat(456) + "...");
    }

    @Test
    @DisplayName("rejects an unknown key, a line break where one line is expected, and GROUPED in the per-kind method")
    void rejectsBadOverrides() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BUILT_IN.with(Locale.ENGLISH, "GROUPED.sms.txt", "x"))
                .withMessage("unknown template key 'GROUPED.sms.txt': the keys are those of the built-in "
                        + "templates_en.properties, such as GROUPED.sms.text");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BUILT_IN.with(Locale.ENGLISH, "GROUPED.email.subject", "a\nb"))
                .withMessage("template GROUPED.email.subject must not contain a line break");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BUILT_IN.with(Locale.ENGLISH, "GROUPED.label.FIRING", "a\rb"))
                .withMessage("template GROUPED.label.FIRING must not contain a line break");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BUILT_IN.with(Locale.ENGLISH, Kind.GROUPED, null, Channel.SMS, "", "x"))
                .withMessageContaining("with(Locale, String, String)");
        // Multi-line parts may have line breaks.
        assertThat(BUILT_IN.with(Locale.ENGLISH, "GROUPED.email.intro", "Hello\n\nthere")
                .renderGroup(Locale.ENGLISH, Channel.EMAIL, MIXED, UTC, null).text()).startsWith("Hello\n\nthere\n\n- ");
    }

    @Test
    @DisplayName("rejects a group of fewer than two notifications")
    void rejectsSingleItem() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BUILT_IN.renderGroup(Locale.ENGLISH, Channel.EMAIL, MIXED.subList(0, 1), UTC))
                .withMessage("a group lists at least two notifications, not 1");
    }

    @Test
    @DisplayName("a test notification says what it is and that nothing needs doing, for an instance or a contact")
    void testNotifications() {
        Map<String, String> instance = Map.of("instance", "i-web1", "vault", "v-prod", "account", "acct-1");
        Map<String, String> contact = Map.of("contact", "c-alice", "account", "acct-1");

        MessageTemplates.Rendered email = BUILT_IN.render(Locale.ENGLISH, Kind.TEST, null, Channel.EMAIL, instance);
        assertThat(email.subject()).isEqualTo("[Backup alarm] Test notification for backup client i-web1");
        assertThat(email.text()).isEqualTo("This is a test notification from backup alarm for backup client i-web1 "
                + "(vault v-prod). It needs no action: it shows that alarms reach you at this address.\n\n"
                + "Account: acct-1");
        assertThat(email.html()).isNull();
        assertThat(BUILT_IN.render(Locale.ENGLISH, Kind.TEST, null, Channel.EMAIL, contact).subject())
                .isEqualTo("[Backup alarm] Test notification");
        assertThat(BUILT_IN.render(Locale.ENGLISH, Kind.TEST, null, Channel.SMS, instance).text())
                .isEqualTo("Backup alarm test for client i-web1: alarms reach you at this number. No action needed.");
        assertThat(BUILT_IN.render(Locale.SIMPLIFIED_CHINESE, Kind.TEST, null, Channel.SMS, contact).text())
                .isEqualTo("【备份告警】测试，收到说明告警能送达此号码，无需处理。");
        assertThat(BUILT_IN.render(Locale.SIMPLIFIED_CHINESE, Kind.TEST, null, Channel.EMAIL, instance).subject())
                .isEqualTo("【备份告警】测试通知：备份客户端 i-web1");
        // Both fit one segment even with a long instance id in Chinese.
        Map<String, String> longId = Map.of("instance", "i-0123456789abcdef0", "vault", "v", "account", "a");
        assertThat(SmsSegmentCounter.segments(BUILT_IN.render(Locale.ENGLISH, Kind.TEST, null, Channel.SMS, longId)
                .text())).isEqualTo(1);
        assertThat(SmsSegmentCounter.segments(BUILT_IN.render(Locale.SIMPLIFIED_CHINESE, Kind.TEST, null,
                Channel.SMS, longId).text())).isEqualTo(1);
    }

    /** How many rows the table's body has. */
    static int rows(String html) {
        String body = html.substring(html.indexOf("<tbody>"), html.indexOf("</tbody>"));
        List<Integer> starts = new ArrayList<>();
        for (int i = body.indexOf("<tr>"); i >= 0; i = body.indexOf("<tr>", i + 1)) {
            starts.add(i);
        }
        return starts.size();
    }
}
