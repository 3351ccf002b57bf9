package io.backupalarm.lifecycle;

import static io.backupalarm.lifecycle.Fixtures.ALICE_EMAIL;
import static io.backupalarm.lifecycle.Fixtures.ALICE_MOBILE;
import static io.backupalarm.lifecycle.Fixtures.BOB_EMAIL;
import static io.backupalarm.lifecycle.Fixtures.OWNER_EMAIL;
import static io.backupalarm.lifecycle.Fixtures.OWNER_MOBILE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupalarm.NotFoundException;
import io.backupalarm.config.Account;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.testsupport.ManualEngine;
import io.backupalarm.testsupport.TestChannel;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

final class AlarmLifecycleTest {

    private static final Instant T0 = ManualEngine.T0;

    private ManualEngine kit = ManualEngine.start(Fixtures.configuration());

    @AfterEach
    void close() {
        kit.close();
    }

    private void withSettings(AlarmSettings settings) {
        kit.close();
        kit = ManualEngine.start(Fixtures.configuration(), builder -> builder.settings(settings));
    }

    @Test
    @DisplayName("a disconnected client is reported to every recipient once, exactly when the grace period ends")
    void firesAfterGracePeriod() {
        kit.disconnect("i-web1").advance(Duration.ofMinutes(59).plusSeconds(59));
        assertThat(kit.deliveries()).isEmpty();
        assertThat(kit.engine().openAlarms()).extracting(OpenAlarm::state).containsExactly(AlarmState.PENDING);

        kit.advance(Duration.ofSeconds(1));
        assertThat(kit.told()).containsExactlyInAnyOrder(
                "email:" + ALICE_EMAIL, "email:" + BOB_EMAIL, "sms:" + ALICE_MOBILE);
        assertThat(kit.deliveries()).allSatisfy(s -> {
            assertThat(s.at()).isEqualTo(T0.plus(Duration.ofHours(1)));
            assertThat(s.message().kind()).isEqualTo(OutboundMessage.Kind.FIRING);
        });
        assertThat(kit.engine().metrics().fired()).isEqualTo(1);
    }

    @Test
    @DisplayName("a client that comes back within the grace period is cancelled and nobody is told")
    void cancelledWithinGrace() {
        kit.disconnect("i-web1").advance(Duration.ofMinutes(30)).connect("i-web1").advance(Duration.ofHours(5));
        assertThat(kit.deliveries()).isEmpty();
        assertThat(kit.engine().openAlarms()).isEmpty();
        assertThat(kit.engine().metrics().cancelled()).isEqualTo(1);
    }

    @Test
    @DisplayName("a client that comes back exactly one grace period later has stayed away for it: the alarm fires, then resolves")
    void boundaryFiresBeforeTheEventOfTheSameInstant() {
        kit.disconnect("i-web1");
        kit.clock().set(T0.plus(Duration.ofHours(1)));
        kit.connect("i-web1");
        assertThat(kit.deliveries()).hasSize(3);
        assertThat(kit.engine().openAlarms()).isEmpty();
        assertThat(kit.engine().metrics().resolved()).isEqualTo(1);
    }

    @Test
    @DisplayName("a grace period of zero fires at once")
    void zeroGraceFiresAtOnce() {
        withSettings(AlarmSettings.custom().groupWait(Duration.ZERO).disconnectGracePeriod(Duration.ZERO).build());
        kit.disconnect("i-db1");
        assertThat(kit.told()).containsExactlyInAnyOrder("email:" + OWNER_EMAIL, "sms:" + OWNER_MOBILE);
        assertThat(kit.deliveries()).allSatisfy(s -> assertThat(s.at()).isEqualTo(T0));
    }

    @Test
    @DisplayName("an event that would open an open alarm is counted on it, and nothing new opens")
    void repeatsAreCounted() {
        kit.backupFailed("i-db1", "daily", "disk full").advance(Duration.ofMinutes(10))
                .backupFailed("i-db1", "daily", "disk still full").advance(Duration.ofMinutes(10))
                .backupFailed("i-db1", "daily", null).advance(Duration.ofMinutes(40));
        assertThat(kit.deliveries()).hasSize(2);
        OutboundMessage message = kit.email().deliveries().get(0).message();
        assertThat(message.data()).containsEntry(OutboundMessage.DataKeys.OCCURRENCES, "3")
                .containsEntry(OutboundMessage.DataKeys.JOB, "daily")
                .containsEntry(OutboundMessage.DataKeys.MESSAGE, "disk still full");
        assertThat(message.text()).contains("i-db1", "v-prod", "daily", "disk still full", "2026-01-01 00:00 UTC");
    }

    @Test
    @DisplayName("backup failures of different jobs are different alarms; a success closes only its own job")
    void jobsAreIndependent() {
        kit.backupFailed("i-db1", "daily", null).backupFailed("i-db1", "weekly", null)
                .advance(Duration.ofMinutes(30)).backupSucceeded("i-db1", "daily").advance(Duration.ofMinutes(30));
        assertThat(kit.deliveries()).hasSize(2).allSatisfy(s ->
                assertThat(s.message().data()).containsEntry(OutboundMessage.DataKeys.JOB, "weekly"));
    }

