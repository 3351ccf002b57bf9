package io.backupalarm.channels.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A small SMTP server on a loopback socket whose answers a test scripts: refused mailboxes
 * (550), queued replies for the next RCPT (for example 451, or a reply of several lines),
 * STARTTLS, AUTH PLAIN, holding the reply to a message's data, and dropping open connections.
 * It records every accepted message and counts connections, commands and QUITs.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    /** A message the server accepted. */
    record Received(String envelopeFrom, List<String> recipients, byte[] raw, boolean overTls) {
        MimeMessage parse() throws MessagingException {
            return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
        }

        String header(String name) throws MessagingException {
            String[] values = parse().getHeader(name);
            return values == null ? null : values[0];
        }
    }

    private final ServerSocket serverSocket;
    private final Thread acceptor;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger commands = new AtomicInteger();
    private final Semaphore quits = new Semaphore(0);
    private final Semaphore ended = new Semaphore(0);
    private final Queue<CountDownLatch[]> heldData = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Set<String> refused = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Queue<String> nextRcptReplies = new ConcurrentLinkedQueue<>();
    private final Queue<String> nextDataReplies = new ConcurrentLinkedQueue<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile SSLContext startTls;
    private volatile String user;
    private volatile String password;

    ScriptedSmtpServer() throws IOException {
        serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "scripted-smtp-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    /** Answers RCPT for this mailbox with 550. */
    ScriptedSmtpServer refuse(String mailbox) {
        refused.add(mailbox.toLowerCase(Locale.ROOT));
        return this;
    }

    /** Answers the next RCPT with this reply instead of accepting it. */
    ScriptedSmtpServer answerNextRcptWith(String reply) {
        nextRcptReplies.add(reply);
        return this;
    }

    /** Answers the end of the next message's data with this reply instead of accepting it. */
    ScriptedSmtpServer answerNextDataWith(String reply) {
        nextDataReplies.add(reply);
        return this;
    }

    /**
     * Holds the reply to the end of the next message's data until the returned latch is
     * released; {@code arrived} is counted down once the data is in.
     */
    CountDownLatch holdNextData(CountDownLatch arrived) {
        CountDownLatch release = new CountDownLatch(1);
        heldData.add(new CountDownLatch[] {arrived, release});
        return release;
    }

    /** Offers STARTTLS with this server context. */
    ScriptedSmtpServer offerStartTls(SSLContext context) {
        this.startTls = context;
        return this;
    }

    /** Offers AUTH PLAIN and requires it before MAIL. */
    ScriptedSmtpServer requireAuth(String user, String password) {
        this.user = user;
        this.password = password;
        return this;
    }

    /** Closes every open client connection from the server side, as an idle timeout would. */
    void dropOpenConnections() throws IOException {
        for (Socket socket : open) {
            socket.close();
        }
    }

    int connections() {
        return connections.get();
    }

    /** Commands received over all connections (a message's data lines not counted). */
    int commands() {
        return commands.get();
    }

    /** Waits (at most the timeout, which only bounds a hang) until {@code count} more QUITs came. */
    boolean awaitQuits(int count, Duration timeout) throws InterruptedException {
        return quits.tryAcquire(count, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits (at most the timeout) until {@code count} more connections have ended. */
    boolean awaitEnded(int count, Duration timeout) throws InterruptedException {
        return ended.tryAcquire(count, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    int countFor(String address, String idempotencyKey) throws MessagingException {
        int count = 0;
        for (Received message : received) {
            if (message.recipients().contains(address)
                    && idempotencyKey.equals(message.header(EmailChannel.IDEMPOTENCY_HEADER))) {
                count++;
            }
        }
        return count;
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        dropOpenConnections();
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket socket = serverSocket.accept();
                connections.incrementAndGet();
                open.add(socket);
                Thread handler = new Thread(() -> serve(socket), "scripted-smtp-" + connections.get());
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket plain) {
        Socket socket = plain;
        try {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            boolean tls = false;
            boolean authenticated = false;
            String from = null;
            List<String> recipients = new ArrayList<>();
            reply(out, "220 localhost ESMTP scripted");
            while (true) {
                String line = readLine(in);
                if (line == null) {
                    return;
                }
                commands.incrementAndGet();
                String upper = line.toUpperCase(Locale.ROOT);
                if (upper.startsWith("EHLO")) {
                    StringBuilder ehlo = new StringBuilder("250-localhost\r\n250-8BITMIME\r\n");
                    if (startTls != null && !tls) {
                        ehlo.append("250-STARTTLS\r\n");
                    }
                    if (user != null) {
                        ehlo.append("250-AUTH PLAIN\r\n");
                    }
                    reply(out, ehlo.append("250 OK").toString());
                } else if (upper.startsWith("HELO")) {
                    reply(out, "250 localhost");
                } else if (upper.equals("STARTTLS") && startTls != null && !tls) {
                    reply(out, "220 2.0.0 Ready to start TLS");
                    SSLSocket secure = (SSLSocket) startTls.getSocketFactory()
                            .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
                    secure.setUseClientMode(false);
                    secure.startHandshake();
                    open.add(secure);
                    socket = secure;
                    in = secure.getInputStream();
                    out = secure.getOutputStream();
                    tls = true;
                } else if (upper.startsWith("AUTH PLAIN") && user != null) {
                    String initial = line.length() > "AUTH PLAIN".length() ? line.substring(11).strip() : "";
                    if (initial.isEmpty()) {
                        reply(out, "334 ");
                        initial = readLine(in);
                    }
                    String[] parts = new String(Base64.getDecoder().decode(initial), StandardCharsets.UTF_8).split("\0", -1);
                    if (parts.length == 3 && parts[1].equals(user) && parts[2].equals(password)) {
                        authenticated = true;
                        reply(out, "235 2.7.0 Authentication successful");
                    } else {
                        reply(out, "535 5.7.8 Authentication credentials invalid");
                    }
                } else if (upper.startsWith("MAIL FROM:")) {
                    if (user != null && !authenticated) {
                        reply(out, "530 5.7.0 Authentication required");
                    } else {
                        from = mailbox(line);
                        recipients.clear();
                        reply(out, "250 2.1.0 Ok");
                    }
                } else if (upper.startsWith("RCPT TO:")) {
                    String to = mailbox(line);
                    String scripted = nextRcptReplies.poll();
                    if (scripted != null) {
                        reply(out, scripted);
                    } else if (refused.contains(to.toLowerCase(Locale.ROOT))) {
                        reply(out, "550 5.1.1 <" + to + ">: Recipient address rejected: User unknown");
                    } else {
                        recipients.add(to);
                        reply(out, "250 2.1.5 Ok");
                    }
                } else if (upper.equals("DATA")) {
                    if (from == null || recipients.isEmpty()) {
                        reply(out, "503 5.5.1 Need RCPT first");
                        continue;
                    }
                    reply(out, "354 End data with <CR><LF>.<CR><LF>");
                    ByteArrayOutputStream data = new ByteArrayOutputStream();
                    while (true) {
                        byte[] raw = readRawLine(in);
                        if (raw == null) {
                            return;
                        }
                        String text = new String(raw, StandardCharsets.ISO_8859_1);
                        if (text.equals(".")) {
                            break;
                        }
                        int skip = text.startsWith("..") ? 1 : 0;
                        data.write(raw, skip, raw.length - skip);
                        data.write('\r');
                        data.write('\n');
                    }
                    CountDownLatch[] hold = heldData.poll();
                    if (hold != null) {
                        hold[0].countDown();
                        try {
                            hold[1].await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                    String scripted = nextDataReplies.poll();
                    if (scripted == null) {
                        received.add(new Received(from, List.copyOf(recipients), data.toByteArray(), tls));
                    }
                    from = null;
                    recipients.clear();
                    reply(out, scripted != null ? scripted : "250 2.0.0 Ok: queued");
                } else if (upper.equals("RSET")) {
                    from = null;
                    recipients.clear();
                    reply(out, "250 2.0.0 Ok");
                } else if (upper.equals("NOOP")) {
                    reply(out, "250 2.0.0 Ok");
                } else if (upper.equals("QUIT")) {
                    quits.release();
                    reply(out, "221 2.0.0 Bye");
                    return;
                } else {
                    reply(out, "502 5.5.2 Command not recognized");
                }
            }
        } catch (SocketException e) {
            // The client or the test closed the connection.
        } catch (IOException e) {
            // A broken conversation ends this connection only.
        } finally {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            ended.release();
        }
    }

    /** The path of MAIL FROM or RCPT TO: between the angle brackets, a {@code >} inside quotes included. */
    private static String mailbox(String line) {
        int open = line.indexOf('<');
        if (open < 0) {
            return line.substring(line.indexOf(':') + 1).strip();
        }
        boolean quoted = false;
        for (int i = open + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '>' && !quoted) {
                return line.substring(open + 1, i);
            }
        }
        return line.substring(open + 1);
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        byte[] raw = readRawLine(in);
        return raw == null ? null : new String(raw, StandardCharsets.UTF_8);
    }

    /** Reads one line without its CRLF, byte by byte so nothing is buffered past a STARTTLS. */
    private static byte[] readRawLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return java.util.Arrays.copyOf(bytes, length);
            }
            line.write(b);
        }
        return null;
    }
}
