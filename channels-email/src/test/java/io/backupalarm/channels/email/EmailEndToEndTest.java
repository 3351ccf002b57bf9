package io.backupalarm.channels.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
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
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.ManualTime;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.verification.VerificationOutcome;
import io.backupalarm.verification.VerificationService;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("End to end: the engine and the verification service send real mail")
final class EmailEndToEndTest {

    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final ManualClock clock = new ManualClock(T0);
    private final ConfigurationStore store = ConfigurationStore.inMemory();
    private final ConfigurationAdmin admin = ConfigurationAdmin.on(store);
    private EmailChannel channel;

    @BeforeEach
    void configure() {
        channel = EmailChannel.create(TestMessages.plain(GREEN_MAIL.getSmtp().getPort()).build(), clock);
        admin.createAccount(new Account("acct-1", EmailAddress.of("owner@example.com"), null));
        admin.createContact(Contact.unverified("c-alice", "acct-1", "Alice", EmailAddress.of("alice@example.com"), null));
        admin.createVault(new Vault("v-prod", "acct-1", VaultAlarmPolicy.customized(List.of("c-alice"), List.of())));
        admin.createInstance(new Instance("i-web1", "v-prod", InstanceAlarmPolicy.SAME_AS_VAULT));
    }

    @AfterEach
    void close() {
        channel.close();
    }

    @Test
    @DisplayName("a contact verifies her address with the mailed code, then a disconnected client's alarm reaches her mailbox")
    void verificationThenAlarm() throws Exception {
        VerificationService verification = VerificationService.builder().configuration(store).clock(clock)
                .channel(channel).build();
        assertThat(verification.start("c-alice", Channel.EMAIL).delivered()).isTrue();
        MimeMessage codeMail = GREEN_MAIL.getReceivedMessagesForDomain("alice@example.com")[0];
        Matcher code = Pattern.compile("\\b(\\d{6})\\b").matcher(GreenMailUtil.getBody(codeMail));
        assertThat(code.find()).isTrue();
        assertThat(verification.confirm("c-alice", Channel.EMAIL, code.group(1))).isEqualTo(VerificationOutcome.VERIFIED);
        GREEN_MAIL.purgeEmailFromAllMailboxes();

        try (AlarmEngine engine = AlarmEngine.builder().configuration(store).manualTime(clock).channel(channel).build()) {
            engine.report(new AlarmEvent.ClientDisconnected("i-web1", T0));
            ManualTime.of(engine).advanceTo(T0.plus(Duration.ofMinutes(59)));
            assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
            // The alarm fires at T0 + 1 h and opens a group for her, sent when the group wait is over.
            ManualTime.of(engine).advanceTo(T0.plus(Duration.ofHours(1)).plus(AlarmSettings.ofDefaults().groupWait()));
        }
        MimeMessage[] received = GREEN_MAIL.getReceivedMessagesForDomain("alice@example.com");
        assertThat(received).hasSize(1);
        MimeMessage alarm = received[0];
        assertThat(alarm.getSubject()).isEqualTo("[Backup alarm] Backup client i-web1 is disconnected");
        assertThat(alarm.getHeader("X-Backup-Alarm-Idempotency-Key")).singleElement().asString().startsWith("ba1-");
        assertThat(GreenMailUtil.getBody(alarm)).contains("i-web1", "v-prod", "2026-01-01 00:00 UTC");
    }

    @Test
    @DisplayName("an unverified address receives no alarm")
    void unverifiedGetsNothing() {
        try (AlarmEngine engine = AlarmEngine.builder().configuration(store).manualTime(clock).channel(channel).build()) {
            engine.report(new AlarmEvent.ClientDisconnected("i-web1", T0));
            ManualTime.of(engine).advanceTo(T0.plus(Duration.ofHours(2)));
            assertThat(engine.metrics().fired()).isEqualTo(1);
        }
        assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
    }
}
