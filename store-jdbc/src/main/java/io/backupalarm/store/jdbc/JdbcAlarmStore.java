package io.backupalarm.store.jdbc;

import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmState;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.policy.Recipient;
import io.backupalarm.spi.AlarmStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open alarms in table {@code ba_alarm}, shared by every engine on the database.
 *
 * <p><b>Several engines.</b> {@link #atomically} runs a change in a transaction that first locks
 * the key's row ({@code SELECT ... FOR UPDATE}); two engines creating the same alarm at once
 * collide on the primary key, and the loser runs its change again, now seeing the winner's row.
 * {@link #forEachDue} locks due rows with {@code FOR UPDATE SKIP LOCKED}, so engines sweeping at
 * the same moment share the due alarms out instead of queueing behind each other, and each alarm
 * fires once. The outbox and the configuration store of the same {@link JdbcStore} join these
 * transactions: an alarm's new state and the notifications it decided commit together, and a
 * firing reads the configuration on the connection it already holds. {@link #forEachDue} runs at
 * the snapshot level ({@code REPEATABLE READ} on PostgreSQL, {@code SERIALIZABLE} on H2), so that
 * those reads see one state; a serialization failure while it locks the due rows, before any alarm
 * was handed to the work, runs it again. A node that dies mid-change leaves
 * nothing behind: its transaction is rolled back and its locks are released by the database.
 *
 * <p><b>Thread safety.</b> Thread-safe; each call (or transaction) uses its own connection, or
 * the calling thread's transaction.
 */
public final class JdbcAlarmStore implements AlarmStore {

    private static final String COLUMNS = "SELECT alarm_type, instance_id, job, state, opened_at, occurrences, "
            + "message, next_due, fired_at, repeats, recipients, vault_id, account_id FROM ba_alarm";
    private static final String BY_KEY = " WHERE alarm_type = ? AND instance_id = ? AND job = ?";
    /** The earliest alarms due by an instant; two parameters: the instant, the limit. */
    private static final String DUE = " WHERE next_due <= ? ORDER BY next_due LIMIT ?";
    private static final Comparator<OpenAlarm> DUE_ORDER =
            Comparator.comparing(OpenAlarm::nextDue).thenComparing(OpenAlarm::key);

    /** How long a due alarm whose handling failed waits before it is tried again. */
    private static final Duration RETRY_FAILED = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(JdbcAlarmStore.class);

    private final Database database;
    /** The key the calling thread's {@link #atomically} found no row for, while it runs. */
    private final ThreadLocal<AlarmKey> creating = new ThreadLocal<>();

    JdbcAlarmStore(Database database) {
        this.database = database;
    }

    @Override
    public Optional<OpenAlarm> find(AlarmKey key) {
        Objects.requireNonNull(key, "key");
        if (key.equals(creating.get())) {
            // Inside atomically, with no row at lock time: a row read now would have been committed
            // by another node since, and is not locked. The change goes ahead as on an absent alarm;
            // if it writes one, the primary key makes it run again, then on the locked row.
            return Optional.empty();
        }
        return database.statements("find alarm " + key, sql -> sql.one(COLUMNS + BY_KEY, JdbcAlarmStore::alarm,
                key.type().name(), key.instance(), job(key)));
    }

    @Override
    public void save(OpenAlarm alarm) {
        Objects.requireNonNull(alarm, "alarm");
        AlarmKey key = alarm.key();
        boolean create = key.equals(creating.get());
        database.statements("save alarm " + key, sql -> {
            String recipients = Pairs.encode(new TreeSet<>(alarm.recipients()).stream()
                    .map(r -> Map.entry(r.channel(), r.address())).toList());
            // Creating inside atomically: a plain INSERT, never an UPDATE. At READ COMMITTED an
            // UPDATE would find the row another node committed meanwhile and overwrite it with a
            // state computed without it; the INSERT fails on the primary key instead, and the change
            // runs again on the other node's row.
            if (create || sql.update("UPDATE ba_alarm SET state = ?, opened_at = ?, occurrences = ?, message = ?, "
                            + "next_due = ?, fired_at = ?, repeats = ?, recipients = ?, vault_id = ?, account_id = ?"
                            + BY_KEY,
                    alarm.state().name(), alarm.openedAt(), alarm.occurrences(), alarm.message(), alarm.nextDue(),
                    alarm.firedAt(), alarm.repeats(), recipients, alarm.vault(), alarm.account(),
                    key.type().name(), key.instance(), job(key)) == 0) {
                sql.update("INSERT INTO ba_alarm (alarm_type, instance_id, job, state, opened_at, occurrences, "
                                + "message, next_due, fired_at, repeats, recipients, vault_id, account_id) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        key.type().name(), key.instance(), job(key), alarm.state().name(), alarm.openedAt(),
                        alarm.occurrences(), alarm.message(), alarm.nextDue(), alarm.firedAt(), alarm.repeats(),
                        recipients, alarm.vault(), alarm.account());
            }
            return null;
        });
        if (create) {
            creating.remove(); // the row exists now; a second save in the same change updates it
        }
    }

    @Override
    public boolean remove(AlarmKey key) {
        Objects.requireNonNull(key, "key");
        return database.statements("remove alarm " + key, sql ->
                sql.update("DELETE FROM ba_alarm" + BY_KEY, key.type().name(), key.instance(), job(key)) > 0);
    }

    @Override
    public List<OpenAlarm> dueUpTo(Instant instant, int limit) {
        Objects.requireNonNull(instant, "instant");
        requirePositive(limit);
        return database.statements("list due alarms", sql ->
                sorted(sql.list(COLUMNS + DUE, JdbcAlarmStore::alarm, instant, limit)));
    }

    @Override
    public Optional<Instant> nextDue() {
        return database.statements("find the next due alarm", sql ->
                sql.one("SELECT MIN(next_due) AS next_due FROM ba_alarm", row -> Sql.instant(row, "next_due")));
    }

    @Override
    public List<OpenAlarm> all() {
        return database.statements("list alarms", sql -> sql.list(COLUMNS, JdbcAlarmStore::alarm));
    }

    @Override
    public int size() {
        return database.statements("count alarms", sql ->
                sql.one("SELECT COUNT(*) FROM ba_alarm", row -> row.getInt(1)).orElse(0));
    }

    @Override
    public <T> T atomically(AlarmKey key, Supplier<T> work) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(work, "work");
        return database.transaction("change alarm " + key, true, sql -> {
            boolean exists = !sql.list("SELECT job FROM ba_alarm" + BY_KEY + " FOR UPDATE", row -> row.getString(1),
                    key.type().name(), key.instance(), job(key)).isEmpty();
            if (!exists) {
                creating.set(key); // no row to lock: the primary key decides between two creators
            }
            try {
                return work.get();
            } finally {
                creating.remove();
            }
        });
    }

    @Override
    public int forEachDue(Instant instant, int limit, Consumer<OpenAlarm> work) {
        Objects.requireNonNull(instant, "instant");
        Objects.requireNonNull(work, "work");
        requirePositive(limit);
        // Most sweeps find nothing: ask with one statement before opening a transaction for it.
        if (!database.inTransaction() && database.statements("look for due alarms", sql -> sql.one(
                "SELECT 1 FROM ba_alarm WHERE next_due <= ? LIMIT 1", row -> 1, instant)).isEmpty()) {
            return 0;
        }
        // At the snapshot level, so that the configuration reads of the firings (which join this
        // transaction) see one state, as a read of their own would. Locking a row that another node
        // changed after the snapshot was taken is a serialization failure: run again, as long as no
        // alarm has been handed to the work (whose effects the caller keeps).
        AtomicBoolean handedOut = new AtomicBoolean();
        return database.transaction("handle due alarms", Database.Isolation.SNAPSHOT, () -> !handedOut.get(), sql -> {
            List<OpenAlarm> due = sorted(sql.list(COLUMNS + DUE + " FOR UPDATE SKIP LOCKED",
                    JdbcAlarmStore::alarm, instant, limit));
            int handled = 0;
            for (OpenAlarm alarm : due) {
                handedOut.set(true);
                // One alarm that cannot be handled must not hold the others back (they share the
                // transaction): its writes are undone to a savepoint, and it is tried again later.
                Savepoint before = sql.savepoint();
                try {
                    work.accept(alarm);
                    sql.release(before);
                    handled++;
                } catch (RuntimeException e) {
                    sql.rollbackTo(before);
                    Instant retry = instant.plus(RETRY_FAILED);
                    LOG.error("Due alarm {} could not be handled; tried again at {}", alarm.key(), retry, e);
                    sql.update("UPDATE ba_alarm SET next_due = ?" + BY_KEY, retry, alarm.key().type().name(),
                            alarm.key().instance(), job(alarm.key()));
                }
            }
            return handled;
        });
    }

    private static List<OpenAlarm> sorted(List<OpenAlarm> alarms) {
        List<OpenAlarm> out = new ArrayList<>(alarms);
        out.sort(DUE_ORDER); // ties in the order of AlarmKey, which SQL's string order does not follow
        return out;
    }

    private static String job(AlarmKey key) {
        return key.job() == null ? "" : key.job();
    }

    private static void requirePositive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
    }

    private static OpenAlarm alarm(ResultSet row) throws SQLException {
        String job = row.getString("job");
        AlarmKey key = new AlarmKey(AlarmType.valueOf(row.getString("alarm_type")), row.getString("instance_id"),
                job.isEmpty() ? null : job);
        Set<Recipient> recipients = new HashSet<>();
        for (Map.Entry<String, String> pair : Pairs.decode(row.getString("recipients"))) {
            recipients.add(new Recipient(pair.getKey(), pair.getValue()));
        }
        return new OpenAlarm(key, AlarmState.valueOf(row.getString("state")), Sql.instant(row, "opened_at"),
                row.getInt("occurrences"), row.getString("message"), Sql.instant(row, "next_due"),
                Sql.instant(row, "fired_at"), row.getInt("repeats"), recipients, row.getString("vault_id"),
                row.getString("account_id"));
    }
}
