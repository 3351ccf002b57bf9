package io.backupalarm.channels.email.internal;

import io.backupalarm.channels.email.EmailSettings;
import io.backupalarm.channels.email.SmtpSecurity;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.text.SafeText;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps SMTP connections open and reuses them for following messages.
 *
 * <p>At most {@link EmailSettings#maxConnections()} connections exist at once; a send takes an
 * idle connection (or opens one), sends, and puts it back. A connection is closed instead of
 * being put back after {@link EmailSettings#maxMessagesPerConnection()} messages or after any
 * failure, and is not reused after sitting idle for longer than
 * {@link EmailSettings#idleTimeout()}. When a reused connection turns out to be lost (the server
 * closed it while idle), the message is tried once more on a new connection.
 *
 * <p>Thread-safe: a connection is used by one thread at a time, handed over through a
 * concurrent deque guarded by a semaphore.
 */
public final class SmtpConnectionPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpConnectionPool.class);

    private final EmailSettings settings;
    private final Clock clock;
    private final Session session;
    private final String protocol;
    private final String server;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    /**
     * Creates a pool; no connection is opened until the first send.
     *
     * @param settings the SMTP settings
     * @param clock the clock that measures idle time
     */
    public SmtpConnectionPool(EmailSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.protocol = settings.security() == SmtpSecurity.TLS ? "smtps" : "smtp";
        this.session = Session.getInstance(sessionProperties(settings, protocol));
        this.server = settings.host() + ":" + settings.port();
        this.permits = new Semaphore(settings.maxConnections(), true);
    }

    /**
     * The mail session of this pool, to create messages in.
     *
     * @return the session
     */
    public Session session() {
        return session;
    }

    /**
     * The server as {@code host:port}.
     *
     * @return the server, for failure reasons
     */
    public String server() {
        return server;
    }

    /**
     * Sends a message over a pooled connection. Never throws.
     *
     * @param message the composed message
     * @param recipients the envelope recipients
     * @param receipt the receipt of a delivered result (the Message-ID)
     * @return the outcome
     */
    public DeliveryResult send(MimeMessage message, Address[] recipients, String receipt) {
        if (closed) {
            return DeliveryResult.temporaryFailure("the email channel is closed");
        }
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryResult.temporaryFailure("interrupted while waiting for an SMTP connection to " + server);
        }
        try {
            if (closed) {
                return DeliveryResult.temporaryFailure("the email channel is closed");
            }
            Connection connection = takeIdle();
            boolean reused = connection != null;
            if (!reused) {
                try {
                    connection = open();
                } catch (MessagingException | RuntimeException e) {
                    return classify(e).result();
                }
            }
            FailureClassifier.Failure failure = attempt(connection, message, recipients);
            if (failure == null) {
                return DeliveryResult.delivered(receipt);
            }
            if (!(reused && failure.connectionLevel()) || closed) {
                return failure.result();
            }
            // The kept connection was lost while idle; the server did not take the message.
            LOG.debug("SMTP connection to {} was lost; reconnecting: {}", server, failure.result());
            try {
                connection = open();
            } catch (MessagingException | RuntimeException e) {
                return classify(e).result();
            }
            FailureClassifier.Failure second = attempt(connection, message, recipients);
            return second == null ? DeliveryResult.delivered(receipt) : second.result();
        } finally {
            permits.release();
        }
    }

    /**
     * Closes every idle connection; connections in use are closed when their send ends. Sends
     * after closing return a temporary failure. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        drainIdle();
    }

    private void drainIdle() {
        Connection connection;
        while ((connection = idle.pollFirst()) != null) {
            connection.close();
        }
    }

    private FailureClassifier.Failure attempt(Connection connection, MimeMessage message, Address[] recipients) {
        try {
            connection.transport.sendMessage(message, recipients);
        } catch (MessagingException | RuntimeException e) {
            // After a failure the state of the SMTP conversation is uncertain: start afresh.
            connection.close();
            return classify(e);
        }
        connection.sent++;
        connection.lastUsed = clock.instant();
        if (closed || connection.sent >= settings.maxMessagesPerConnection()) {
            connection.close();
        } else {
            idle.offerFirst(connection);
            if (closed) {
                // close() ran between the check above and the offer: do not leave it open.
                drainIdle();
            }
        }
        return null;
    }

    private FailureClassifier.Failure classify(Exception error) {
        // The reason carries the messages; the trace is for whoever debugs a TLS or network problem.
        LOG.debug("SMTP exchange with {} failed: {}", server, SafeText.describe(error), SafeText.loggable(error));
        return FailureClassifier.classify(error, server);
    }

    private Connection takeIdle() {
        Connection connection;
        while ((connection = idle.pollFirst()) != null) {
            Duration idleFor = Duration.between(connection.lastUsed, clock.instant());
            if (idleFor.compareTo(settings.idleTimeout()) <= 0) {
                return connection;
            }
            connection.close();
        }
        return null;
    }

    private Connection open() throws MessagingException {
        Transport transport = session.getTransport(protocol);
        try {
            transport.connect(settings.host(), settings.port(),
                    settings.username().orElse(null), settings.password().orElse(null));
        } catch (MessagingException | RuntimeException e) {
            closeQuietly(transport);
            throw e;
        }
        LOG.debug("opened SMTP connection to {}", server);
        return new Connection(transport, clock.instant());
    }

    private static Properties sessionProperties(EmailSettings settings, String protocol) {
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.put("mail.transport.protocol", protocol);
        props.put(p + "host", settings.host());
        props.put(p + "port", Integer.toString(settings.port()));
        props.put(p + "connectiontimeout", Long.toString(settings.connectTimeout().toMillis()));
        props.put(p + "timeout", Long.toString(settings.readTimeout().toMillis()));
        props.put(p + "writetimeout", Long.toString(settings.readTimeout().toMillis()));
        props.put(p + "auth", Boolean.toString(settings.username().isPresent()));
        props.put(p + "quitwait", "false");
        props.put(p + "ssl.checkserveridentity", "true");
        settings.ehloName().ifPresent(name -> props.put(p + "localhost", name));
        if (settings.security() == SmtpSecurity.STARTTLS) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        if (settings.security() == SmtpSecurity.TLS) {
            props.put(p + "ssl.enable", "true");
        }
        settings.sslContext().ifPresent(context -> props.put(p + "ssl.socketFactory", context.getSocketFactory()));
        props.put("mail.mime.charset", "UTF-8");
        return props;
    }

    private static void closeQuietly(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            // The message may quote the server: escaped, as every text from the server is.
            LOG.debug("closing an SMTP connection failed: {}", SafeText.describe(e), SafeText.loggable(e));
        }
    }

    /** One open SMTP connection; used by one thread at a time. */
    private static final class Connection {
        final Transport transport;
        int sent;
        Instant lastUsed;

        Connection(Transport transport, Instant opened) {
            this.transport = transport;
            this.lastUsed = opened;
        }

        void close() {
            closeQuietly(transport);
        }
    }
}