    @Test
    @DisplayName("alarms of different kinds and instances are independent")
    void keysAreIndependent() {
        kit.disconnect("i-web1").backupFailed("i-web1", null, "oops").disconnect("i-db1")
                .advance(Duration.ofMinutes(30)).connect("i-web1").advance(Duration.ofMinutes(30));
        assertThat(kit.deliveries()).extracting(s -> s.message().data().get("alarm") + "/" + s.message().data().get("instance"))
                .containsOnly("BACKUP_FAILED/i-web1", "CLIENT_DISCONNECTED/i-db1");
    }

    @Test
    @DisplayName("recipients are resolved when the alarm fires, from the configuration of that moment")
    void resolvedAtFireTime() {
        kit.disconnect("i-web1").advance(Duration.ofMinutes(20));
        kit.admin().setInstancePolicy("i-web1", InstanceAlarmPolicy.DEFAULT);
        kit.advance(Duration.ofMinutes(10));
        kit.admin().setVaultPolicy("v-prod", VaultAlarmPolicy.DISABLED);
        kit.advance(Duration.ofMinutes(30));
        assertThat(kit.told()).containsExactlyInAnyOrder("email:" + OWNER_EMAIL, "sms:" + OWNER_MOBILE);
    }

    @Test
    @DisplayName("a DISABLED instance fires to nobody, whatever the vault says")
    void disabledTellsNobody() {
        kit.admin().setInstancePolicy("i-web1", InstanceAlarmPolicy.DISABLED);
        kit.disconnect("i-web1").advance(Duration.ofHours(2));
        assertThat(kit.deliveries()).isEmpty();
        assertThat(kit.engine().openAlarms()).extracting(OpenAlarm::state).containsExactly(AlarmState.FIRING);
    }

    @Test
    @DisplayName("closing a firing alarm sends RESOLVED to the same recipients only when notifyOnResolved is on")
    void resolvedNotice() {
        kit.disconnect("i-db1").advance(Duration.ofHours(2)).connect("i-db1");
        assertThat(kit.deliveries()).extracting(s -> s.message().kind()).containsOnly(OutboundMessage.Kind.FIRING);

        withSettings(AlarmSettings.custom().groupWait(Duration.ZERO).notifyOnResolved(true).build());
        kit.disconnect("i-db1").advance(Duration.ofHours(2));
        kit.connect("i-db1");
        assertThat(kit.deliveries()).filteredOn(s -> s.message().kind() == OutboundMessage.Kind.RESOLVED)
                .extracting(s -> s.message().address()).containsExactlyInAnyOrder(OWNER_EMAIL, OWNER_MOBILE);
        assertThat(kit.deliveries()).filteredOn(s -> s.message().kind() == OutboundMessage.Kind.RESOLVED)
                .allSatisfy(s -> assertThat(s.at()).isEqualTo(T0.plus(Duration.ofHours(2))));
    }

    @Test
    @DisplayName("each REPEAT goes to the recipients of its own instant: a policy disabled stops them, a contact added gets the next")
    void repeatsResolveRecipientsEachTime() {
        withSettings(AlarmSettings.custom().groupWait(Duration.ZERO).repeatInterval(Duration.ofMinutes(30)).build());
        kit.disconnect("i-db1").advance(Duration.ofMinutes(65)); // FIRING to the owner at 01:00
        kit.admin().setInstancePolicy("i-db1", InstanceAlarmPolicy.DISABLED);
        kit.advance(Duration.ofMinutes(30)); // the 01:30 repeat reaches nobody
        kit.admin().setInstancePolicy("i-db1", InstanceAlarmPolicy.customized(java.util.List.of("c-bob"), java.util.List.of()));
        kit.advance(Duration.ofMinutes(30)); // the 02:00 repeat reaches Bob only
        assertThat(kit.deliveries()).extracting(s -> s.message().kind() + " " + s.message().address() + " @" + s.at())
                .containsExactlyInAnyOrder("FIRING " + OWNER_EMAIL + " @2026-01-01T01:00:00Z",
                        "FIRING " + OWNER_MOBILE + " @2026-01-01T01:00:00Z", "REPEAT " + BOB_EMAIL + " @2026-01-01T02:00:00Z");
    }

    @Test
    @DisplayName("RESOLVED goes to the recipients of the moment it falls due: none once the policy is disabled")
    void resolvedNoticeResolvesRecipientsThen() {
        withSettings(AlarmSettings.custom().groupWait(Duration.ZERO).notifyOnResolved(true).build());
        kit.disconnect("i-db1").advance(Duration.ofHours(2));
        kit.admin().setInstancePolicy("i-db1", InstanceAlarmPolicy.DISABLED);
        kit.connect("i-db1");
        assertThat(kit.deliveries()).extracting(s -> s.message().kind()).containsOnly(OutboundMessage.Kind.FIRING);
    }

