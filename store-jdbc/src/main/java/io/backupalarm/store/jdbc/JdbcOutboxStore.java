package io.backupalarm.store.jdbc;

import io.backupalarm.delivery.Notification;
import io.backupalarm.delivery.NotificationItem;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.OutboxStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox in table {@code ba_outbox}, shared by every engine on the database.
 *
 * <p><b>Claims.</b> {@link #claimDue} (called with the engine's current time) locks due rows with
 * {@code FOR UPDATE SKIP LOCKED} and marks them with this node's id and a lease
 * ({@code claimed_by}, {@code lease_until}): on PostgreSQL in one statement
 * ({@code UPDATE ... RETURNING}), on H2 in one short transaction; the send happens after it,
 * outside any transaction. Just before the send, {@link #holdClaim} checks that the claim is
 * still this node's and makes it last a whole lease from then, so a send that waited in the
 * node's queue is not also sent by another node. A send that starts less than {@value #FRESH_TEXT}
 * (or a tenth of the lease, if shorter) after its claim needs neither: nobody else can have taken
 * the claim, whose own lease still has nine tenths of its time or more, and {@link #find} answers
 * with the row as claimed. Another node claims the row only once the lease
 * has run out, which happens when this node died or hung between claim and outcome.
 * {@link #update} records the outcome and releases the claim; an outcome arriving after another
 * node took the claim over is not written (the other node's outcome counts), and is logged. The
 * lease must therefore be longer than a channel's longest send.
 *
 * <p>{@link #add}, {@link #openGroup} and {@link #addToGroup} join the transaction of the
 * {@link JdbcAlarmStore} of the same {@link JdbcStore} when called inside it: an alarm's new state
 * and the notifications it decided commit together.
 *
 * <p><b>Messages and their items.</b> The notifications a message carries are rows of
 * {@code ba_outbox_item} (one for a message sent alone, several for a group), in the order they
 * joined it; a row of {@code ba_outbox} written before items existed has none, and its one item is
 * read from its message. {@link #update} records an attempt's outcome with the message as it was
 * sent (a group is rendered again, with everything it collected, just before it is sent); it
 * never changes the items.
 *
 * <p><b>Groups across nodes.</b> Each recipient (account, channel, address) has a row in
 * {@code ba_outbox_recipient} that names its latest group. {@link #openGroup} locks that row
 * ({@code SELECT ... FOR UPDATE}, inserting it first for a new recipient) in the calling thread's
 * alarm transaction, where the lock lasts until the transaction ends, and {@link #add} names a new
 * group there under the same lock. Of two nodes whose alarms fall due for one recipient at once,
 * the second waits for the first one's commit and then joins its group: a recipient never has two
 * groups collecting at once. {@link #addToGroup} locks the group's row: {@link #claimDue} skips a
 * group that an alarm transaction is adding to ({@code SKIP LOCKED}) until it committed, and a
 * group once claimed for sending takes nothing more (what falls due then opens the recipient's next
 * group). A sweep of due alarms, which takes the locks of many recipients in the order its alarms
 * need them, waits only for the first ({@link JdbcAlarmStore}); at its snapshot level, a recipient
 * row or group that another node changed after the snapshot fails the lock with a serialization
 * failure, and the sweep goes on in a new transaction, which sees the change.
 *
 * <p><b>Thread safety.</b> Thread-safe; each call (or transaction) uses its own connection.
 */
public final class JdbcOutboxStore implements OutboxStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcOutboxStore.class);
    private static final String FIELDS = "SELECT idempotency_key, channel, address, kind, locale, subject, body, "
            + "data, alarm_type, instance_id, vault_id, account_id, created_at, status, attempts, next_attempt_at, "
            + "last_error, receipt, finished_at, collects_until";
    private static final String COLUMNS = FIELDS + " FROM ba_outbox";
    /** Pending, due, and claimed by nobody (or by a node whose lease ran out); two parameters: now, now. */
    private static final String CLAIMABLE = " FROM ba_outbox WHERE status = 'PENDING' AND next_attempt_at <= ? "
            + "AND (lease_until IS NULL OR lease_until <= ?)";
    private static final String INSERT = "INSERT INTO ba_outbox (idempotency_key, channel, address, kind, locale, "
            + "subject, body, data, alarm_type, instance_id, vault_id, account_id, created_at, status, attempts, "
            + "next_attempt_at, last_error, receipt, finished_at, collects_until) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String ITEMS = "SELECT idempotency_key, item_key, kind, alarm_type, instance_id, vault_id, "
            + "job, message, occurrences, opened_at, due_at, contact_id FROM ba_outbox_item";
    private static final String INSERT_ITEM = "INSERT INTO ba_outbox_item (idempotency_key, item_key, kind, "
            + "alarm_type, instance_id, vault_id, job, message, occurrences, opened_at, due_at, contact_id) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /**
     * PostgreSQL: a message unless its key exists, and its one item with it; the parameters of
     * {@link #INSERT}, then those of {@link #INSERT_ITEM} but the key. Inserts one row, or none.
     */
    private static final String INSERT_WITH_ITEM = "WITH message AS (" + INSERT
            + " ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key) INSERT INTO ba_outbox_item "
            + "(idempotency_key, item_key, kind, alarm_type, instance_id, vault_id, job, message, occurrences, "
            + "opened_at, due_at, contact_id) SELECT message.idempotency_key, ?, ?, ?, ?, ?, ?, ?, CAST(? AS INTEGER), "
            + "CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE), ? FROM message";
    /** What decides whether a group still collects. */
    private static final String GROUP_STATE = "SELECT status, attempts, collects_until, lease_until";
    private static final String RECIPIENT_KEY = " WHERE account_id = ? AND channel = ? AND address = ?";
    private static final String RECIPIENT = " FROM ba_outbox_recipient" + RECIPIENT_KEY;
    /** The most keys in one {@code IN} list when reading the items of many messages. */
    private static final int KEYS_PER_QUERY = 500;
    private static final Comparator<Notification> DUE_ORDER =
            Comparator.comparing(Notification::nextAttemptAt).thenComparing(Notification::key);

    private final Database database;
    private final String node;
    private final Duration lease;
    /** The notifications this node claimed and has not recorded an outcome for, with their claims. */
    private final Map<String, Claim> claimed = new ConcurrentHashMap<>();

    /**
     * A claim of this node: the notification as claimed, when (the engine's clock, and
     * {@link System#nanoTime()}) and until when.
     */
    private record Claim(Notification notification, Instant at, long nanos) {

        /**
         * Whether the claim is younger than {@code window}, by the engine's clock at {@code now} (if
         * given) and by elapsed time: then nobody else can have taken it over, and the row is as
         * claimed.
         */
        boolean fresh(Instant now, Duration window) {
            return System.nanoTime() - nanos < window.toNanos() && (now == null || now.isBefore(at.plus(window)));
        }
    }

    /**
     * How long after its claim a notification is taken as claimed without asking the database, at
     * most: {@link #find} answers from the claim, and {@link #holdClaim} leaves the claim's own
     * lease, which then has at least nine tenths of its time left ({@link #fresh}).
     */
    static final Duration FRESH = Duration.ofSeconds(1);
    /** {@link #FRESH} in words, for the documentation. */
    static final String FRESH_TEXT = "a second";
    /** {@link #FRESH}, or a tenth of the lease if that is shorter. */
    private final Duration fresh;

    JdbcOutboxStore(Database database, String node, Duration lease) {
        this.database = database;
        this.node = node;
        this.lease = lease;
        Duration tenth = lease.dividedBy(10);
        this.fresh = tenth.compareTo(FRESH) < 0 ? tenth : FRESH;
    }

    @Override
    public boolean add(Notification n) {
        Objects.requireNonNull(n, "notification");
        return database.transaction("add notification " + n.key(), false, sql -> addIn(sql, n));
    }

    /**
     * Adds a message and its items; a group also becomes its recipient's latest group, under the
     * recipient's lock.
     */
    private boolean addIn(Sql sql, Notification n) {
        OutboundMessage m = n.message();
        boolean group = n.collectsUntil() != null;
        List<String> recipient = group ? lockRecipient(sql, n.account(), m.channel(), m.address()) : null;
        Object[] values = {n.key(), m.channel(), m.address(), m.kind().name(), m.locale().toLanguageTag(),
            m.subject(), m.text(), data(m), n.alarm() == null ? null : n.alarm().name(), n.instance(), n.vault(),
            n.account(), n.createdAt(), n.status().name(), n.attempts(), n.nextAttemptAt(), n.lastError(),
            n.receipt(), n.finishedAt(), n.collectsUntil()};
        if (database.dialect() == Dialect.POSTGRESQL && n.items().size() == 1) {
            // The message and its one item in one statement: the item is inserted only with the message.
            Object[] item = itemRow(n.key(), n.items().get(0));
            Object[] both = new Object[values.length + item.length - 1];
            System.arraycopy(values, 0, both, 0, values.length);
            System.arraycopy(item, 1, both, values.length, item.length - 1);
            if (sql.update(INSERT_WITH_ITEM, both) == 0) {
                return false;
            }
        } else {
            if (!insertIfAbsent(sql, INSERT, "(idempotency_key)", values)) {
                return false;
            }
            List<Object[]> items = new ArrayList<>(n.items().size());
            for (NotificationItem item : n.items()) {
                items.add(itemRow(n.key(), item));
            }
            sql.batch(INSERT_ITEM, items);
        }
        if (group) {
            sql.update("UPDATE ba_outbox_recipient SET group_key = ?" + RECIPIENT_KEY,
                    n.key(), accountKey(n.account()), m.channel(), m.address());
            Locked locked = locked();
            locked.recipients.put(recipient, Optional.of(n.key()));
            // Inserted by this transaction: no other can lock the row before it ends.
            locked.groups.put(n.key(), new LockedGroup(new Row(m, n.alarm(), n.instance(), n.vault(), n.account(),
                    n.createdAt(), n.status(), n.attempts(), n.nextAttemptAt(), n.lastError(), n.receipt(),
                    n.finishedAt(), n.collectsUntil()), null, n.items()));
        }
        return true;
    }

    @Override
    public void update(Notification n) {
        Objects.requireNonNull(n, "notification");
        // The outcome of a send this node claimed counts only while the claim is still this node's:
        // after its lease ran out another node may have taken the claim over and sent it itself.
        boolean ours = claimed.remove(n.key()) != null;
        String holder = ours ? "claimed_by = ?" : "(claimed_by IS NULL OR claimed_by = ?)";
        OutboundMessage m = n.message();
        database.statements("update notification " + n.key(), sql -> {
            // The message too: a group is sent, and its outcome recorded, with the message rendered
            // from everything it collected.
            int updated = sql.update("UPDATE ba_outbox SET kind = ?, locale = ?, subject = ?, body = ?, data = ?, "
                            + "status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, receipt = ?, "
                            + "finished_at = ?, collects_until = ?, claimed_by = NULL, lease_until = NULL "
                            + "WHERE idempotency_key = ? AND " + holder,
                    m.kind().name(), m.locale().toLanguageTag(), m.subject(), m.text(), data(m), n.status().name(),
                    n.attempts(), n.nextAttemptAt(), n.lastError(), n.receipt(), n.finishedAt(), n.collectsUntil(),
                    n.key(), node);
            if (updated == 0) {
                if (findIn(sql, n.key()).isEmpty()) {
                    add(n);
                } else {
                    LOG.warn("Outcome {} of notification {} not recorded: its claim passed to another node after "
                            + "this node's lease of {} ran out", n.status(), n.key(), lease);
                }
            }
            return null;
        });
    }

    @Override
    public Optional<Notification> find(String key) {
        Objects.requireNonNull(key, "key");
        Claim claim = claimed.get(key);
        if (claim != null && claim.fresh(null, fresh)) {
            return Optional.of(claim.notification()); // claimed a moment ago: the row is as claimed
        }
        return database.statements("find notification " + key, sql -> findIn(sql, key));
    }

    @Override
    public List<Notification> dueUpTo(Instant instant, int limit) {
        Objects.requireNonNull(instant, "instant");
        requirePositive(limit);
        return database.statements("list due notifications", sql -> sorted(withItems(sql, sql.list(COLUMNS
                        + " WHERE status = 'PENDING' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?",
                JdbcOutboxStore::row, instant, limit))));
    }

    @Override
    public List<Notification> claimDue(Instant instant, int limit) {
        Objects.requireNonNull(instant, "instant");
        requirePositive(limit);
        if (!database.inTransaction() && database.dialect() == Dialect.POSTGRESQL) {
            // One statement claims and returns the rows; nobody changes a claimed row's items.
            List<Notification> found = database.statements("claim due notifications", sql -> sorted(withItems(sql,
                    sql.list("UPDATE ba_outbox SET claimed_by = ?, lease_until = ? WHERE idempotency_key IN "
                                    + "(SELECT idempotency_key" + CLAIMABLE + " ORDER BY next_attempt_at LIMIT ? "
                                    + "FOR UPDATE SKIP LOCKED) RETURNING " + FIELDS.substring("SELECT ".length()),
                            JdbcOutboxStore::row, node, instant.plus(lease), instant, instant, limit))));
            remember(found, instant);
            return found;
        }
        // Most calls find nothing: ask with one statement before opening a transaction for it.
        if (!database.inTransaction() && database.statements("look for due notifications", sql ->
                sql.one("SELECT 1" + CLAIMABLE + " LIMIT 1", row -> 1, instant, instant)).isEmpty()) {
            return List.of();
        }
        return database.transaction("claim due notifications", false, sql -> {
            // A group that an alarm transaction is adding to is locked, and skipped until it committed.
            List<Notification> found = sorted(withItems(sql, sql.list(FIELDS + CLAIMABLE
                            + " ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED",
                    JdbcOutboxStore::row, instant, instant, limit)));
            List<Object[]> claims = new ArrayList<>(found.size());
            Instant until = instant.plus(lease); // the caller's clock: the engine passes its own now
            for (Notification n : found) {
                claims.add(new Object[] {node, until, n.key()});
            }
            sql.batch("UPDATE ba_outbox SET claimed_by = ?, lease_until = ? WHERE idempotency_key = ?", claims);
            remember(found, instant);
            return found;
        });
    }

    private void remember(List<Notification> found, Instant at) {
        long nanos = System.nanoTime();
        for (Notification n : found) {
            claimed.put(n.key(), new Claim(n, at, nanos));
        }
    }

    @Override
    public boolean holdClaim(String key, Instant now) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(now, "now");
        Claim claim = claimed.get(key);
        if (claim != null && claim.fresh(now, fresh)) {
            return true; // claimed a moment ago: the claim's own lease still has nearly all of its time
        }
        boolean held = database.statements("hold the claim on " + key, sql -> sql.update(
                "UPDATE ba_outbox SET lease_until = ? WHERE idempotency_key = ? AND claimed_by = ? AND status = 'PENDING'",
                now.plus(lease), key, node) == 1);
        if (!held) {
            claimed.remove(key);
        }
        return held;
    }

    @Override
    public void releaseClaim(String key) {
        Objects.requireNonNull(key, "key");
        if (claimed.remove(key) != null) {
            database.statements("release the claim on " + key, sql -> sql.update("UPDATE ba_outbox SET claimed_by = NULL, "
                    + "lease_until = NULL WHERE idempotency_key = ? AND claimed_by = ?", key, node));
        }
    }

    /**
     * Locks the recipient's row in {@code ba_outbox_recipient} (creating it for a recipient's first
     * group) until the calling thread's transaction ends, then returns the recipient's latest group
     * key if it still collects what falls due at {@code at}: pending, never attempted,
     * {@code at < collectsUntil}, and claimed by no node (or by one whose lease ran out
     * by {@code at}). The group's row is locked too, and its items are those the transaction sees
     * (at the sweep's snapshot level: as of its snapshot, with what it added itself). Called outside
     * a transaction, the locks last for this call only.
     */
    @Override
    public Optional<String> openGroup(String account, String channel, String address, Instant at) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(at, "at");
        return database.transaction("open the group of " + channel + ":" + address, false, sql -> {
            Optional<String> latest = locked().recipients.get(lockRecipient(sql, account, channel, address));
            LockedGroup group = latest.isEmpty() ? null : lockGroup(sql, latest.get(), at);
            return group == null ? Optional.<String>empty() : Optional.of(group.row.message().idempotencyKey());
        });
    }

    /**
     * Adds an item to a group that still collects it (as in {@link #openGroup}), after locking the
     * group's row: a node claiming the group for sending skips ({@code SKIP LOCKED}) a group that a
     * transaction is adding to until it committed, and then sends what it added. A group whose
     * claim ran out (its node died) takes the item, and the stale claim is dropped, so that the
     * group is claimed again and sent whole.
     */
    @Override
    public boolean addToGroup(String groupKey, NotificationItem item) {
        Objects.requireNonNull(groupKey, "groupKey");
        Objects.requireNonNull(item, "item");
        return database.transaction("add to group " + groupKey, false, sql -> {
            LockedGroup group = lockGroup(sql, groupKey, item.at());
            if (group == null) {
                return false;
            }
            if (group.state.leaseUntil() != null) {
                sql.update("UPDATE ba_outbox SET claimed_by = NULL, lease_until = NULL WHERE idempotency_key = ?",
                        groupKey);
                group.state = group.state.unclaimed();
            }
            if (group.keys.add(item.key())) {
                sql.update(INSERT_ITEM, itemRow(groupKey, item));
                group.items.add(item);
            }
            return true;
        });
    }

    /**
     * What the calling thread's transaction holds locked, as it knows it: the recipients, with the
     * key of their latest group, and the groups, with their rows and items. Read once per
     * transaction and kept up to date by its own changes (nobody else changes what it holds
     * locked), so that the many notifications joining one recipient's group in one sweep do not
     * each lock and read it again. Forgotten when the transaction ends or rolls back to a savepoint.
     */
    private static final class Locked {
        final Map<List<String>, Optional<String>> recipients = new HashMap<>();
        final Map<String, LockedGroup> groups = new HashMap<>();
    }

    /** A group the transaction holds locked. */
    private static final class LockedGroup {
        final Row row;
        GroupState state;
        final List<NotificationItem> items;
        final Set<String> keys = new HashSet<>();

        LockedGroup(Row row, GroupState state, List<NotificationItem> items) {
            this.row = row;
            this.state = state == null ? new GroupState(row.status().name(), row.attempts(),
                    row.collectsUntil(), null) : state;
            this.items = new ArrayList<>(items);
            items.forEach(i -> keys.add(i.key()));
        }
    }

    /** The key under which {@link Database#remembered} keeps what a transaction holds locked. */
    private static final Object LOCKED = new Object();

    private Locked locked() {
        return (Locked) database.remembered().computeIfAbsent(LOCKED, k -> new Locked());
    }

    /**
     * The group of a key, locked ({@code SELECT ... FOR UPDATE}) with its row and items, if it
     * still collects what falls due at {@code at}; else {@code null}. A group is read before it is
     * locked: one claimed for sending is left alone, not locked (its sender is not held up). Nothing
     * else waits for a group's lock while it holds other locks (a claim skips locked rows), so this
     * one may wait.
     */
    private LockedGroup lockGroup(Sql sql, String key, Instant at) {
        Map<String, LockedGroup> known = locked().groups;
        LockedGroup group = known.get(key);
        if (group == null) {
            if (!collects(sql.one(GROUP_STATE + " FROM ba_outbox WHERE idempotency_key = ?", GroupState::of, key), at)) {
                return null;
            }
            List<LockedGroup> found = sql.list(FIELDS + ", lease_until FROM ba_outbox WHERE idempotency_key = ? FOR UPDATE",
                    row -> new LockedGroup(row(row), GroupState.of(row), List.of()), key);
            if (found.isEmpty()) {
                return null;
            }
            LockedGroup row = found.get(0);
            group = new LockedGroup(row.row, row.state, sql.list(ITEMS + " WHERE idempotency_key = ? ORDER BY position",
                    JdbcOutboxStore::item, key));
            known.put(key, group);
        }
        return collects(Optional.of(group.state), at) ? group : null;
    }

    /** What decides whether a group still collects. */
    private record GroupState(String status, int attempts, Instant collectsUntil, Instant leaseUntil) {
        static GroupState of(ResultSet row) throws SQLException {
            return new GroupState(row.getString("status"), row.getInt("attempts"), Sql.instant(row, "collects_until"), Sql.instant(row, "lease_until"));
        }

        GroupState unclaimed() {
            return new GroupState(status, attempts, collectsUntil, null);
        }
    }

    /** Whether a group collects what falls due at {@code at}, as {@link Notification#collectsAt}, and is unclaimed. */
    private static boolean collects(Optional<GroupState> found, Instant at) {
        if (found.isEmpty()) {
            return false; // purged, or never there
        }
        GroupState g = found.get();
        return "PENDING".equals(g.status()) && g.attempts() == 0 && g.collectsUntil() != null
                && at.isBefore(g.collectsUntil())
                && (g.leaseUntil() == null || !g.leaseUntil().isAfter(at));
    }

    /**
     * Locks a recipient's row until the transaction ends (once per transaction), creating it first
     * if the recipient never had a group, and notes the key of its latest group in
     * {@link Locked#recipients}. A transaction that already holds one recipient's lock and may not
     * wait for another ({@link Database#mayWaitForSharedLock}) asks without waiting ({@code NOWAIT}):
     * a lock held elsewhere is then a conflict.
     *
     * @return the recipient's key in {@link Locked#recipients}
     */
    private List<String> lockRecipient(Sql sql, String account, String channel, String address) {
        List<String> recipient = List.of(accountKey(account), channel, address);
        Map<List<String>, Optional<String>> known = locked().recipients;
        if (known.containsKey(recipient)) {
            return recipient;
        }
        String lock = "SELECT group_key" + RECIPIENT + " FOR UPDATE" + (database.mayWaitForSharedLock() ? "" : " NOWAIT");
        Object[] key = recipient.toArray();
        List<Optional<String>> found = sql.list(lock, row -> Optional.ofNullable(row.getString(1)), key);
        if (found.isEmpty()) {
            insertIfAbsent(sql, "INSERT INTO ba_outbox_recipient (account_id, channel, address) VALUES (?, ?, ?)",
                    "(account_id, channel, address)", key);
            found = sql.list(lock, row -> Optional.ofNullable(row.getString(1)), key);
            if (found.isEmpty()) {
                // Another transaction created the row after this one's snapshot (H2; PostgreSQL reports
                // it at the insert): only a new transaction can lock it.
                throw new JdbcStoreException("lock the recipient " + channel + ":" + address, new SQLException(
                        "the recipient's row was created by another transaction after this one began", "40001"));
            }
        }
        known.put(recipient, found.get(0));
        return recipient;
    }

    /** Inserts a row unless its key exists; whether it did. */
    private boolean insertIfAbsent(Sql sql, String insert, String key, Object[] values) {
        if (database.dialect() == Dialect.POSTGRESQL) {
            return sql.update(insert + " ON CONFLICT " + key + " DO NOTHING", values) == 1;
        }
        try {
            return sql.update(insert, values) == 1; // H2: a failed statement leaves the transaction usable
        } catch (JdbcStoreException e) {
            if ("23505".equals(e.sqlState())) {
                return false;
            }
            throw e;
        }
    }

    private static String accountKey(String account) {
        return account == null ? "" : account;
    }

    @Override
    public Optional<Instant> nextAttempt() {
        // A claimed row is not due for others before its lease ends; counting it earlier would wake
        // every node again and again while one of them sends it.
        return database.statements("find the next attempt", sql -> sql.one(
                "SELECT MIN(GREATEST(next_attempt_at, COALESCE(lease_until, next_attempt_at))) AS next_at "
                        + "FROM ba_outbox WHERE status = 'PENDING'", row -> Sql.instant(row, "next_at")));
    }

    @Override
    public List<Notification> withStatus(Notification.Status status) {
        Objects.requireNonNull(status, "status");
        return database.statements("list notifications " + status, sql -> withItems(sql, sql.list(COLUMNS
                + " WHERE status = ? ORDER BY created_at, idempotency_key", JdbcOutboxStore::row, status.name())));
    }

    @Override
    public Backlog backlog() {
        // One aggregate over the PENDING and DEAD rows, found by the index on (status, ...): sent rows,
        // the most numerous, are not read. What a health check and the metrics gauges read.
        return database.statements("count the backlog", sql -> sql.one(
                "SELECT SUM(CASE WHEN status = 'PENDING' THEN 1 ELSE 0 END) AS pending, "
                        + "MIN(CASE WHEN status = 'PENDING' THEN created_at END) AS oldest, "
                        + "SUM(CASE WHEN status = 'DEAD' THEN 1 ELSE 0 END) AS dead "
                        + "FROM ba_outbox WHERE status IN ('PENDING', 'DEAD')",
                row -> new Backlog(row.getLong("pending"), Optional.ofNullable(Sql.instant(row, "oldest")),
                        row.getLong("dead"))))
                .orElse(new Backlog(0, Optional.empty(), 0));
    }

    @Override
    public int purgeSentBefore(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        // Their items go with them (ON DELETE CASCADE).
        return database.statements("purge sent notifications", sql ->
                sql.update("DELETE FROM ba_outbox WHERE status = 'SENT' AND finished_at < ?", instant));
    }

    private static Optional<Notification> findIn(Sql sql, String key) {
        List<Notification> found = withItems(sql, sql.list(COLUMNS + " WHERE idempotency_key = ?",
                JdbcOutboxStore::row, key));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private static List<Notification> sorted(List<Notification> notifications) {
        List<Notification> out = new ArrayList<>(notifications);
        out.sort(DUE_ORDER);
        return out;
    }

    private static void requirePositive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
    }

    private static String data(OutboundMessage m) {
        return Pairs.encode(new ArrayList<>(new TreeMap<>(m.data()).entrySet()));
    }

    private static Object[] itemRow(String messageKey, NotificationItem i) {
        return new Object[] {messageKey, i.key(), i.kind().name(), i.alarm() == null ? null : i.alarm().name(),
            i.instance(), i.vault(), i.job(), i.message(), i.occurrences(), i.openedAt(), i.at(), i.contact()};
    }

    /** A row of {@code ba_outbox}, before its items are read. */
    private record Row(OutboundMessage message, AlarmType alarm, String instance, String vault, String account,
                       Instant createdAt, Notification.Status status, int attempts, Instant nextAttemptAt,
                       String lastError, String receipt, Instant finishedAt, Instant collectsUntil) {

        Notification with(List<NotificationItem> items) {
            if (items.isEmpty()) {
                // Written before messages had items: its one item is read from the message.
                return new Notification(message, alarm, instance, vault, account, createdAt, status, attempts,
                        nextAttemptAt, lastError, receipt, finishedAt);
            }
            return new Notification(message, alarm, instance, vault, account, createdAt, status, attempts,
                    nextAttemptAt, lastError, receipt, finishedAt, items, collectsUntil);
        }
    }

    /** The notifications of rows, with their items in the order they joined: one more query per {@value #KEYS_PER_QUERY} rows. */
    private static List<Notification> withItems(Sql sql, List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, List<NotificationItem>> items = new HashMap<>();
        for (int from = 0; from < rows.size(); from += KEYS_PER_QUERY) {
            List<Row> chunk = rows.subList(from, Math.min(rows.size(), from + KEYS_PER_QUERY));
            Object[] keys = chunk.stream().map(r -> r.message().idempotencyKey()).toArray();
            String in = String.join(", ", Collections.nCopies(keys.length, "?"));
            sql.list(ITEMS + " WHERE idempotency_key IN (" + in + ") ORDER BY idempotency_key, position", row -> {
                items.computeIfAbsent(row.getString("idempotency_key"), k -> new ArrayList<>()).add(item(row));
                return null;
            }, keys);
        }
        List<Notification> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            out.add(row.with(items.getOrDefault(row.message().idempotencyKey(), List.of())));
        }
        return out;
    }

    private static NotificationItem item(ResultSet row) throws SQLException {
        String type = row.getString("alarm_type");
        return new NotificationItem(row.getString("item_key"), OutboundMessage.Kind.valueOf(row.getString("kind")),
                type == null ? null : AlarmType.valueOf(type), row.getString("instance_id"), row.getString("vault_id"),
                row.getString("job"), row.getString("message"), row.getInt("occurrences"),
                Sql.instant(row, "opened_at"), Sql.instant(row, "due_at"), row.getString("contact_id"));
    }

    private static Row row(ResultSet row) throws SQLException {
        Map<String, String> data = new TreeMap<>();
        for (Map.Entry<String, String> pair : Pairs.decode(row.getString("data"))) {
            data.put(pair.getKey(), pair.getValue());
        }
        OutboundMessage message = new OutboundMessage(row.getString("idempotency_key"), row.getString("channel"),
                row.getString("address"), OutboundMessage.Kind.valueOf(row.getString("kind")),
                Locale.forLanguageTag(row.getString("locale")), row.getString("subject"), row.getString("body"), data);
        String type = row.getString("alarm_type");
        return new Row(message, type == null ? null : AlarmType.valueOf(type), row.getString("instance_id"),
                row.getString("vault_id"), row.getString("account_id"), Sql.instant(row, "created_at"),
                Notification.Status.valueOf(row.getString("status")), row.getInt("attempts"),
                Sql.instant(row, "next_attempt_at"), row.getString("last_error"), row.getString("receipt"),
                Sql.instant(row, "finished_at"), Sql.instant(row, "collects_until"));
    }
}
