package io.backupalarm.channels.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backupalarm.config.Account;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.Contact;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.delivery.MessageTemplates;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.ManualTime;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.verification.VerificationOutcome;
import io.backupalarm.verification.VerificationService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("End to end: the engine and the verification service send real text messages")
final class SmsEndToEndTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String MOBILE = "+8613900139000";

    private final ManualClock clock = new ManualClock(T0);
    private final ConfigurationStore store = ConfigurationStore.inMemory();
    private final ConfigurationAdmin admin = ConfigurationAdmin.on(store);
    private FakeWebhookReceiver receiver;
    private Channel channel;

    @BeforeEach
    void configure() throws Exception {
        receiver = new FakeWebhookReceiver(clock);
        channel = SmsChannel.of(SmsGateways.webhook(WebhookSmsSettings.custom()
                .url(receiver.url()).secret(FakeWebhookReceiver.SECRET)
                .transport(HttpTransport.custom().clock(clock).build()).build()));
        admin.createAccount(new Account("acct-1", EmailAddress.of("owner@example.com"), null));
        admin.createContact(Contact.unverified("c-alice", "acct-1", "Alice", null, MobileNumber.of(MOBILE)));
        admin.createVault(new Vault("v-prod", "acct-1", VaultAlarmPolicy.customized(List.of("c-alice"), List.of())));
        admin.createInstance(new Instance("i-web1", "v-prod", InstanceAlarmPolicy.SAME_AS_VAULT));
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    @Test
    @DisplayName("a contact verifies her mobile with the texted code, then a backup failure reaches her phone after the grace period")
    void verificationThenAlarm() throws Exception {
        VerificationService verification = VerificationService.builder().configuration(store).clock(clock)
                .channel(channel).build();
        assertThat(verification.start("c-alice", Channel.SMS).delivered()).isTrue();
        JsonNode codeText = MAPPER.readTree(receiver.acceptedBodies().get(0));
        assertThat(codeText.get("to").asText()).isEqualTo(MOBILE);
        String code = codeText.get("data").get(OutboundMessage.DataKeys.CODE).asText();
        assertThat(codeText.get("text").asText()).contains(code);
        assertThat(verification.confirm("c-alice", Channel.SMS, code)).isEqualTo(VerificationOutcome.VERIFIED);

        try (AlarmEngine engine = AlarmEngine.builder().configuration(store).manualTime(clock).channel(channel).build()) {
            engine.report(new AlarmEvent.BackupFailed("i-web1", "nightly", "disk full", T0));
            ManualTime.of(engine).advanceTo(T0.plus(Duration.ofMinutes(59)));
            assertThat(receiver.acceptedBodies()).hasSize(1);
            // The alarm fires at T0 + 1 h and opens a group for her, sent when the group wait is over.
            ManualTime.of(engine).advanceTo(T0.plus(Duration.ofHours(1)).plus(AlarmSettings.ofDefaults().groupWait()));
        }
        assertThat(receiver.acceptedBodies()).hasSize(2);
        JsonNode alarm = MAPPER.readTree(receiver.acceptedBodies().get(1));
        assertThat(alarm.get("kind").asText()).isEqualTo("FIRING");
        assertThat(alarm.get("text").asText()).contains("i-web1", "nightly", "v-prod");
        assertThat(alarm.get("segments").asInt()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = OutboundMessage.Kind.class, names = {"FIRING", "REPEAT", "RESOLVED"})
    @DisplayName("the built-in SMS texts fit one segment: English with long cloud ids, Chinese (70 UCS-2 units) with short ids")
    void builtInTextsFitOneSegment(OutboundMessage.Kind kind) {
        Map<String, String> longIds = Map.of("instance", "i-0123456789abcdef0", "vault", "vault-production-01",
                "account", "acct-1", "job", "nightly-full", "message", "disk full on /var/backups",
                "since", "2026-01-01 08:00 UTC+08:00", "occurrences", "3");
        Map<String, String> shortIds = Map.of("instance", "i-web1", "vault", "v-prod", "account", "acct-1",
                "job", "nightly", "since", "2026-01-01 08:00 UTC+08:00", "occurrences", "3");
        for (AlarmType type : AlarmType.values()) {
            String english = MessageTemplates.builtIn().render(Locale.ENGLISH, kind, type, Channel.SMS, longIds).text();
            assertThat(SmsSegments.segments(english)).as("%s %s: %s", kind, type, english).isEqualTo(1);
            String chinese = MessageTemplates.builtIn()
                    .render(Locale.SIMPLIFIED_CHINESE, kind, type, Channel.SMS, shortIds).text();
            assertThat(SmsSegments.segments(chinese)).as("%s %s: %s", kind, type, chinese).isEqualTo(1);
        }
    }
}
