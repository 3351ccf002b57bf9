package io.backupalarm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.config.Account;
import io.backupalarm.config.AlarmMatcher;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.config.Vault;
import io.backupalarm.delivery.DeliverySettings;
import io.backupalarm.delivery.Notification;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.quiet.Silence;
import io.backupalarm.spi.AlarmStore;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.OutboxStore;
import io.backupalarm.spi.SilenceStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What a user of the test kit relies on: its defaults, its events, its clock and its recording channels. */
final class EngineTestKitTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final String EMAIL = "owner@example.com";
    private static final String MOBILE = "+8613800138000";
    private static final Duration GROUP_WAIT = AlarmSettings.ofDefaults().groupWait();

    private static Configuration configuration() {
        return Configuration.builder()
                .account(new Account("acct-1", EmailAddress.of(EMAIL), MobileNumber.of(MOBILE)))
                .vault(new Vault("v-1", "acct-1"))
                .instance(new Instance("i-1", "v-1"))
                .build();
    }

    @Test
    @DisplayName("the kit starts at 2026-01-01 on manual time; events are stamped with its clock and advancing fires and sends what falls due")
    void eventsAndTime() {
        try (EngineTestKit kit = EngineTestKit.given(configuration()).build()) {
            assertThat(kit.clock().instant()).isEqualTo(START);
            kit.disconnect("i-1").advance(Duration.ofMinutes(59));
            assertThat(kit.engine().openAlarms()).singleElement()
                    .satisfies(alarm -> assertThat(alarm.openedAt()).isEqualTo(START));
            assertThat(kit.sent()).isEmpty();

            kit.advance(Duration.ofMinutes(1));
            assertThat(kit.engine().openAlarms()).singleElement()
                    .satisfies(alarm -> assertThat(alarm.firedAt()).isEqualTo(START.plus(Duration.ofHours(1))));
            assertThat(kit.sent()).as("while the recipients' groups collect").isEmpty();
            kit.advance(GROUP_WAIT);
            assertThat(kit.sentTo()).containsExactlyInAnyOrder("email:" + EMAIL, "sms:" + MOBILE);
            assertThat(kit.sent()).allSatisfy(sent -> {
                assertThat(sent.at()).isEqualTo(START.plus(Duration.ofHours(1)).plus(GROUP_WAIT));
                assertThat(sent.message().kind()).isEqualTo(OutboundMessage.Kind.FIRING);
            });
            assertThat(kit.engine().health().manualTime()).isTrue();

            kit.backupFailed("i-1", "daily", "disk full").backupSucceeded("i-1", "daily").connect("i-1");
            assertThat(kit.engine().openAlarms()).isEmpty();
            assertThat(kit.engine().metrics().cancelled()).isEqualTo(1);
            assertThat(kit.engine().metrics().resolved()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("the kit's default retries are 10 s then doubling with no jitter, and its channels fail as scripted")
    void scriptedFailures() {
        try (EngineTestKit kit = EngineTestKit.given(configuration()).build()) {
            kit.email().failNextTemporarily(2);
            kit.sms().failNextWithRetryAfter(Duration.ofMinutes(3));
            kit.disconnect("i-1").advance(Duration.ofHours(1)).advance(Duration.ofMinutes(5));
            Instant firstAttempt = START.plus(Duration.ofHours(1)).plus(GROUP_WAIT);
            assertThat(kit.email().attempts()).hasSize(3);
            assertThat(kit.email().sent()).singleElement()
                    .satisfies(sent -> assertThat(sent.at()).isEqualTo(firstAttempt.plusSeconds(30)));
            assertThat(kit.sms().sent()).singleElement()
                    .satisfies(sent -> assertThat(sent.at()).isEqualTo(firstAttempt.plusSeconds(180)));
        }
    }

    @Test
    @DisplayName("the kit takes settings and stores, starts where it is told, and can leave SMS out")
    void options() {
        AlarmStore alarms = AlarmStore.inMemory();
        OutboxStore outbox = OutboxStore.inMemory();
        SilenceStore silences = SilenceStore.inMemory();
        Instant later = START.plus(Duration.ofDays(1));
        try (EngineTestKit kit = EngineTestKit.given(configuration()).startingAt(later).withoutSms()
                .settings(AlarmSettings.custom().disconnectGracePeriod(Duration.ZERO).groupWait(Duration.ZERO).build())
                .delivery(DeliverySettings.custom().maxAttempts(1).build())
                .alarmStore(alarms).outbox(outbox).silences(silences).build()) {
            kit.engine().createSilence(Silence.of("s-1", "acct-1", new AlarmMatcher(null, null,
                    AlarmType.BACKUP_FAILED), later, later.plus(Duration.ofHours(1)), null, null));
            assertThat(silences.notEnded(later)).extracting(Silence::id).containsExactly("s-1");
            kit.email().refuse(EMAIL);
            kit.disconnect("i-1");
            assertThat(alarms.all()).singleElement().satisfies(alarm -> assertThat(alarm.firedAt()).isEqualTo(later));
            assertThat(outbox.withStatus(Notification.Status.DEAD)).extracting(Notification::lastError)
                    .containsExactlyInAnyOrder("address " + EMAIL + " is refused", "no channel 'sms' is installed");
            assertThat(kit.email().attempts()).hasSize(1);
            assertThat(kit.sms().attempts()).isEmpty();
        }
    }
}
