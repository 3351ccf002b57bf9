package io.backupalarm.channels.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("The email channel, sending to GreenMail")
final class EmailChannelGreenMailTest {

    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.SMTPS.dynamicPort()});

    private static final Instant NOW = Instant.parse("2026-11-27T08:30:00Z");

    private EmailChannel channel;

    @AfterEach
    void closeChannel() {
        if (channel != null) {
            channel.close();
        }
    }

    private EmailChannel plainChannel() {
        channel = EmailChannel.create(TestMessages.plain(GREEN_MAIL.getSmtp().getPort())
                .fromName("备份告警 \"Backup\" <alarms>")
                .replyTo("support@backup.example")
                .build(), Clock.fixed(NOW, ZoneOffset.UTC));
        return channel;
    }

    @Test
    @DisplayName("an alarm arrives as UTF-8 multipart plain text and HTML, with an encoded Chinese subject")
    void contentAndEncodings() throws Exception {
        String subject = "备份失败：客户端 i-web1 的作业 nightly";
        String text = "客户端 i-web1 的备份作业 nightly 失败。\n错误：磁盘已满\n\nBackup job nightly failed — «disk full».";
        OutboundMessage message = new OutboundMessage("k-zh-1", "email", "ops@backup.example",
                OutboundMessage.Kind.FIRING, Locale.SIMPLIFIED_CHINESE, subject, text, Map.of());

        DeliveryResult result = plainChannel().send(message);

        assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
        MimeMessage[] received = GREEN_MAIL.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage mail = received[0];
        assertThat(mail.getSubject()).isEqualTo(subject);
        assertThat(mail.getHeader("Subject")[0]).startsWith("=?UTF-8?");
        assertThat(mail.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        BodyPart plain = parts.getBodyPart(0);
        BodyPart html = parts.getBodyPart(1);
        assertThat(plain.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(html.getContentType()).startsWith("text/html").containsIgnoringCase("charset=UTF-8");
        assertThat(normalize((String) plain.getContent())).isEqualTo(text);
        assertThat(normalize((String) html.getContent()))
                .contains("<html lang=\"zh-CN\">")
                .contains("<title>" + subject + "</title>")
                .contains("<p>客户端 i-web1 的备份作业 nightly 失败。<br>\n错误：磁盘已满</p>")
                .contains("<p>Backup job nightly failed — «disk full».</p>");
        assertThat(mail.getHeader("Content-Language")[0]).isEqualTo("zh-CN");
    }

    @Test
    @DisplayName("the sender, reply address, date, Message-ID and idempotency key arrive as headers")
    void headers() throws Exception {
        OutboundMessage message = TestMessages.firing("ops@backup.example");

        DeliveryResult result = plainChannel().send(message);

        MimeMessage mail = GREEN_MAIL.getReceivedMessages()[0];
        InternetAddress from = (InternetAddress) mail.getFrom()[0];
        assertThat(from.getAddress()).isEqualTo(TestMessages.FROM);
        assertThat(from.getPersonal()).isEqualTo("备份告警 \"Backup\" <alarms>");
        assertThat(((InternetAddress) mail.getReplyTo()[0]).getAddress()).isEqualTo("support@backup.example");
        assertThat(mail.getSentDate().toInstant()).isEqualTo(NOW);
        assertThat(mail.getHeader(EmailChannel.IDEMPOTENCY_HEADER)).containsExactly(message.idempotencyKey());
        assertThat(mail.getHeader(EmailChannel.KIND_HEADER)).containsExactly("FIRING");
        assertThat(mail.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        assertThat(mail.getMessageID()).isEqualTo(channel.messageId(message.idempotencyKey()))
                .matches("<[0-9a-f]{40}\\.backup-alarm@backup\\.example>");
        assertThat(result).isEqualTo(DeliveryResult.delivered(mail.getMessageID()));
    }

    @Test
    @DisplayName("a message sent twice arrives twice with the same Message-ID and key, so the receiver can drop one")
    void duplicatesShareTheMessageId() throws Exception {
        OutboundMessage message = TestMessages.firing("ops@backup.example");
        EmailChannel sender = plainChannel();

        sender.send(message);
        sender.send(message);

        MimeMessage[] received = GREEN_MAIL.getReceivedMessages();
        assertThat(received).hasSize(2);
        assertThat(received[0].getMessageID()).isEqualTo(received[1].getMessageID());
        assertThat(received[0].getHeader(EmailChannel.IDEMPOTENCY_HEADER))
                .isEqualTo(received[1].getHeader(EmailChannel.IDEMPOTENCY_HEADER));
        assertThat(sender.messageId("another-key")).isNotEqualTo(received[0].getMessageID());
    }

    @Test
    @DisplayName("markup and header lines in a job message stay text: no script, no extra header, no extra recipient")
    void noInjection() throws Exception {
        String text = "Job <b>x</b> failed: <script>alert('x')</script> & more\r\nBcc: victim@elsewhere.example\r\n\r\n.\r\nok";
        OutboundMessage message = TestMessages.message("ops@backup.example", OutboundMessage.Kind.FIRING,
                "Failed <img src=x onerror=alert(1)> Bcc: victim@elsewhere.example", text);

        DeliveryResult result = plainChannel().send(message);

        assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
        MimeMessage mail = GREEN_MAIL.getReceivedMessages()[0];
        assertThat(mail.getHeader("Bcc")).isNull();
        assertThat(mail.getAllRecipients()).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("ops@backup.example");
        assertThat(GREEN_MAIL.getReceivedMessagesForDomain("elsewhere.example")).isEmpty();
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        String html = normalize((String) parts.getBodyPart(1).getContent());
        assertThat(html).doesNotContain("<script>", "<b>", "<img")
                .contains("Job &lt;b&gt;x&lt;/b&gt; failed: &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more<br>")
                .contains("<title>Failed &lt;img src=x onerror=alert(1)&gt; Bcc: victim@elsewhere.example</title>");
        assertThat(normalize((String) parts.getBodyPart(0).getContent())).isEqualTo(normalize(text));
    }

    @Test
    @DisplayName("a verification code goes out as an email with the code in both parts")
    void verificationCode() throws Exception {
        OutboundMessage message = new OutboundMessage("verify-42", "email", "new.contact@backup.example",
                OutboundMessage.Kind.VERIFICATION_CODE, Locale.ENGLISH, "Your verification code",
                "Your verification code is 482913. It is valid for 15 minutes.",
                Map.of(OutboundMessage.DataKeys.CODE, "482913", OutboundMessage.DataKeys.CODE_VALID_MINUTES, "15"));

        DeliveryResult result = plainChannel().send(message);

        assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
        MimeMessage mail = GREEN_MAIL.getReceivedMessages()[0];
        assertThat(mail.getHeader(EmailChannel.KIND_HEADER)).containsExactly("VERIFICATION_CODE");
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        assertThat((String) parts.getBodyPart(0).getContent()).contains("482913");
        assertThat((String) parts.getBodyPart(1).getContent()).contains("482913");
    }

    @Test
    @DisplayName("implicit TLS delivers to an SMTPS server whose certificate the configured context trusts")
    void implicitTls() throws Exception {
        channel = EmailChannel.create(EmailSettings.custom()
                .host("localhost")
                .port(GREEN_MAIL.getSmtps().getPort())
                .security(SmtpSecurity.TLS)
                .sslContext(TestTls.clientContext())
                .from(TestMessages.FROM)
                .ehloName("client.test")
                .build());

        DeliveryResult result = channel.send(TestMessages.firing("ops@backup.example"));

        assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(GREEN_MAIL.getReceivedMessages()).hasSize(1);
    }

    @Test
    @DisplayName("a server that does not offer STARTTLS when it is required gets nothing and the failure is permanent")
    void startTlsRequiredButMissing() {
        channel = EmailChannel.create(TestMessages.plain(GREEN_MAIL.getSmtp().getPort())
                .security(SmtpSecurity.STARTTLS).build());

        DeliveryResult result = channel.send(TestMessages.firing("ops@backup.example"));

        assertThat(result).isInstanceOfSatisfying(DeliveryResult.PermanentFailure.class,
                failure -> assertThat(failure.reason()).contains("STARTTLS"));
        assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    @DisplayName("a server that is down is a temporary failure naming the server")
    void serverDown() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        channel = EmailChannel.create(TestMessages.plain(port).build());

        DeliveryResult result = channel.send(TestMessages.firing("ops@backup.example"));

        assertThat(result).isInstanceOfSatisfying(DeliveryResult.TemporaryFailure.class,
                failure -> assertThat(failure.reason()).contains("127.0.0.1:" + port));
    }

    @Test
    @DisplayName("the raw message is 7-bit clean: every non-ASCII character is encoded")
    void rawMessageIsSevenBit() throws Exception {
        plainChannel().send(TestMessages.message("ops@backup.example", OutboundMessage.Kind.RESOLVED,
                "已解决：客户端 i-web1 重新连接", "客户端 i-web1 已重新连接。"));

        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        GREEN_MAIL.getReceivedMessages()[0].writeTo(raw);
        byte[] bytes = raw.toByteArray();
        for (byte b : bytes) {
            assertThat(b & 0xff).isLessThan(0x80);
        }
        assertThat(new String(bytes, StandardCharsets.US_ASCII)).contains("X-Backup-Alarm-Kind: RESOLVED");
    }

    private static String normalize(String text) {
        return text.replace("\r\n", "\n");
    }
}