    @Test
    @DisplayName("a firing alarm repeats every repeatInterval while it stays open, and never after it closed")
    void repeats() {
        withSettings(AlarmSettings.custom().groupWait(Duration.ZERO).repeatInterval(Duration.ofMinutes(30)).build());
        kit.disconnect("i-db1").advance(Duration.ofMinutes(125)).connect("i-db1").advance(Duration.ofHours(3));
        assertThat(kit.email().deliveries()).extracting(s -> s.message().kind() + "@" + s.at()).containsExactly(
                "FIRING@2026-01-01T01:00:00Z", "REPEAT@2026-01-01T01:30:00Z", "REPEAT@2026-01-01T02:00:00Z");
        assertThat(kit.email().deliveries()).extracting(s -> s.message().idempotencyKey()).doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("messages show times in the account's zone and language")
    void localisedMessages() {
        kit.admin().updateAccount(new Account("acct-1", EmailAddress.of(OWNER_EMAIL), null,
                ZoneId.of("Asia/Shanghai"), Locale.SIMPLIFIED_CHINESE));
        kit.disconnect("i-db1").advance(Duration.ofHours(1));
        TestChannel.Call sent = kit.email().deliveries().get(0);
        assertThat(sent.message().subject()).contains("备份客户端 i-db1 已断开连接");
        assertThat(sent.message().text()).contains("2026-01-01 08:00 UTC+08:00");
        assertThat(sent.message().locale().getLanguage()).isEqualTo("zh");
    }

    @Test
    @DisplayName("a stale closing event, older than the alarm's opening, is ignored")
    void staleCloseIgnored() {
        kit.clock().set(T0.plus(Duration.ofMinutes(10)));
        kit.disconnect("i-db1");
        kit.report(new AlarmEvent.ClientConnected("i-db1", T0));
        kit.advance(Duration.ofHours(1));
        assertThat(kit.deliveries()).hasSize(2);
    }

    @Test
    @DisplayName("a late opening event starts its grace period when it happened, so an overdue alarm fires at once")
    void lateOpenFiresAtOnce() {
        kit.clock().set(T0.plus(Duration.ofHours(3)));
        kit.report(new AlarmEvent.ClientDisconnected("i-db1", T0));
        assertThat(kit.deliveries()).hasSize(2);
        assertThat(kit.engine().openAlarms().get(0).firedAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
    }

    @Test
    @DisplayName("an event for an unknown instance is rejected and changes nothing")
    void unknownInstance() {
        assertThatThrownBy(() -> kit.disconnect("i-nope")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("i-nope");
        assertThat(kit.engine().openAlarms()).isEmpty();
    }

    @Test
    @DisplayName("an alarm whose instance was deleted before it fell due is dropped, telling nobody")
    void deletedInstanceAlarmIsDropped() {
        kit.disconnect("i-web1").advance(Duration.ofMinutes(10));
        kit.admin().deleteInstance("i-web1");
        kit.advance(Duration.ofHours(1));
        assertThat(kit.deliveries()).isEmpty();
        assertThat(kit.engine().openAlarms()).isEmpty();
        assertThat(kit.engine().metrics().cancelled()).isEqualTo(1);
    }

    @Test
    @DisplayName("a closing event for a deleted instance still closes its firing alarm; an opening one is rejected")
    void closingEventForDeletedInstance() {
        kit.disconnect("i-web1").advance(Duration.ofHours(2));
        kit.admin().deleteInstance("i-web1");
        kit.connect("i-web1");
        assertThat(kit.engine().openAlarms()).isEmpty();
        assertThat(kit.engine().metrics().resolved()).isEqualTo(1);
        assertThatThrownBy(() -> kit.disconnect("i-web1")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> kit.connect("i-web1")).isInstanceOf(NotFoundException.class);
    }

    @Test
    @DisplayName("an account zone of UTC shows times as UTC, whatever its spelling")
    void utcSpellings() {
        kit.admin().updateAccount(new Account("acct-1", EmailAddress.of(OWNER_EMAIL), null, ZoneId.of("Etc/UTC"), null));
        kit.disconnect("i-db1").advance(Duration.ofHours(1));
        assertThat(kit.email().deliveries().get(0).message().text()).contains("2026-01-01 00:00 UTC").doesNotContain("+00:00");
    }

    @Test
    @DisplayName("after an outage the engine catches up with one REPEAT per recipient, not one per missed interval")
    void catchUpAfterOutage() {
        withSettings(AlarmSettings.custom().groupWait(Duration.ZERO).repeatInterval(Duration.ofMinutes(5)).build());
        kit.disconnect("i-db1").advance(Duration.ofHours(1));
        assertThat(kit.email().deliveries()).hasSize(1);
        kit.clock().set(T0.plus(Duration.ofDays(1))); // the engine was not running for a day
        kit.time().runDue();
        assertThat(kit.email().deliveries()).extracting(s -> s.message().kind())
                .containsExactly(OutboundMessage.Kind.FIRING, OutboundMessage.Kind.REPEAT);
        assertThat(kit.engine().openAlarms().get(0).nextDue()).isEqualTo(T0.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(5)));
        kit.advance(Duration.ofMinutes(5));
        assertThat(kit.email().deliveries()).hasSize(3);
    }
}
