package io.backupalarm.store.jdbc;

import io.backupalarm.delivery.Notification;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.OutboxStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
 * ({@code claimed_by}, {@code lease_until}), in one short transaction; the send happens after it,
 * outside any transaction. Just before the send, {@link #holdClaim} checks that the claim is
 * still this node's and makes it last a whole lease from then, so a send that waited in the
 * node's queue is not also sent by another node. Another node claims the row only once the lease
 * has run out, which happens when this node died or hung between claim and outcome.
 * {@link #update} records the outcome and releases the claim; an outcome arriving after another
 * node took the claim over is not written (the other node's outcome counts), and is logged. The
 * lease must therefore be longer than a channel's longest send.
 *
 * <p>{@link #add} joins the transaction of the {@link JdbcAlarmStore} of the same
 * {@link JdbcStore} when called inside it.
 *
 * <p><b>Thread safety.</b> Thread-safe; each call (or transaction) uses its own connection.
 */
public final class JdbcOutboxStore implements OutboxStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcOutboxStore.class);
    private static final String FIELDS = "SELECT idempotency_key, channel, address, kind, locale, subject, body, "
            + "data, alarm_type, instance_id, vault_id, account_id, created_at, status, attempts, next_attempt_at, "
            + "last_error, receipt, finished_at";
    private static final String COLUMNS = FIELDS + " FROM ba_outbox";
    /** Pending, due, and claimed by nobody (or by a node whose lease ran out); two parameters: now, now. */
    private static final String CLAIMABLE = " FROM ba_outbox WHERE status = 'PENDING' AND next_attempt_at <= ? "
            + "AND (lease_until IS NULL OR lease_until <= ?)";
    private static final Comparator<Notification> DUE_ORDER =
            Comparator.comparing(Notification::nextAttemptAt).thenComparing(Notification::key);

    private final Database database;
    private final String node;
    private final Duration lease;
    /** The notifications this node claimed and has not recorded an outcome for. */
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();

    JdbcOutboxStore(Database database, String node, Duration lease) {
        this.database = database;
        this.node = node;
        this.lease = lease;
    }

    @Override
    public boolean add(Notification n) {
        Objects.requireNonNull(n, "notification");
        OutboundMessage m = n.message();
        String insert = "INSERT INTO ba_outbox (idempotency_key, channel, address, kind, locale, subject, body, data, "
                + "alarm_type, instance_id, vault_id, account_id, created_at, status, attempts, next_attempt_at, "
                + "last_error, receipt, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        Object[] values = {n.key(), m.channel(), m.address(), m.kind().name(), m.locale().toLanguageTag(),
            m.subject(), m.text(), Pairs.encode(new ArrayList<>(new TreeMap<>(m.data()).entrySet())),
            n.alarm().name(), n.instance(), n.vault(), n.account(), n.createdAt(), n.status().name(), n.attempts(),
            n.nextAttemptAt(), n.lastError(), n.receipt(), n.finishedAt()};
        return database.statements("add notification " + n.key(), sql -> {
            if (database.dialect() == Dialect.POSTGRESQL) {
                return sql.update(insert + " ON CONFLICT (idempotency_key) DO NOTHING", values) == 1;
            }
            try {
                return sql.update(insert, values) == 1; // H2: a failed statement leaves the transaction usable
            } catch (JdbcStoreException e) {
                if ("23505".equals(e.sqlState())) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public void update(Notification n) {
        Objects.requireNonNull(n, "notification");
        // The outcome of a send this node claimed counts only while the claim is still this node's:
        // after its lease ran out another node may have taken the claim over and sent it itself.
        boolean ours = claimed.remove(n.key());
        String holder = ours ? "claimed_by = ?" : "(claimed_by IS NULL OR claimed_by = ?)";
        database.statements("update notification " + n.key(), sql -> {
            int updated = sql.update("UPDATE ba_outbox SET status = ?, attempts = ?, next_attempt_at = ?, "
                            + "last_error = ?, receipt = ?, finished_at = ?, claimed_by = NULL, lease_until = NULL "
                            + "WHERE idempotency_key = ? AND " + holder,
                    n.status().name(), n.attempts(), n.nextAttemptAt(), n.lastError(), n.receipt(), n.finishedAt(),
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
        return database.statements("find notification " + key, sql -> findIn(sql, key));
    }

    @Override
    public List<Notification> dueUpTo(Instant instant, int limit) {
        Objects.requireNonNull(instant, "instant");
        requirePositive(limit);
        return database.statements("list due notifications", sql -> sorted(sql.list(COLUMNS
                        + " WHERE status = 'PENDING' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?",
                JdbcOutboxStore::notification, instant, limit)));
    }

    @Override
    public List<Notification> claimDue(Instant instant, int limit) {
        Objects.requireNonNull(instant, "instant");
        requirePositive(limit);
        // Most calls find nothing: ask with one statement before opening a transaction for it.
        if (!database.inTransaction() && database.statements("look for due notifications", sql ->
                sql.one("SELECT 1" + CLAIMABLE + " LIMIT 1", row -> 1, instant, instant)).isEmpty()) {
            return List.of();
        }
        return database.transaction("claim due notifications", false, sql -> {
            List<Notification> found = sorted(sql.list(FIELDS + CLAIMABLE
                            + " ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED",
                    JdbcOutboxStore::notification, instant, instant, limit));
            List<Object[]> claims = new ArrayList<>(found.size());
            Instant until = instant.plus(lease); // the caller's clock: the engine passes its own now
            for (Notification n : found) {
                claims.add(new Object[] {node, until, n.key()});
            }
            sql.batch("UPDATE ba_outbox SET claimed_by = ?, lease_until = ? WHERE idempotency_key = ?", claims);
            found.forEach(n -> claimed.add(n.key()));
            return found;
        });
    }

    @Override
    public boolean holdClaim(String key, Instant now) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(now, "now");
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
        if (claimed.remove(key)) {
            database.statements("release the claim on " + key, sql -> sql.update("UPDATE ba_outbox SET claimed_by = NULL, "
                    + "lease_until = NULL WHERE idempotency_key = ? AND claimed_by = ?", key, node));
        }
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
        return database.statements("list notifications " + status, sql -> sql.list(COLUMNS
                + " WHERE status = ? ORDER BY created_at, idempotency_key", JdbcOutboxStore::notification,
                status.name()));
    }

    @Override
    public Backlog backlog() {
        // One aggregate over the (status, next_attempt_at) index's PENDING rows: what a health check reads.
        return database.statements("count the backlog", sql -> sql.one(
                "SELECT COUNT(*) AS pending, MIN(created_at) AS oldest FROM ba_outbox WHERE status = 'PENDING'",
                row -> new Backlog(row.getLong("pending"), Optional.ofNullable(Sql.instant(row, "oldest")))))
                .orElse(new Backlog(0, Optional.empty()));
    }

    @Override
    public int purgeSentBefore(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        return database.statements("purge sent notifications", sql ->
                sql.update("DELETE FROM ba_outbox WHERE status = 'SENT' AND finished_at < ?", instant));
    }

    @Override
    public Optional<Notification> openGroup(String account, String channel, String address, Instant at) {
        throw new UnsupportedOperationException("grouping is not stored yet");
    }

    @Override
    public boolean addToGroup(String groupKey, io.backupalarm.delivery.NotificationItem item) {
        throw new UnsupportedOperationException("grouping is not stored yet");
    }

    private static Optional<Notification> findIn(Sql sql, String key) {
        return sql.one(COLUMNS + " WHERE idempotency_key = ?", JdbcOutboxStore::notification, key);
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

    private static Notification notification(ResultSet row) throws SQLException {
        Map<String, String> data = new TreeMap<>();
        for (Map.Entry<String, String> pair : Pairs.decode(row.getString("data"))) {
            data.put(pair.getKey(), pair.getValue());
        }
        OutboundMessage message = new OutboundMessage(row.getString("idempotency_key"), row.getString("channel"),
                row.getString("address"), OutboundMessage.Kind.valueOf(row.getString("kind")),
                Locale.forLanguageTag(row.getString("locale")), row.getString("subject"), row.getString("body"), data);
        return new Notification(message, AlarmType.valueOf(row.getString("alarm_type")), row.getString("instance_id"),
                row.getString("vault_id"), row.getString("account_id"), Sql.instant(row, "created_at"),
                Notification.Status.valueOf(row.getString("status")), row.getInt("attempts"),
                Sql.instant(row, "next_attempt_at"), row.getString("last_error"), row.getString("receipt"),
                Sql.instant(row, "finished_at"));
    }
}
