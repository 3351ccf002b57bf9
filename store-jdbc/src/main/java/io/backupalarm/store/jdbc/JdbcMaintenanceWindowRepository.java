package io.backupalarm.store.jdbc;

import io.backupalarm.config.AlarmMatcher;
import io.backupalarm.config.MaintenanceWindow;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.spi.MaintenanceWindowRepository;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maintenance windows in table {@code ba_maintenance_window}, their days of the week in
 * {@code ba_maintenance_window_day}, within one transaction. The local start time and the
 * duration are kept as ISO-8601 text ({@link LocalTime#toString()}, {@link Duration#toString()}),
 * so they come back exactly. Foreign keys tie a window to its account and to the vault and
 * instance its matcher names; {@link io.backupalarm.config.ConfigurationAdmin} checks the same
 * rules first. Used on its thread only.
 */
final class JdbcMaintenanceWindowRepository extends JdbcRepository implements MaintenanceWindowRepository {

    JdbcMaintenanceWindowRepository(Sql sql) {
        super(sql);
    }

    @Override
    public Optional<MaintenanceWindow> find(String id) {
        return noted(id, first(windows("id = ?", id)));
    }

    @Override
    public List<MaintenanceWindow> findByAccount(String accountId) {
        return windows("account_id = ?", accountId);
    }

    @Override
    public List<MaintenanceWindow> findByVault(String vaultId) {
        return windows("vault_id = ?", vaultId);
    }

    @Override
    public List<MaintenanceWindow> findByInstance(String instanceId) {
        return windows("instance_id = ?", instanceId);
    }

    @Override
    public void save(MaintenanceWindow w) {
        AlarmMatcher m = w.matcher();
        String type = m.alarm() == null ? null : m.alarm().name();
        upsert(w.id(),
                "UPDATE ba_maintenance_window SET account_id = ?, vault_id = ?, instance_id = ?, alarm_type = ?, "
                        + "time_zone = ?, start_time = ?, duration = ? WHERE id = ?",
                new Object[] {w.account(), m.vault(), m.instance(), type, w.timeZone().getId(), w.start().toString(),
                    w.duration().toString(), w.id()},
                "INSERT INTO ba_maintenance_window (id, account_id, vault_id, instance_id, alarm_type, time_zone, "
                        + "start_time, duration) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                new Object[] {w.id(), w.account(), m.vault(), m.instance(), type, w.timeZone().getId(),
                    w.start().toString(), w.duration().toString()});
        sql.update("DELETE FROM ba_maintenance_window_day WHERE window_id = ?", w.id());
        List<Object[]> days = new ArrayList<>();
        for (DayOfWeek day : EnumSet.copyOf(w.days())) {
            days.add(new Object[] {w.id(), day.name()});
        }
        sql.batch("INSERT INTO ba_maintenance_window_day (window_id, day_of_week) VALUES (?, ?)", days);
    }

    @Override
    public boolean delete(String id) {
        sql.update("DELETE FROM ba_maintenance_window_day WHERE window_id = ?", id);
        return sql.update("DELETE FROM ba_maintenance_window WHERE id = ?", id) > 0;
    }

    /** The windows a condition selects, with their days: two statements in all. */
    private List<MaintenanceWindow> windows(String where, String parameter) {
        List<String[]> rows = sql.list("SELECT id, account_id, vault_id, instance_id, alarm_type, time_zone, start_time, "
                        + "duration FROM ba_maintenance_window WHERE " + where,
                row -> new String[] {row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                    row.getString(5), row.getString(6), row.getString(7), row.getString(8)}, parameter);
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, Set<String>> days = links("SELECT window_id, day_of_week FROM ba_maintenance_window_day "
                + "WHERE window_id IN (SELECT id FROM ba_maintenance_window WHERE " + where + ")", parameter);
        List<MaintenanceWindow> result = new ArrayList<>(rows.size());
        for (String[] row : rows) {
            Set<DayOfWeek> weekdays = EnumSet.noneOf(DayOfWeek.class);
            days.getOrDefault(row[0], Set.of()).forEach(day -> weekdays.add(DayOfWeek.valueOf(day)));
            AlarmMatcher matcher = new AlarmMatcher(row[2], row[3], row[4] == null ? null : AlarmType.valueOf(row[4]));
            // The record validates: a window without days, or with a corrupt field, fails loudly here.
            result.add(new MaintenanceWindow(row[0], row[1], matcher, ZoneId.of(row[5]), weekdays,
                    LocalTime.parse(row[6]), Duration.parse(row[7])));
        }
        return result;
    }
}
