package io.backupalarm.examples.boot;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;

/**
 * The outside world of the demo, on loopback: a GreenMail SMTP server that logs every mail it
 * receives, and a {@link LoopbackSmsGateway} that logs every text. Both start before the
 * context, on free ports, and point {@code backup-alarm.channels.email} and
 * {@code backup-alarm.channels.sms} at themselves; they stop with the context. In production
 * the same properties name a real SMTP server and SMS gateway instead.
 *
 * <p>Not thread-safe; Spring calls it once.
 */
final class DemoServers implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoServers.class);
    static final String SMS_SECRET = "demo-sms-secret-0123456789";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        LoopbackSmsGateway sms;
        try {
            sms = LoopbackSmsGateway.start(SMS_SECRET, text -> LOG.info("[phone {}] received: \"{}\"", text.to(), text.text()));
        } catch (IOException e) {
            mail.stop();
            throw new UncheckedIOException(e);
        }
        int smtpPort = mail.getSmtp().getPort();
        LOG.info("Demo mail server (GreenMail) on SMTP 127.0.0.1:{}; demo SMS gateway on {}", smtpPort, sms.url());
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("demo-servers", Map.of(
                "backup-alarm.channels.email.smtp-port", String.valueOf(smtpPort),
                "backup-alarm.channels.sms.webhook-url", sms.url(),
                "backup-alarm.channels.sms.webhook-secret", SMS_SECRET)));
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                sms.close();
                mail.stop();
            }
        });
        Thread mailLog = new Thread(() -> logMail(mail), "demo-mailbox");
        mailLog.setDaemon(true);
        mailLog.start();
    }

    /** Logs each mail as it arrives, as a person reading the mailbox would see it. */
    private static void logMail(GreenMail mail) {
        int seen = 0;
        while (true) {
            try {
                if (!mail.waitForIncomingEmail(60_000, seen + 1)) {
                    continue;
                }
            } catch (RuntimeException stopped) {
                return; // the server stopped with the context
            }
            var messages = mail.getReceivedMessages();
            for (; seen < messages.length; seen++) {
                try {
                    LOG.info("[mailbox {}] received: \"{}\"", messages[seen].getAllRecipients()[0],
                            messages[seen].getSubject());
                } catch (jakarta.mail.MessagingException e) {
                    LOG.warn("A received mail could not be read", e);
                }
            }
        }
    }
}
