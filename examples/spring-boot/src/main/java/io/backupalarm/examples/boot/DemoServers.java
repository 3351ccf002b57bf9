package io.backupalarm.examples.boot;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
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
 * The outside world of the demo, on loopback: a GreenMail SMTP server and a
 * {@link LoopbackSmsGateway}, both logging every message they receive, text included (so the
 * verification codes can be read in the log). Both start before the context on free ports,
 * point {@code backup-alarm.channels.email} and {@code backup-alarm.channels.sms} at themselves,
 * are beans of the context (so that tests read the messages), and stop with it.
 *
 * <p>Not thread-safe; Spring calls it once per context.
 */
public final class DemoServers implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoServers.class);
    /** The secret the SMS channel signs its requests to the loopback gateway with. */
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
        context.getBeanFactory().registerSingleton("demoMailServer", mail);
        context.getBeanFactory().registerSingleton("demoSmsGateway", sms);
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
                sms.close();
                mail.stop();
            }
        });
        Thread mailLog = new Thread(() -> logMail(mail), "demo-mailbox");
        mailLog.setDaemon(true);
        mailLog.start();
    }

    /** Logs each mail as it arrives, with its text: the demo's mailbox. */
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
                    LOG.info("[mailbox {}] received: \"{}\"\n{}", messages[seen].getAllRecipients()[0],
                            messages[seen].getSubject(), GreenMailUtil.getBody(messages[seen]).strip());
                } catch (jakarta.mail.MessagingException e) {
                    LOG.warn("A received mail could not be read", e);
                }
            }
        }
    }
}
