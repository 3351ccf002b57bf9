package io.backupalarm.benchmarks;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.backupalarm.channels.email.EmailChannel;
import io.backupalarm.channels.email.EmailSettings;
import io.backupalarm.channels.email.SmtpSecurity;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Messages per second from the email channel, which keeps its SMTP connection open, against one
 * {@code Transport.send} per message (a new connection, EHLO and QUIT each time), both sending
 * the same multipart message to a GreenMail server on loopback in the same JVM.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar EmailThroughputBenchmark -f 1 -wi 2 -i 3 -w 2s -r 3s}
 *
 * <p>Not thread-safe; JMH gives each trial its own state.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EmailThroughputBenchmark {

    private static final String TEXT = "Backup job nightly of client i-web1 failed.\n\nMessage: disk full\nSince: 01:00 UTC";

    private GreenMail greenMail;
    private EmailChannel channel;
    private OutboundMessage message;
    private Session session;

    /** Creates the benchmark; JMH calls this. */
    public EmailThroughputBenchmark() {
    }

    /** Starts GreenMail and the channel. */
    @Setup(Level.Trial)
    public void start() {
        greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        greenMail.start();
        int port = greenMail.getSmtp().getPort();
        channel = EmailChannel.create(EmailSettings.custom()
                .host("127.0.0.1").port(port).security(SmtpSecurity.NONE)
                .from("alarms@backup.example").ehloName("bench.local")
                .maxConnections(1)
                .idleTimeout(Duration.ofMinutes(5))
                .build());
        message = new OutboundMessage("bench-1", "email", "ops@backup.example", OutboundMessage.Kind.FIRING,
                Locale.ENGLISH, "Backup failed: job nightly", TEXT, Map.of());
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", Integer.toString(port));
        props.put("mail.smtp.localhost", "bench.local");
        props.put("mail.smtp.connectiontimeout", "10000");
        props.put("mail.smtp.timeout", "30000");
        session = Session.getInstance(props);
    }

    /** Drops the received messages so memory stays flat. */
    @TearDown(Level.Iteration)
    public void purge() throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
    }

    /** Closes the channel and stops GreenMail. */
    @TearDown(Level.Trial)
    public void stop() {
        channel.close();
        greenMail.stop();
    }

    /**
     * The channel: composes and sends over its kept connection.
     *
     * @return the result, so that the JIT keeps the work
     */
    @Benchmark
    public DeliveryResult reusedConnection() {
        DeliveryResult result = channel.send(message);
        if (!(result instanceof DeliveryResult.Delivered)) {
            throw new IllegalStateException(result.toString());
        }
        return result;
    }

    /**
     * The baseline: composes the same multipart message and sends it with {@code Transport.send},
     * which opens and closes a connection for every message.
     *
     * @return the sent message
     * @throws MessagingException if sending fails
     */
    @Benchmark
    public MimeMessage newConnectionPerMessage() throws MessagingException {
        MimeMessage mime = new MimeMessage(session);
        mime.setFrom(new InternetAddress("alarms@backup.example"));
        mime.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress("ops@backup.example"));
        mime.setSubject("Backup failed: job nightly", "UTF-8");
        mime.setHeader("X-Backup-Alarm-Idempotency-Key", "bench-1");
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(TEXT, "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText("<!DOCTYPE html><html><body><p>" + TEXT.replace("\n", "<br>") + "</p></body></html>", "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(plain);
        alternative.addBodyPart(html);
        mime.setContent(alternative);
        Transport.send(mime);
        return mime;
    }
}
