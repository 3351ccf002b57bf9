package io.backupalarm.channels.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The email channel, talking to a scripted SMTP server")
final class EmailChannelSmtpTest {

    private ScriptedSmtpServer server;
    private EmailChannel channel;

    @BeforeEach
    void startServer() throws Exception {
        server = new ScriptedSmtpServer();
    }

    @AfterEach
    void stop() throws Exception {
        if (channel != null) {
            channel.close();
        }
        server.close();
    }

    private EmailChannel channel(EmailSettings.Builder settings) {
        channel = EmailChannel.create(settings.build());
        return channel;
    }

    @Test
    @DisplayName("STARTTLS upgrades the connection before authenticating and sending")
    void startTls() throws Exception {
        server.offerStartTls(TestTls.serverContext()).requireAuth("alarms", "s3cret");
        channel(TestMessages.plain(server.port()).host("localhost").security(SmtpSecurity.STARTTLS)
                .sslContext(TestTls.clientContext()).username("alarms").password("s3cret"));

        DeliveryResult result = channel.send(TestMessages.firing("ops@backup.example"));

        assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(server.received()).singleElement().satisfies(message -> assertThat(message.overTls()).isTrue());
    }

    @Test
    @DisplayName("a server certificate the channel does not trust stops the send before anything is said")
    void untrustedCertificate() throws Exception {
        server.offerStartTls(TestTls.serverContext());
        channel(TestMessages.plain(server.port()).host("localhost").security(SmtpSecurity.STARTTLS));

        DeliveryResult result = channel.send(TestMessages.firing("ops@backup.example"));

        assertThat(result).isInstanceOf(DeliveryResult.TemporaryFailure.class);
        assertThat(server.received()).isEmpty();
    }

    @Test
    @DisplayName("rejected credentials are a permanent failure carrying the server's 535 reply, never the password")
    void authenticationRefused() throws Exception {
        server.offerStartTls(TestTls.serverContext()).requireAuth("alarms", "s3cret");
        channel(TestMessages.plain(server.port()).host("localhost").security(SmtpSecurity.STARTTLS)
                .sslContext(TestTls.clientContext()).username("alarms").password("wrong-password"));

        DeliveryResult result = channel.send(TestMessages.firing("ops@backup.example"));

        assertThat(result).isInstanceOfSatisfying(DeliveryResult.PermanentFailure.class, failure ->
                assertThat(failure.reason()).contains("535 5.7.8").doesNotContain("wrong-password"));
        assertThat(server.received()).isEmpty();
    }

    @Test
    @DisplayName("a recipient the server refuses is a permanent failure carrying the 550 reply and the address")
    void recipientRefused() {
        server.refuse("gone@backup.example");
        channel(TestMessages.plain(server.port()));

        DeliveryResult result = channel.send(TestMessages.firing("gone@backup.example"));

        assertThat(result).isInstanceOfSatisfying(DeliveryResult.PermanentFailure.class, failure ->
                assertThat(failure.reason()).contains("550 5.1.1").contains("gone@backup.example"));
    }

    @Test
    @DisplayName("a 4xx reply is a temporary failure; the next send of the same message is delivered, once")
    void temporaryThenDelivered() throws Exception {
        server.answerNextRcptWith("451 4.7.1 Greylisted, please try again later");
        channel(TestMessages.plain(server.port()));
        OutboundMessage message = TestMessages.firing("ops@backup.example");

        DeliveryResult first = channel.send(message);
        DeliveryResult second = channel.send(message);

        assertThat(first).isInstanceOfSatisfying(DeliveryResult.TemporaryFailure.class, failure ->
                assertThat(failure.reason()).contains("451 4.7.1 Greylisted"));
        assertThat(second).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(server.countFor("ops@backup.example", message.idempotencyKey())).isEqualTo(1);
    }

    @Test
    @DisplayName("a message the server rejects after its data is a permanent failure carrying the 5xx reply")
    void rejectedAfterData() {
        server.answerNextDataWith("554 5.7.1 Message rejected as spam");
        channel(TestMessages.plain(server.port()));

        DeliveryResult result = channel.send(TestMessages.firing("ops@backup.example"));

        assertThat(result).isInstanceOfSatisfying(DeliveryResult.PermanentFailure.class, failure ->
                assertThat(failure.reason()).contains("end of data").contains("554 5.7.1 Message rejected as spam"));
        assertThat(server.received()).isEmpty();
    }

