package io.backupalarm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.delivery.Notification;
import io.backupalarm.delivery.NotificationItem;
import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmState;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.spi.OutboundMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A database that ran V1 to V3 and holds alarms and notifications of then, upgraded to V4: a
 * firing alarm counts as announced when it fired, a pending one as neither announced nor
 * acknowledged, and a notification carries its one item, read from its message.
 */
final class UpgradeToV4Test {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"PostgreSQL", "H2"})
    @DisplayName("alarms and notifications stored before V4 read back as announced when fired, and with their one item")
    void rowsStoredBeforeV4ReadBack(String databaseName) throws SQLException {
        DataSource database = databaseName.equals("H2") ? TestDatabases.h2() : TestDatabases.postgres();
        Flyway.configure().dataSource(database).locations(JdbcStore.MIGRATIONS).table(JdbcStore.HISTORY_TABLE)
                .baselineOnMigrate(true).baselineVersion("0").target("3").load().migrate();
        Instant fired = T0.plusSeconds(3600);
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO ba_alarm (alarm_type, instance_id, job, state, opened_at, occurrences, "
                    + "message, next_due, fired_at, repeats, recipients, vault_id, account_id) VALUES "
                    + "('BACKUP_FAILED', 'i-1', 'nightly', 'FIRING', " + at(T0) + ", 2, 'disk full', NULL, "
                    + at(fired) + ", 0, 'email\tops@example.com', 'v-1', 'a-1'), "
                    + "('CLIENT_DISCONNECTED', 'i-2', '', 'PENDING', " + at(T0) + ", 1, NULL, " + at(fired)
                    + ", NULL, 0, '', NULL, NULL)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ba_outbox (idempotency_key, channel, "
                    + "address, kind, locale, subject, body, data, alarm_type, instance_id, vault_id, account_id, "
                    + "created_at, status, attempts, next_attempt_at, last_error, receipt, finished_at) "
                    + "VALUES ('k-1', 'email', 'ops@example.com', 'FIRING', 'en', 'Backup failed', 'text', ?, "
                    + "'BACKUP_FAILED', 'i-1', 'v-1', 'a-1', ?, 'PENDING', 0, ?, NULL, NULL, NULL)")) {
                insert.setString(1, "instance\ti-1\njob\tnightly\nmessage\tdisk full\noccurrences\t2");
                insert.setObject(2, fired.atOffset(ZoneOffset.UTC));
                insert.setObject(3, fired.atOffset(ZoneOffset.UTC));
                insert.executeUpdate();
            }
        }

        JdbcStore store = JdbcStore.builder(database).build().migrate();

        OpenAlarm failure = store.alarms().find(new AlarmKey(AlarmType.BACKUP_FAILED, "i-1", "nightly")).orElseThrow();
        assertThat(failure.state()).isEqualTo(AlarmState.FIRING);
        assertThat(failure.announcedAt()).isEqualTo(fired);
        assertThat(failure.acknowledged()).isFalse();
        OpenAlarm pending = store.alarms().find(new AlarmKey(AlarmType.CLIENT_DISCONNECTED, "i-2", null)).orElseThrow();
        assertThat(pending.announced()).isFalse();
        assertThat(store.alarms().awaitingAnnouncement("a-1")).isEmpty();

        Notification old = store.outbox().find("k-1").orElseThrow();
        assertThat(old.collectsUntil()).isNull();
        assertThat(old.items()).containsExactly(new NotificationItem("k-1", OutboundMessage.Kind.FIRING,
                AlarmType.BACKUP_FAILED, "i-1", "v-1", "nightly", "disk full", 2, fired, fired, null));
        assertThat(old.message()).isEqualTo(new OutboundMessage("k-1", "email", "ops@example.com",
                OutboundMessage.Kind.FIRING, Locale.ENGLISH, "Backup failed", "text",
                Map.of("instance", "i-1", "job", "nightly", "message", "disk full", "occurrences", "2")));
        Notification sent = old.sent("r-1", fired.plusSeconds(1));
        store.outbox().update(sent);
        assertThat(store.outbox().find("k-1")).contains(sent);
    }

    /** An instant as a SQL literal both databases read as a timestamp with time zone. */
    private static String at(Instant instant) {
        return "TIMESTAMP WITH TIME ZONE '" + instant.toString().replace('T', ' ').replace("Z", "+00:00") + "'";
    }
}
