package io.backupalarm.channels.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.backupalarm.config.Account;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.Contact;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.ManualTime;
import io.backupalarm.quiet.TestTarget;
import io.backupalarm.spi.ConfigurationStore;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("End to end: a recipient's mailbox during an outage, and a test notification")
final class GroupedEmailEndToEndTest {

    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int CLIENTS = 12;

    private final ManualClock clock = new ManualClock(T0);
    private final ConfigurationStore store = ConfigurationStore.inMemory();
    private EmailChannel channel;

    private void configure(Locale locale) {
        channel = EmailChannel.create(TestMessages.plain(GREEN_MAIL.getSmtp().getPort()).build(), clock);
        ConfigurationAdmin admin = ConfigurationAdmin.on(store);
        admin.createAccount(new Account("acct-1", EmailAddress.of("owner@example.com"), null,
                ZoneId.of("Europe/Berlin"), locale));
        admin.importContact(Contact.verified("c-alice", "acct-1", "Alice", EmailAddress.of("alice@example.com"), null));
        admin.createVault(new Vault("v-prod", "acct-1", VaultAlarmPolicy.customized(List.of("c-alice"), List.of())));
        for (int i = 1; i <= CLIENTS; i++) {
            admin.createInstance(new Instance(client(i), "v-prod", InstanceAlarmPolicy.SAME_AS_VAULT));
        }
    }

    private static String client(int i) {
        return String.format("i-0123456789abc%03d", i);
    }

    @AfterEach
    void close() {
        if (channel != null) {
            channel.close();
        }
    }

    /** Twelve clients disconnect within 22 seconds; their alarms fire an hour later, within one group wait. */
    private void outage() {
        try (AlarmEngine engine = AlarmEngine.builder().configuration(store).manualTime(clock).channel(channel).build()) {
            for (int i = 1; i <= CLIENTS; i++) {
                engine.report(new AlarmEvent.ClientDisconnected(client(i), clock.instant()));
                ManualTime.of(engine).advanceTo(clock.instant().plusSeconds(2));
            }
            ManualTime.of(engine).advanceTo(T0.plus(Duration.ofHours(1)).plusSeconds(29));
            assertThat(GREEN_MAIL.getReceivedMessages()).as("still collecting").isEmpty();
            ManualTime.of(engine).advanceTo(T0.plus(Duration.ofHours(1)).plusSeconds(30));
        }
    }

    private static BodyPart part(MimeMessage mail, String type) throws Exception {
        MimeMultipart alternative = (MimeMultipart) mail.getContent();
        assertThat(alternative.getContentType()).startsWith("multipart/alternative");
        for (int i = 0; i < alternative.getCount(); i++) {
            if (alternative.getBodyPart(i).isMimeType(type)) {
                return alternative.getBodyPart(i);
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    private static int count(String text, String what) {
        Matcher matcher = Pattern.compile(Pattern.quote(what)).matcher(text);
        int found = 0;
        while (matcher.find()) {
            found++;
        }
        return found;
    }

    @Test
    @DisplayName("twelve clients disconnecting together make one email that lists every alarm, with an HTML table")
    void oneEmailListsEveryAlarm() throws Exception {
        configure(Locale.ENGLISH);
        outage();

        MimeMessage[] received = GREEN_MAIL.getReceivedMessagesForDomain("alice@example.com");
        assertThat(received).hasSize(1);
        MimeMessage mail = received[0];
        assertThat(mail.getSubject()).isEqualTo("[Backup alarm] 12 notifications (disconnected: 12)");
        assertThat(mail.getHeader(EmailChannel.KIND_HEADER)).containsExactly("GROUPED");
        assertThat(mail.getHeader(EmailChannel.IDEMPOTENCY_HEADER)).singleElement().asString().startsWith("ba1-");

        String text = (String) part(mail, "text/plain").getContent();
        assertThat(text).startsWith("Backup alarm has 12 notifications for you (disconnected: 12):")
                .contains("Account: acct-1");
        for (int i = 1; i <= CLIENTS; i++) {
            // The alarm of client i opened (i - 1) × 2 seconds after T0, shown in the account's time zone.
            assertThat(text).contains("- Alarm: Client disconnected on " + client(i) + " (vault v-prod), "
                    + "since 2026-01-01 01:00 UTC+01:00, occurrences: 1");
        }

        String html = (String) part(mail, "text/html").getContent();
        assertThat(html).contains("<table", "<th align=\"left\">Client</th>", "<th align=\"left\">Since</th>")
                .doesNotContain(">Job<", ">Error<");
        String body = html.substring(html.indexOf("<tbody>"), html.indexOf("</tbody>"));
        assertThat(count(body, "<tr>")).isEqualTo(CLIENTS);
        for (int i = 1; i <= CLIENTS; i++) {
            assertThat(body).contains("<td valign=\"top\">Alarm</td><td valign=\"top\">Client disconnected</td>"
                    + "<td valign=\"top\">" + client(i) + "</td><td valign=\"top\">v-prod</td>");
        }
    }

    @Test
    @DisplayName("a Chinese account's grouped email has a Chinese subject, text and table")
    void chineseRecipient() throws Exception {
        configure(Locale.SIMPLIFIED_CHINESE);
        outage();

        MimeMessage mail = GREEN_MAIL.getReceivedMessagesForDomain("alice@example.com")[0];
        assertThat(GREEN_MAIL.getReceivedMessages()).hasSize(1);
        assertThat(mail.getSubject()).isEqualTo("【备份告警】12 条通知（断开连接12个）");
        assertThat((String) part(mail, "text/plain").getContent())
                .contains("- 告警：客户端断开连接，客户端 " + client(7) + "（备份库 v-prod），自 2026-01-01 01:00 UTC+01:00 起");
        assertThat((String) part(mail, "text/html").getContent()).contains("<html lang=\"zh-CN\">",
                "<th align=\"left\">客户端</th>", "<td valign=\"top\">" + client(12) + "</td>");
    }

    @Test
    @DisplayName("a test notification arrives at once as its own email, saying what it is")
    void testNotification() throws Exception {
        configure(Locale.ENGLISH);
        try (AlarmEngine engine = AlarmEngine.builder().configuration(store).manualTime(clock).channel(channel).build()) {
            assertThat(engine.sendTest(TestTarget.instance(client(3))).messages()).hasSize(1);
            ManualTime.of(engine).advanceTo(clock.instant());
        }
        MimeMessage[] received = GREEN_MAIL.getReceivedMessagesForDomain("alice@example.com");
        assertThat(received).hasSize(1);
        assertThat(received[0].getSubject()).isEqualTo("[Backup alarm] Test notification for backup client "
                + client(3));
        assertThat(received[0].getHeader(EmailChannel.KIND_HEADER)).containsExactly("TEST");
        // SMTP carries CRLF line ends.
        assertThat(((String) part(received[0], "text/plain").getContent()).replace("\r\n", "\n").strip()).isEqualTo(
                "This is a test notification from backup alarm for backup client " + client(3) + " (vault v-prod). "
                + "It needs no action: it shows that alarms reach you at this address.\n\nAccount: acct-1");
    }
}