    @Test
    @DisplayName("a 4xx reply after the data is a temporary failure and the connection is replaced")
    void temporaryAfterData() {
        server.answerNextDataWith("452 4.3.1 Insufficient system storage");
        channel(TestMessages.plain(server.port()));

        DeliveryResult first = channel.send(TestMessages.firing("ops@backup.example"));
        DeliveryResult second = channel.send(TestMessages.firing("ops@backup.example"));

        assertThat(first).isInstanceOfSatisfying(DeliveryResult.TemporaryFailure.class, failure ->
                assertThat(failure.reason()).contains("452 4.3.1"));
        assertThat(second).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    @DisplayName("following messages reuse one open connection")
    void reusesTheConnection() {
        channel(TestMessages.plain(server.port()));

        for (int i = 0; i < 5; i++) {
            assertThat(channel.send(TestMessages.firing("ops@backup.example"))).isInstanceOf(DeliveryResult.Delivered.class);
        }

        assertThat(server.received()).hasSize(5);
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    @DisplayName("a connection is replaced after the configured number of messages")
    void limitPerConnection() {
        channel(TestMessages.plain(server.port()).maxMessagesPerConnection(2));

        for (int i = 0; i < 5; i++) {
            channel.send(TestMessages.firing("ops@backup.example"));
        }

        assertThat(server.received()).hasSize(5);
        assertThat(server.connections()).isEqualTo(3);
    }

    @Test
    @DisplayName("when the server has closed the kept connection, the channel reconnects and delivers")
    void reconnectsAfterALostConnection() throws Exception {
        channel(TestMessages.plain(server.port()));
        channel.send(TestMessages.firing("ops@backup.example"));
        server.dropOpenConnections();
        OutboundMessage message = TestMessages.firing("ops@backup.example");

        DeliveryResult result = channel.send(message);

        assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(server.countFor("ops@backup.example", message.idempotencyKey())).isEqualTo(1);
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    @DisplayName("a connection idle for longer than the idle timeout is replaced rather than reused")
    void idleTimeout() {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-27T08:00:00Z"));
        channel = EmailChannel.create(TestMessages.plain(server.port()).idleTimeout(Duration.ofSeconds(30)).build(), clock);

        channel.send(TestMessages.firing("ops@backup.example"));
        clock.advance(Duration.ofSeconds(10));
        channel.send(TestMessages.firing("ops@backup.example"));
        clock.advance(Duration.ofSeconds(31));
        channel.send(TestMessages.firing("ops@backup.example"));

        assertThat(server.received()).hasSize(3);
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    @DisplayName("a malformed address is a permanent failure naming the address, and no connection is opened")
    void malformedAddress() {
        channel(TestMessages.plain(server.port()));

        DeliveryResult result = channel.send(TestMessages.firing("ops@backup.example\r\nBcc: x@evil.example"));

        assertThat(result).isInstanceOfSatisfying(DeliveryResult.PermanentFailure.class, failure ->
                assertThat(failure.reason()).contains("'ops@backup.example\\u000d\\u000aBcc: x@evil.example'"));
        assertThat(server.connections()).isZero();
    }

    @Test
    @DisplayName("a closed channel answers with a temporary failure")
    void closedChannel() {
        channel(TestMessages.plain(server.port()));
        channel.close();

        assertThat(channel.send(TestMessages.firing("ops@backup.example"))).isInstanceOf(DeliveryResult.TemporaryFailure.class);
        assertThat(server.received()).isEmpty();
    }

    @Test
    @DisplayName("a reply of several lines reaches the failure reason and the log escaped, never as a line of its own")
    void replyWithLineBreaks() {
        server.answerNextRcptWith("550-5.1.1 The mailbox does not exist\r\n550 5.1.1 FORGED: admin password reset");
        channel(TestMessages.plain(server.port()));
        TestLog log = TestLog.mark();

        DeliveryResult result = channel.send(TestMessages.firing("gone@backup.example"));

        assertThat(result).isInstanceOfSatisfying(DeliveryResult.PermanentFailure.class, failure ->
                assertThat(failure.reason())
                        .contains("550-5.1.1 The mailbox does not exist\\u000a550 5.1.1 FORGED: admin password reset")
                        .doesNotContain("\r").doesNotContain("\n"));
        String logged = log.since();
        assertThat(logged).as("the failure is logged").contains("FORGED: admin password reset").doesNotContain("\r")
                .as("with the stack trace").contains("\tat org.eclipse.angus.mail.smtp.SMTPTransport");
        assertThat(logged.lines()).noneMatch(line -> line.startsWith("550"));
    }

    @Test
    @DisplayName("closing says QUIT on every kept connection, and closing again does nothing")
    void closeQuitsKeptConnections() throws Exception {
        channel(TestMessages.plain(server.port()).maxConnections(2));
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = server.holdNextData(arrived);
        CompletableFuture<DeliveryResult> first = CompletableFuture.supplyAsync(
                () -> channel.send(TestMessages.firing("ops@backup.example")));
        assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
        // The first connection is busy, so this send opens a second one.
        assertThat(channel.send(TestMessages.firing("ops@backup.example"))).isInstanceOf(DeliveryResult.Delivered.class);
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(server.connections()).isEqualTo(2);

        channel.close();

        assertThat(server.awaitQuits(2, Duration.ofSeconds(10))).as("QUIT on both connections").isTrue();
        assertThat(server.awaitEnded(2, Duration.ofSeconds(10))).as("both connections ended").isTrue();
        channel.close();
        assertThat(channel.send(TestMessages.firing("ops@backup.example")))
                .isInstanceOfSatisfying(DeliveryResult.TemporaryFailure.class, failure ->
                        assertThat(failure.reason()).isEqualTo("the email channel is closed"));
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    @DisplayName("a connection in use when the channel closes finishes its message, then is closed rather than kept")
    void closeDuringASend() throws Exception {
        channel(TestMessages.plain(server.port()));
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = server.holdNextData(arrived);
        CompletableFuture<DeliveryResult> sending = CompletableFuture.supplyAsync(
                () -> channel.send(TestMessages.firing("ops@backup.example")));
        assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();

        channel.close();
        release.countDown();

        assertThat(sending.get(10, TimeUnit.SECONDS)).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(server.awaitQuits(1, Duration.ofSeconds(10))).as("QUIT after the send").isTrue();
        assertThat(server.received()).hasSize(1);
    }
}
