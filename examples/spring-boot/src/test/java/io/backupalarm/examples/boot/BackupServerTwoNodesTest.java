package io.backupalarm.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.backupalarm.store.jdbc.TestPostgres;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The backup server as two nodes on one real PostgreSQL database: this test's application and a
 * second one started beside it. Events reported through either node fire one alarm, announced
 * once, by email (GreenMail) and SMS (the loopback gateway); the host's Flyway and the store's
 * migrations keep their own history; a request that fails rolls the server's row back with the
 * report (the store joins the request's transaction); health and info come from the engine.
 */
@SpringBootTest(classes = BackupServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BackupServerTwoNodesTest {

    private static final DataSource DATABASE = TestPostgres.newDatabase();
    private static final GreenMail MAIL = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    private static final List<LoopbackSmsGateway.Text> TEXTS = new ArrayList<>();
    private static final CountDownLatch TEXT = new CountDownLatch(1);
    private static final LoopbackSmsGateway PHONES;
    private static ConfigurableApplicationContext second;

    static {
        MAIL.start();
        try {
            PHONES = LoopbackSmsGateway.start(DemoServers.SMS_SECRET, text -> {
                synchronized (TEXTS) {
                    TEXTS.add(text);
                }
                TEXT.countDown();
            });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        common().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("backup-alarm.store.node-id", () -> "node-a");
    }

    private static Map<String, String> common() {
        return Map.of("spring.datasource.url", TestPostgres.url(DATABASE),
                "backup-alarm.alarm.disconnect-grace-period", "0s",
                "backup-alarm.alarm.backup-failure-grace-period", "0s",
                "backup-alarm.alarm.group-wait", "0s",
                "backup-alarm.channels.email.smtp-port", String.valueOf(MAIL.getSmtp().getPort()),
                "backup-alarm.channels.sms.webhook-url", PHONES.url(),
                "backup-alarm.channels.sms.webhook-secret", DemoServers.SMS_SECRET,
                "example.heartbeat-check", "PT1H");
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        PHONES.close();
        MAIL.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient sql;

    @Autowired
    HeartbeatMonitor monitor;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void twoNodesShareOneDatabaseAndAnnounceEachAlarmOnce() throws Exception {
        int other = startSecondNode();

        // i-web1 connects through node b, then node a's gateway sees it drop: the alarm fires at once.
        assertThat(post(other, "/api/heartbeats", "{\"instance\":\"i-web1\"}").statusCode()).isEqualTo(200);
        assertThat(post(port, "/api/disconnects", "{\"instance\":\"i-web1\"}").statusCode()).isEqualTo(200);
        assertThat(MAIL.waitForIncomingEmail(60_000, 1)).isTrue();
        assertThat(TEXT.await(60, TimeUnit.SECONDS)).isTrue();
        MimeMessage mail = MAIL.getReceivedMessages()[0];
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ops@acme.example");
        assertThat(mail.getSubject()).contains("i-web1");
        synchronized (TEXTS) {
            assertThat(TEXTS).extracting(LoopbackSmsGateway.Text::to).containsExactly("+8613900139000");
        }
        // Both nodes read the same alarm from the shared store.
        assertThat(get(other, "/api/alarms").body()).contains("\"instance\":\"i-web1\"").contains("FIRING");
        assertThat(get(port, "/api/alarms").body()).contains("\"instance\":\"i-web1\"").contains("FIRING");

        // A failed backup reported to node b fires a second alarm; still one mail per alarm.
        assertThat(post(other, "/api/jobs", "{\"instance\":\"i-db1\",\"job\":\"nightly\",\"succeeded\":false,"
                + "\"message\":\"disk full\"}").statusCode()).isEqualTo(200);
        assertThat(MAIL.waitForIncomingEmail(60_000, 2)).isTrue();
        assertThat(MAIL.getReceivedMessages()[1].getSubject()).contains("i-db1");
        assertThat(sql.sql("SELECT COUNT(*) FROM ba_outbox").query(Integer.class).single())
                .as("one notification per alarm and channel, whichever node sent it").isEqualTo(4);
    }

    @Test
    void aFailedRequestRollsBackTheServersRowWithTheReport() throws Exception {
        HttpResponse<String> unknown = post(port, "/api/disconnects", "{\"instance\":\"i-unknown\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("i-unknown");
        assertThat(sql.sql("SELECT COUNT(*) FROM backup_clients WHERE instance_id = 'i-unknown'")
                .query(Integer.class).single()).isZero();
    }

    @Test
    void theServersFlywayAndTheStoreKeepTheirOwnHistory() {
        assertThat(sql.sql("SELECT script FROM flyway_schema_history WHERE type = 'SQL'").query(String.class).list())
                .containsExactly("V1__clients_and_jobs.sql");
        assertThat(sql.sql("SELECT script FROM ba_schema_history WHERE type = 'SQL' ORDER BY installed_rank")
                .query(String.class).list()).startsWith("V1__configuration.sql").doesNotContain("V1__clients_and_jobs.sql");
    }

    @Test
    void aSilentClientIsReportedByTheMonitorOnce() throws Exception {
        assertThat(post(port, "/api/heartbeats", "{\"instance\":\"i-db1\"}").statusCode()).isEqualTo(200);
        Instant later = Instant.now().plus(Duration.ofMinutes(3));
        assertThat(monitor.sweep(later)).containsExactly("i-db1");
        assertThat(monitor.sweep(later)).isEmpty();
        assertThat(get(port, "/api/alarms").body()).contains("CLIENT_DISCONNECTED").contains("i-db1");
    }

    @Test
    void healthAndInfoComeFromTheEngine() throws Exception {
        HttpResponse<String> health = get(port, "/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"backupAlarm\":{").contains("\"storesReachable\":true")
                .contains("\"schedulerRunning\":true");
        HttpResponse<String> info = get(port, "/actuator/info");
        assertThat(info.body()).contains("\"backup-alarm\":{").contains("\"store\":\"jdbc\"")
                .contains("\"node\":\"node-a\"").contains("\"email\"").contains("\"sms\"");
    }

    private int startSecondNode() {
        SpringApplicationBuilder builder = new SpringApplicationBuilder(BackupServerApplication.class);
        // As command-line arguments, which come before application.yml (default properties come after it).
        List<String> arguments = new ArrayList<>();
        common().forEach((key, value) -> arguments.add("--" + key + "=" + value));
        arguments.add("--backup-alarm.store.node-id=node-b");
        arguments.add("--server.port=0");
        second = builder.run(arguments.toArray(String[]::new));
        assertThat(second.getEnvironment().getProperty("spring.datasource.url")).startsWith("jdbc:postgresql:");
        return Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
    }

    private HttpResponse<String> post(int to, String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int to, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
