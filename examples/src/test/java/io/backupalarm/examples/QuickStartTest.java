package io.backupalarm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The quick start")
final class QuickStartTest {

    private static String output;

    @BeforeAll
    static void runTheQuickStart() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            QuickStart.run(out);
        }
        output = bytes.toString(StandardCharsets.UTF_8);
    }

    /** The lines printed from the step that starts with the header up to the next step. */
    private static String step(String header) {
        int start = output.indexOf("\n" + header);
        assertThat(start).as("step %s in%n%s", header, output).isNotNegative();
        int end = output.indexOf("\n[", start + 1);
        return output.substring(start, end < 0 ? output.length() : end);
    }

    @Test
    @DisplayName("verifies each address with the code its holder read from the mailbox or the phone")
    void verifiesEveryAddress() {
        assertThat(output)
                .containsPattern("alice@acme\\.example \\(email\\) received code \\d{6}, typed it back: VERIFIED")
                .containsPattern("\\+8613800138000 \\(sms\\) received code \\d{6}, typed it back: VERIFIED")
                .containsPattern("bob@acme\\.example \\(email\\) received code \\d{6}, typed it back: VERIFIED");
    }

    @Test
    @DisplayName("tells nobody about the client that came back within the grace period")
    void clientThatCameBackIsNotReported() {
        assertThat(step("[09:30]")).contains("opened: pending, fires at 10:30").contains("nobody received anything");
        assertThat(step("[09:50]")).contains("cancelled while pending: nobody told")
                .contains("nobody received anything");
        assertThat(output).doesNotContain("Backup client i-web1 is disconnected")
                .doesNotContain("client i-web1 (vault v-prod) disconnected");
    }

    @Test
    @DisplayName("tells only the instance policy's contact, by email and SMS, once the other client has stayed away an hour")
    void clientThatStayedAwayIsReportedAfterTheGracePeriod() {
        assertThat(step("[10:00]")).contains("nobody received anything");
        assertThat(step("[11:00]"))
                .contains("alice@acme.example (email) received: \"[Backup alarm] Backup client i-db1 is disconnected\"")
                .contains("+8613800138000 (sms) received: \"Backup alarm: client i-db1 (vault v-prod) disconnected since 2026-11-27 10:00 UTC.\"")
                .doesNotContain("bob@acme.example")
                .doesNotContain("ops@acme.example");
    }

    @Test
    @DisplayName("tells the vault's group about the failed backup, and again when it succeeds")
    void failedBackupIsReportedThenResolved() {
        assertThat(step("[10:15]")).contains("nobody received anything");
        assertThat(step("[11:15]"))
                .contains("alice@acme.example (email) received: \"[Backup alarm] Backup failed on i-web1 (job nightly)\"")
                .contains("bob@acme.example (email) received: \"[Backup alarm] Backup failed on i-web1 (job nightly)\"")
                .contains("+8613800138000 (sms) received: \"Backup alarm: backup failed on i-web1 job nightly");
        assertThat(step("[11:40]"))
                .contains("alice@acme.example (email) received: \"[Backup alarm] Resolved: backup on i-web1 (job nightly) succeeded\"")
                .contains("bob@acme.example (email) received: \"[Backup alarm] Resolved: backup on i-web1 (job nightly) succeeded\"")
                .contains("+8613800138000 (sms) received: \"Backup alarm resolved: backup on i-web1 job nightly");
    }

    @Test
    @DisplayName("sends every SMS through the signed webhook, loses nothing, and finishes")
    void endsCleanly() {
        assertThat(output).contains("[loopback SMS gateway] signature verified")
                .doesNotContain("refused a request")
                .contains("still open: [CLIENT_DISCONNECTED/i-db1 (FIRING)]")
                .contains("dead letters: 0")
                .endsWith("Done." + System.lineSeparator());
    }
}
