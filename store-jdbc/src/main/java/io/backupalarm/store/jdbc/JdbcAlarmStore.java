package io.backupalarm.store.jdbc;

import io.backupalarm.lifecycle.Acknowledgement;
import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmState;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.policy.Recipient;
import io.backupalarm.spi.AlarmStore;
import io.backupalarm.spi.ConfigurationStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
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
 * {@link #forEachDue} locks due rows with {@code FOR UPDATE SKIP LOCKED},
 * {@value #ALARMS_PER_TRANSACTION} at a time, each batch committed before the next is locked, so
 * engines sweeping at the same moment share the due alarms out (a burst too) instead of queueing
 * behind each other, and each alarm fires once. The lock of {@link #atomically} reads the row too
 * ({@link #find} answers from it), and on PostgreSQL where the key's instance belongs, which the
 * configuration store answers from it in the same transaction
 * ({@link JdbcConfigurationStore#scopeOf}): a change is {@code BEGIN}, that statement, its write
 * and {@code COMMIT}. The outbox, the silences and the configuration store of the same
 * {@link JdbcStore} join these transactions: an alarm's new state and the notifications it decided commit together,
 * and a firing reads the configuration and the silences on the connection it already holds.
 * {@link #forEachDue} runs at the snapshot level ({@code REPEATABLE READ} on PostgreSQL,
 * {@code SERIALIZABLE} on H2), so that those reads see one state; a serialization failure while it
 * locks the due rows, before any alarm was handed to the work, runs it again. A node that dies
 * mid-change leaves nothing behind: its transaction is rolled back and its locks are released by
 * the database.
 *
 * <p><b>Due order.</b> Due alarms come by due time, then disconnect alarms before backup failures
 * (then instance and job, as {@link AlarmKey} orders). {@link #forEachDue} leaves a backup failure
 * out while a disconnect alarm of its instance that is due no later is still pending: that one
 * fires first, in the same sweep or in the other node's that holds it, and the backup failure is
 * handed out in a later transaction that sees it firing (and is held back by it).
 *
 * <p><b>Conflicts within a sweep.</b> Notifying the recipients of a due alarm takes each
 * recipient's group lock in the outbox, in the order the alarms need them. A sweep waits only for
 * the first of those locks and asks for the next ones without waiting, so two nodes' sweeps never
 * wait for each other in a circle. An alarm that meets another node's change this way (a lock not granted, a
 * row that changed after the sweep's snapshot, a deadlock) is undone to its savepoint; what the
 * sweep handled before it is committed, and it and the rest run in a new transaction, whose
 * snapshot shows what the other node committed. After {@value #CONFLICTS_IN_A_ROW} conflicts in a
 * row without progress the sweep waits for its locks, and an alarm that still meets a change is
 * left due at its own instant for the next sweep (not postponed: a later instant would make it
 * miss its recipients' open groups). An alarm that fails for any other reason is logged and tried
 * again a minute later.
 *
 * <p><b>Thread safety.</b> Thread-safe; each call (or transaction) uses its own connection, or
 * the calling thread's transaction.
 */
public final class JdbcAlarmStore implements AlarmStore {

    private static final String COLUMNS = "SELECT alarm_type, instance_id, job, state, opened_at, occurrences, "
            + "message, next_due, fired_at, repeats, recipients, vault_id, account_id, announced_at, ack_by, "
            + "ack_comment, ack_at FROM ba_alarm";
    private static final String BY_KEY = " WHERE alarm_type = ? AND instance_id = ? AND job = ?";
    /**
     * Due order: by due time, then as {@link AlarmKey} orders (disconnect alarms before backup
     * failures, whose names sort the other way; then instance and job). With a limit, a backup
     * failure is never handed out without a disconnect alarm of the same instant before it.
     */
    private static final String ORDER = " ORDER BY next_due, CASE alarm_type WHEN 'CLIENT_DISCONNECTED' THEN 0 ELSE 1 END, "
            + "instance_id, job LIMIT ?";
    /** The earliest alarms due by an instant; two parameters: the instant, the limit. */
    private static final String DUE = " WHERE next_due <= ?" + ORDER;
    /**
     * As {@link #DUE}, leaving out a backup failure while a disconnect alarm of its instance is due
     * no later and still pending: that one fires first (it inhibits the backup failure), in this
     * transaction or in the one of the node that holds it, and the backup failure is handed out
     * after it committed. Two parameters: the instant, the limit.
     */
    private static final String DUE_AFTER_DISCONNECTS = " a WHERE a.next_due <= ? AND NOT (a.alarm_type = "
            + "'BACKUP_FAILED' AND EXISTS (SELECT 1 FROM ba_alarm d WHERE d.alarm_type = 'CLIENT_DISCONNECTED' "
            + "AND d.instance_id = a.instance_id AND d.job = '' AND d.state = 'PENDING' AND d.next_due <= a.next_due))"
            + ORDER;
    /**
     * PostgreSQL: locks and reads the row of a key (none: a row of nulls) and reads where the key's
     * instance belongs (none: nulls), in one statement. Four parameters: type, instance, job,
     * instance.
     */
    private static final String LOCK_WITH_SCOPE = "WITH locked AS (" + COLUMNS + BY_KEY + " FOR UPDATE) "
            + "SELECT locked.*, s.scope_instance, s.scope_vault, s.scope_account FROM (SELECT 1 AS one) o "
            + "LEFT JOIN locked ON TRUE LEFT JOIN (SELECT i.id AS scope_instance, v.id AS scope_vault, "
            + "v.account_id AS scope_account FROM ba_instance i LEFT JOIN ba_vault v ON v.id = i.vault_id "
            + "WHERE i.id = ?) s ON TRUE";
    private static final Comparator<OpenAlarm> DUE_ORDER =
            Comparator.comparing(OpenAlarm::nextDue).thenComparing(OpenAlarm::key);

    /** How long a due alarm whose handling failed waits before it is tried again. */
    private static final Duration RETRY_FAILED = Duration.ofMinutes(1);
    /**
     * How many times in a row a due alarm may meet a conflict with another node (each time in a
     * new transaction) before it counts as failed and waits {@link #RETRY_FAILED}.
     */
    private static final int CONFLICTS_IN_A_ROW = 10;
    /**
     * The most due alarms one transaction of {@link #forEachDue} locks: a burst is handled in
     * transactions of this many, each committed before the next locks more, so that the other
     * nodes' sweeps share it ({@code SKIP LOCKED}) instead of finding it all locked by one node.
     */
    static final int ALARMS_PER_TRANSACTION = 50;
    private static final Logger LOG = LoggerFactory.getLogger(JdbcAlarmStore.class);

    private final Database database;
    /** The key the calling thread's {@link #atomically} found no row for, while it runs. */
    private final ThreadLocal<AlarmKey> creating = new ThreadLocal<>();
    /**
     * The row the calling thread's {@link #atomically} locked, as its lock read it, until the
     * change writes the key: {@link #find} answers from it instead of reading the row again.
     */
    private final ThreadLocal<OpenAlarm> locked = new ThreadLocal<>();

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
        OpenAlarm held = locked.get();
        if (held != null && held.key().equals(key)) {
            return Optional.of(held); // the row atomically locked, read by the same statement
        }
        return database.statements("find alarm " + key, sql -> sql.one(COLUMNS + BY_KEY, JdbcAlarmStore::alarm,
                key.type().name(), key.instance(), job(key)));
    }

    @Override
    public void save(OpenAlarm alarm) {
        Objects.requireNonNull(alarm, "alarm");
        AlarmKey key = alarm.key();
        boolean create = key.equals(creating.get());
        forget(key);
        database.statements("save alarm " + key, sql -> {
            String recipients = Pairs.encode(new TreeSet<>(alarm.recipients()).stream()
                    .map(r -> Map.entry(r.channel(), r.address())).toList());
            // Creating inside atomically: a plain INSERT, never an UPDATE. At READ COMMITTED an
            // UPDATE would find the row another node committed meanwhile and overwrite it with a
            // state computed without it; the INSERT fails on the primary key instead, and the change
            // runs again on the other node's row.
            Acknowledgement ack = alarm.acknowledgement();
            String ackBy = ack == null ? null : ack.by();
            String ackComment = ack == null ? null : ack.comment();
            Instant ackAt = ack == null ? null : ack.at();
            if (create || sql.update("UPDATE ba_alarm SET state = ?, opened_at = ?, occurrences = ?, message = ?, "
                            + "next_due = ?, fired_at = ?, repeats = ?, recipients = ?, vault_id = ?, account_id = ?, "
                            + "announced_at = ?, ack_by = ?, ack_comment = ?, ack_at = ?" + BY_KEY,
                    alarm.state().name(), alarm.openedAt(), alarm.occurrences(), alarm.message(), alarm.nextDue(),
                    alarm.firedAt(), alarm.repeats(), recipients, alarm.vault(), alarm.account(), alarm.announcedAt(),
                    ackBy, ackComment, ackAt, key.type().name(), key.instance(), job(key)) == 0) {
                sql.update("INSERT INTO ba_alarm (alarm_type, instance_id, job, state, opened_at, occurrences, "
                                + "message, next_due, fired_at, repeats, recipients, vault_id, account_id, announced_at, "
                                + "ack_by, ack_comment, ack_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        key.type().name(), key.instance(), job(key), alarm.state().name(), alarm.openedAt(),
                        alarm.occurrences(), alarm.message(), alarm.nextDue(), alarm.firedAt(), alarm.repeats(),
                        recipients, alarm.vault(), alarm.account(), alarm.announcedAt(), ackBy, ackComment, ackAt);
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
        forget(key);
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

    /** The alarms of an instance, by the index on {@code instance_id}. */
    @Override
    public List<OpenAlarm> ofInstance(String instance) {
        Objects.requireNonNull(instance, "instance");
        return database.statements("list the alarms of instance " + instance, sql ->
                sql.list(COLUMNS + " WHERE instance_id = ?", JdbcAlarmStore::alarm, instance));
    }

    /** The firing alarms of an account never announced nor acknowledged, by the index on {@code (account_id, announced_at)}. */
    @Override
    public List<OpenAlarm> awaitingAnnouncement(String account) {
        Objects.requireNonNull(account, "account");
        return database.statements("list the alarms of account " + account + " awaiting announcement", sql ->
                sql.list(COLUMNS + " WHERE account_id = ? AND announced_at IS NULL AND state = 'FIRING' "
                        + "AND ack_at IS NULL", JdbcAlarmStore::alarm, account));
    }

    /** One aggregate over the table of open alarms (it holds open alarms only, never closed ones). */
    @Override
    public Map<AlarmState, Long> countByState() {
        Map<AlarmState, Long> counts = new EnumMap<>(AlarmState.class);
        for (AlarmState state : AlarmState.values()) {
            counts.put(state, 0L);
        }
        database.statements("count alarms by state", sql -> sql.list(
                "SELECT state, COUNT(*) AS alarms FROM ba_alarm GROUP BY state",
                row -> counts.put(AlarmState.valueOf(row.getString("state")), row.getLong("alarms"))));
        return counts;
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
            OpenAlarm row = lock(sql, key);
            if (row == null) {
                creating.set(key); // no row to lock: the primary key decides between two creators
            } else {
                locked.set(row);
            }
            try {
                return work.get();
            } finally {
                creating.remove();
                locked.remove();
            }
        });
    }

    /**
     * Locks the row of a key and reads it, in one statement; on PostgreSQL the same statement
     * reads where the key's instance belongs, which the configuration store of the transaction
     * then answers without a query of its own (the engine asks it for every event).
     *
     * @return the row, or {@code null} if there is none
     */
    private OpenAlarm lock(Sql sql, AlarmKey key) {
        Object[] parameters = {key.type().name(), key.instance(), job(key)};
        if (database.dialect() != Dialect.POSTGRESQL) {
            return sql.one(COLUMNS + BY_KEY + " FOR UPDATE", JdbcAlarmStore::alarm, parameters).orElse(null);
        }
        OpenAlarm[] row = new OpenAlarm[1];
        Optional<ConfigurationStore.InstanceScope> scope = sql.one(LOCK_WITH_SCOPE, found -> {
            if (found.getString("alarm_type") != null) {
                row[0] = alarm(found);
            }
            return JdbcConfigurationStore.scope(found);
        }, key.type().name(), key.instance(), job(key), key.instance());
        JdbcConfigurationStore.remember(database, key.instance(), scope);
        return row[0];
    }

    /** The calling thread's change writes the key: what its lock read is no longer the row. */
    private void forget(AlarmKey key) {
        OpenAlarm held = locked.get();
        if (held != null && held.key().equals(key)) {
            locked.remove();
        }
    }

    @Override
    public int forEachDue(Instant instant, int limit, Consumer<OpenAlarm> work) {
        Objects.requireNonNull(instant, "instant");
        Objects.requireNonNull(work, "work");
        requirePositive(limit);
        // Most sweeps find nothing: ask with one statement before opening a transaction for it.
        boolean joined = database.inTransaction();
        if (!joined && database.statements("look for due alarms", sql -> sql.one(
                "SELECT 1 FROM ba_alarm WHERE next_due <= ? LIMIT 1", row -> 1, instant)).isEmpty()) {
            return 0;
        }
        int handled = 0;
        int conflictsInARow = 0;
        while (handled < limit) {
            // A transaction of its own locks a few alarms at a time and commits them, so that another
            // node's sweep finds the rest of a burst and fires them meanwhile; inside the caller's
            // transaction a conflict cannot be left behind for a new one, nor a lock given up.
            int asked = joined ? limit - handled : Math.min(limit - handled, ALARMS_PER_TRANSACTION);
            Round round = handleDue(instant, asked, work, !joined && conflictsInARow < CONFLICTS_IN_A_ROW);
            handled += round.handled();
            if (!round.conflict()) {
                if (round.locked() < asked) {
                    break; // no more due (or the rest are another node's now)
                }
                conflictsInARow = 0;
                continue;
            }
            // What the round handled before the conflict is committed; the rest runs in a new
            // transaction, whose snapshot shows what the other node committed.
            conflictsInARow = round.handled() > 0 ? 1 : conflictsInARow + 1;
        }
        return handled;
    }

    /**
     * What one transaction of {@link #forEachDue} did: how many alarms it handled, and whether it
     * stopped at a conflict with another node, leaving the alarm it met it on and the rest due.
     */
    private record Round(int handled, boolean conflict, int locked) {
    }

    private Round handleDue(Instant instant, int limit, Consumer<OpenAlarm> work, boolean mayStopAtConflict) {
        // At the snapshot level, so that the configuration reads of the firings (which join this
        // transaction) see one state, as a read of their own would. Locking a row that another node
        // changed after the snapshot was taken is a serialization failure: run again, as long as no
        // alarm has been handed to the work (whose effects the caller keeps).
        AtomicBoolean handedOut = new AtomicBoolean();
        return database.transaction("handle due alarms", Database.Isolation.SNAPSHOT, () -> !handedOut.get(), sql -> {
            List<OpenAlarm> due = sorted(sql.list(COLUMNS + DUE_AFTER_DISCONNECTS + " FOR UPDATE SKIP LOCKED",
                    JdbcAlarmStore::alarm, instant, limit));
            // The alarms take their recipients' group locks in the order they need them: wait for
            // the first one only, so that two nodes' sweeps never wait for each other in a circle
            // (unless a lock not granted cannot end the transaction early: then wait, as a change does).
            if (mayStopAtConflict) {
                database.waitForFirstSharedLockOnly();
            }
            int handled = 0;
            for (OpenAlarm alarm : due) {
                handedOut.set(true);
                // One alarm that cannot be handled must not hold the others back (they share the
                // transaction): its writes are undone to a savepoint, and it is tried again later.
                Savepoint before = sql.savepoint();
                try {
                    work.accept(alarm);
                    // Not released: a release is a statement, and the savepoints of a transaction's
                    // few alarms end with it anyway.
                    handled++;
                } catch (RuntimeException e) {
                    sql.rollbackTo(before);
                    database.remembered().clear(); // it may include what was just undone
                    if (e instanceof JdbcStoreException failure && Database.conflict(failure)) {
                        if (mayStopAtConflict) {
                            LOG.debug("Due alarm {} met another node's change ({}); it and the rest of the sweep run "
                                    + "in a new transaction", alarm.key(), failure.sqlState());
                            return new Round(handled, true, due.size());
                        }
                        // Still due at its own instant (a later one would make it miss its recipients'
                        // groups): the next sweep takes it, once the other node's change is committed.
                        LOG.debug("Due alarm {} met another node's change ({}) again; left for the next sweep",
                                alarm.key(), failure.sqlState());
                        continue;
                    }
                    Instant retry = instant.plus(RETRY_FAILED);
                    LOG.error("Due alarm {} could not be handled; tried again at {}", alarm.key(), retry, e);
                    sql.update("UPDATE ba_alarm SET next_due = ?" + BY_KEY, retry, alarm.key().type().name(),
                            alarm.key().instance(), job(alarm.key()));
                }
            }
            return new Round(handled, false, due.size());
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
        String ackBy = row.getString("ack_by");
        Acknowledgement ack = ackBy == null ? null
                : new Acknowledgement(ackBy, row.getString("ack_comment"), Sql.instant(row, "ack_at"));
        return new OpenAlarm(key, AlarmState.valueOf(row.getString("state")), Sql.instant(row, "opened_at"),
                row.getInt("occurrences"), row.getString("message"), Sql.instant(row, "next_due"),
                Sql.instant(row, "fired_at"), row.getInt("repeats"), recipients, row.getString("vault_id"),
                row.getString("account_id"), Sql.instant(row, "announced_at"), ack);
    }
}
