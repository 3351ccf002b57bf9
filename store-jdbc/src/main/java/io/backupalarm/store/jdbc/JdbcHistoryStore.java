package io.backupalarm.store.jdbc;

import io.backupalarm.history.AlarmHistoryEntry;
import io.backupalarm.history.DeliveryRecord;
import io.backupalarm.history.HistoryCursor;
import io.backupalarm.history.HistoryPage;
import io.backupalarm.history.HistoryQuery;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.spi.HistoryStore;
import io.backupalarm.spi.OutboundMessage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The history in tables {@code ba_alarm_history} and {@code ba_delivery_history}, shared by every
 * engine on the database.
 *
 * <p>An append is one batched {@code INSERT}, in the calling thread's transaction of the
 * {@link JdbcAlarmStore} of the same {@link JdbcStore} when there is one (an alarm's change and
 * its history commit together), otherwise in auto-commit mode. The identity column is the
 * sequence. A query is one statement, newest first by {@code (happened_at, id)}, reading on from
 * the cursor with a row comparison, so it walks one index of the filter it has (see the
 * migration) and stops after the page. A purge deletes by {@code happened_at}, by the index on it,
 * {@value #PURGE_CHUNK} rows per statement, so that no transaction grows with the backlog.
 *
 * <p>Instants are kept to the microsecond (the databases' precision).
 *
 * <p><b>Thread safety.</b> Thread-safe; each call uses its own connection, or the calling
 * thread's transaction.
 */
public final class JdbcHistoryStore implements HistoryStore {

    static final int PURGE_CHUNK = 10_000;

    private static final String INSERT_ALARM = "INSERT INTO ba_alarm_history (happened_at, node, account_id, vault_id, "
            + "alarm_type, instance_id, job, opened_at, event, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_DELIVERY = "INSERT INTO ba_delivery_history (happened_at, node, "
            + "notification_key, kind, channel, address, account_id, vault_id, instance_id, alarm_type, job, items, "
            + "attempt, outcome, receipt, error, duration_micros) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String ALARM_COLUMNS = "SELECT id, happened_at, node, account_id, vault_id, alarm_type, "
            + "instance_id, job, opened_at, event, detail FROM ba_alarm_history";
    static final String DELIVERY_COLUMNS = "SELECT id, happened_at, node, notification_key, kind, channel, "
            + "address, account_id, vault_id, instance_id, alarm_type, job, items, attempt, outcome, receipt, error, "
            + "duration_micros FROM ba_delivery_history";

    private final Database database;

    JdbcHistoryStore(Database database) {
        this.database = database;
    }

    @Override
    public void appendAlarms(List<AlarmHistoryEntry> entries) {
        List<Object[]> rows = new ArrayList<>(entries.size());
        for (AlarmHistoryEntry e : entries) {
            rows.add(new Object[] {e.at(), e.node(), e.account(), e.vault(), e.type().name(), e.instance(),
                job(e.job()), e.openedAt(), e.event().name(), e.detail()});
        }
        if (!rows.isEmpty()) {
            database.statements("append alarm history", sql -> {
                sql.batch(INSERT_ALARM, rows);
                return null;
            });
        }
    }

    @Override
    public void appendDeliveries(List<DeliveryRecord> records) {
        List<Object[]> rows = new ArrayList<>(records.size());
        for (DeliveryRecord r : records) {
            rows.add(new Object[] {r.at(), r.node(), r.notificationKey(), r.kind().name(), r.channel(), r.address(),
                r.account(), r.vault(), r.instance(), r.type() == null ? null : r.type().name(), job(r.job()),
                r.items(), r.attempt(), r.outcome().name(), r.receipt(), r.error(), micros(r.duration())});
        }
        if (!rows.isEmpty()) {
            database.statements("append delivery history", sql -> {
                sql.batch(INSERT_DELIVERY, rows);
                return null;
            });
        }
    }

    @Override
    public HistoryPage<AlarmHistoryEntry> alarms(HistoryQuery query) {
        Where where = alarmWhere(query);
        return page("read alarm history", ALARM_COLUMNS, where, query, JdbcHistoryStore::alarmEntry,
                e -> new HistoryCursor(e.at(), e.sequence()));
    }

    @Override
    public HistoryPage<DeliveryRecord> deliveries(HistoryQuery query) {
        Where where = deliveryWhere(query);
        return page("read delivery history", DELIVERY_COLUMNS, where, query, JdbcHistoryStore::deliveryRecord,
                r -> new HistoryCursor(r.at(), r.sequence()));
    }

    @Override
    public long purgeBefore(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        return purge("ba_alarm_history", instant) + purge("ba_delivery_history", instant);
    }

    private long purge(String table, Instant before) {
        long purged = 0;
        while (true) {
            int deleted = database.statements("purge " + table, sql -> sql.update("DELETE FROM " + table
                    + " WHERE id IN (SELECT id FROM " + table + " WHERE happened_at < ? LIMIT ?)", before, PURGE_CHUNK));
            purged += deleted;
            if (deleted < PURGE_CHUNK) {
                return purged;
            }
        }
    }

    /**
     * The statement of a query, as {@link #alarms} and {@link #deliveries} run it: what
     * {@code EXPLAIN} is asked about.
     */
    static String statement(String columns, Where where) {
        return columns + where.sql() + " ORDER BY happened_at DESC, id DESC LIMIT ?";
    }

    private <T> HistoryPage<T> page(String what, String columns, Where where, HistoryQuery query,
                                    Sql.RowMapper<T> mapper, Function<T, HistoryCursor> cursorOf) {
        List<Object> parameters = new ArrayList<>(where.parameters);
        parameters.add(query.limit() + 1); // one more: whether a next page exists
        List<T> rows = database.statements(what, sql -> sql.list(statement(columns, where), mapper,
                parameters.toArray()));
        if (rows.size() <= query.limit()) {
            return new HistoryPage<>(rows, Optional.empty());
        }
        List<T> items = rows.subList(0, query.limit());
        return new HistoryPage<>(items, Optional.of(cursorOf.apply(items.get(items.size() - 1)).encode()));
    }

    /** The {@code WHERE} clause of an alarm history query. */
    static Where alarmWhere(HistoryQuery query) {
        query.requireForAlarms();
        Where where = common(query);
        query.event().ifPresent(event -> where.add("event = ?", event.name()));
        return where;
    }

    /** The {@code WHERE} clause of a delivery history query. */
    static Where deliveryWhere(HistoryQuery query) {
        query.requireForDeliveries();
        Where where = common(query);
        query.kind().ifPresent(kind -> where.add("kind = ?", kind.name()));
        query.outcome().ifPresent(outcome -> where.add("outcome = ?", outcome.name()));
        query.channel().ifPresent(channel -> where.add("channel = ?", channel));
        query.address().ifPresent(address -> where.add("address = ?", address));
        query.notificationKey().ifPresent(key -> where.add("notification_key = ?", key));
        return where;
    }

    /** The filters both histories have, the time range and the cursor. */
    static Where common(HistoryQuery query) {
        Where where = new Where();
        query.account().ifPresent(account -> where.add("account_id = ?", account));
        query.vault().ifPresent(vault -> where.add("vault_id = ?", vault));
        query.instance().ifPresent(instance -> where.add("instance_id = ?", instance));
        query.type().ifPresent(type -> where.add("alarm_type = ?", type.name()));
        query.alarm().ifPresent(key -> where.add("job = ?", job(key.job())));
        query.from().ifPresent(from -> where.add("happened_at >= ?", from));
        query.until().ifPresent(until -> where.add("happened_at < ?", until));
        query.after().ifPresent(cursor -> where.add("(happened_at, id) < (?, ?)", cursor.at(), cursor.sequence()));
        return where;
    }

    /** A {@code WHERE} clause and its parameters. */
    static final class Where {
        private final List<String> conditions = new ArrayList<>();
        private final List<Object> parameters = new ArrayList<>();

        void add(String condition, Object... values) {
            conditions.add(condition);
            parameters.addAll(List.of(values));
        }

        String sql() {
            return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        }

        List<Object> parameters() {
            return parameters;
        }
    }

    private static AlarmHistoryEntry alarmEntry(ResultSet row) throws SQLException {
        return new AlarmHistoryEntry(row.getLong("id"), Sql.instant(row, "happened_at"), row.getString("node"),
                row.getString("account_id"), row.getString("vault_id"), AlarmType.valueOf(row.getString("alarm_type")),
                row.getString("instance_id"), nullIfEmpty(row.getString("job")), Sql.instant(row, "opened_at"),
                AlarmHistoryEntry.Event.valueOf(row.getString("event")), row.getString("detail"));
    }

    private static DeliveryRecord deliveryRecord(ResultSet row) throws SQLException {
        String type = row.getString("alarm_type");
        return new DeliveryRecord(row.getLong("id"), Sql.instant(row, "happened_at"), row.getString("node"),
                row.getString("notification_key"), OutboundMessage.Kind.valueOf(row.getString("kind")),
                row.getString("channel"), row.getString("address"), row.getString("account_id"),
                row.getString("vault_id"), row.getString("instance_id"), type == null ? null : AlarmType.valueOf(type),
                nullIfEmpty(row.getString("job")), row.getInt("items"), row.getInt("attempt"),
                DeliveryRecord.Outcome.valueOf(row.getString("outcome")), row.getString("receipt"),
                row.getString("error"), Duration.of(row.getLong("duration_micros"), ChronoUnit.MICROS));
    }

    private static String job(String job) {
        return job == null ? "" : job;
    }

    private static String nullIfEmpty(String job) {
        return job == null || job.isEmpty() ? null : job;
    }

    private static long micros(Duration duration) {
        try {
            return duration.toNanos() / 1_000;
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE; // longer than 292 years: kept as the longest
        }
    }
}
