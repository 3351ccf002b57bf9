package io.backupalarm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.lifecycle.AlarmState;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.ManualTime;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.testkit.RecordingChannel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A disconnect alarm that falls due at the same instant as a backup failure of its instance fires
 * first, and inhibits it: in one engine's sweep, and when another node holds the disconnect alarm.
 */
final class DisconnectFirstTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static AlarmKey disconnect(String instance) {
        return new AlarmKey(AlarmType.CLIENT_DISCONNECTED, instance, null);
    }

    @Test
    @DisplayName("a sweep leaves a backup failure out while another node holds its instance's disconnect alarm due with it")
    void aBackupFailureWaitsForTheDisconnectAnotherNodeHolds() throws Exception {
        DataSource database = TestDatabases.postgres();
        JdbcStore store = TestDatabases.migrated(database);
        Instant due = T0.plusSeconds(60);
        AlarmKey failure = new AlarmKey(AlarmType.BACKUP_FAILED, "i-1", "daily");
        store.alarms().save(OpenAlarm.pending(disconnect("i-1"), T0, null, due));
        store.alarms().save(OpenAlarm.pending(failure, T0, "disk full", due));
        store.alarms().save(OpenAlarm.pending(disconnect("i-2"), T0, null, due));

        List<AlarmKey> handed = new ArrayList<>();
        try (Connection otherNode = database.getConnection()) {
            otherNode.setAutoCommit(false);
            try (PreparedStatement lock = otherNode.prepareStatement("SELECT state FROM ba_alarm WHERE "
                    + "alarm_type = 'CLIENT_DISCONNECTED' AND instance_id = 'i-1' AND job = '' FOR UPDATE");
                 ResultSet row = lock.executeQuery()) {
                assertThat(row.next()).isTrue();
            }
            assertThat(store.alarms().forEachDue(due, 10, alarm -> {
                handed.add(alarm.key());
                store.alarms().remove(alarm.key());
            })).isEqualTo(1);
            assertThat(handed).as("handed out while the other node holds i-1's disconnect alarm")
                    .containsExactly(disconnect("i-2"));

            // The other node fires the disconnect alarm, and commits.
            try (PreparedStatement fire = otherNode.prepareStatement("UPDATE ba_alarm SET state = 'FIRING', "
                    + "fired_at = next_due, announced_at = next_due, next_due = NULL WHERE alarm_type = "
                    + "'CLIENT_DISCONNECTED' AND instance_id = 'i-1'")) {
                assertThat(fire.executeUpdate()).isEqualTo(1);
            }
            otherNode.commit();
        }
        handed.clear();
        store.alarms().forEachDue(due, 10, alarm -> {
            handed.add(alarm.key());
            assertThat(store.alarms().find(disconnect("i-1")).orElseThrow().state()).isEqualTo(AlarmState.FIRING);
            store.alarms().remove(alarm.key());
        });
        assertThat(handed).containsExactly(failure);
    }

    @Test
    @DisplayName("an engine on the JDBC stores fires a disconnect alarm and a backup failure due at one instant: only the disconnect is told")
    void aDisconnectDueWithABackupFailureInhibitsIt() {
        JdbcStore store = TestDatabases.migrated(TestDatabases.h2());
        Cluster.seed(store.configuration());
        ManualClock clock = new ManualClock(T0);
        RecordingChannel email = new RecordingChannel(Channel.EMAIL, clock);
        RecordingChannel sms = new RecordingChannel(Channel.SMS, clock);
        AlarmSettings settings = AlarmSettings.custom().disconnectGracePeriod(Duration.ofMinutes(60))
                .backupFailureGracePeriod(Duration.ofMinutes(30)).build();
        try (AlarmEngine engine = AlarmEngine.builder().configuration(store.configuration()).alarmStore(store.alarms())
                .outbox(store.outbox()).silences(store.silences()).manualTime(clock).settings(settings)
                .channel(email).channel(sms).build()) {
            engine.report(new AlarmEvent.ClientDisconnected("i-00", T0));
            engine.report(new AlarmEvent.BackupFailed("i-00", "daily", "disk full", T0.plus(Duration.ofMinutes(30))));
            ManualTime.of(engine).advanceTo(T0.plus(Duration.ofMinutes(60)).plus(settings.groupWait()));
        }
        List<OutboundMessage> sent = Stream.concat(email.sent().stream(), sms.sent().stream())
                .map(RecordingChannel.Sent::message).toList();
        assertThat(sent).hasSize(Cluster.RECIPIENTS).allSatisfy(message -> {
            assertThat(message.kind()).isEqualTo(OutboundMessage.Kind.FIRING);
            assertThat(message.data()).containsEntry(OutboundMessage.DataKeys.ALARM, "CLIENT_DISCONNECTED");
        });
        OpenAlarm failure = store.alarms().find(new AlarmKey(AlarmType.BACKUP_FAILED, "i-00", "daily")).orElseThrow();
        assertThat(failure.state()).isEqualTo(AlarmState.FIRING);
        assertThat(failure.announced()).as("held back by the disconnect alarm").isFalse();
        assertThat(failure.recipients()).isEqualTo(Set.of());
    }
}
