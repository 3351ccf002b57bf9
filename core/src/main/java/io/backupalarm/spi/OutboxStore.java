package io.backupalarm.spi;

import io.backupalarm.delivery.Notification;
import io.backupalarm.delivery.NotificationItem;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outbox: every notification is written here before it is sent, and updated after every
 * attempt. It is what makes delivery survive a restart and what stops a notification from being
 * sent twice when the engine decides the same thing again.
 *
 * <p><b>Contract.</b> {@link Notification#key()} (the idempotency key) identifies a notification.
 * {@link #add} must be idempotent: adding a key that is already present changes nothing and
 * returns {@code false}.
 *
 * <p><b>Several engines on one store.</b> A store shared by engines on several nodes overrides
 * {@link #claimDue}, so that a notification is sent by one engine, and hands it to another engine
 * only when the first one's claim (its lease) ran out without an outcome: that engine died or
 * hangs. The default suits a store that one engine uses alone.
 *
 * <p><b>Thread safety.</b> Implementations must be thread-safe: the engine and its sender
 * threads use the store at once.
 */
public interface OutboxStore {

    /**
     * Adds a notification unless its key is present.
     *
     * @param notification the notification
     * @return {@code true} if added, {@code false} if the key was already present
     */
    boolean add(Notification notification);

    /**
     * Replaces the notification of the same key.
     *
     * @param notification the new state
     */
    void update(Notification notification);

    /**
     * Looks a notification up.
     *
     * @param key the idempotency key
     * @return the notification, or empty
     */
    Optional<Notification> find(String key);

    /**
     * Pending notifications due at or before an instant, earliest first. The order among
     * notifications due at the same instant is the store's (the in-memory outbox keeps the order
     * in which they were added, {@code store-jdbc} orders them by key).
     *
     * @param instant the instant
     * @param limit the most to return, at least 1
     * @return the notifications; never {@code null}
     */
    List<Notification> dueUpTo(Instant instant, int limit);

    /**
     * Claims pending notifications due at or before an instant, earliest first, for the calling
     * engine. Until {@link #update} records an outcome, or the claim's lease runs out, a claimed
     * notification is not returned to another engine's {@code claimDue}; {@link #update} releases
     * the claim. The default returns {@link #dueUpTo} (one engine: nothing to claim against).
     *
     * @param instant the instant
     * @param limit the most to return, at least 1
     * @return the claimed notifications; never {@code null}
     */
    default List<Notification> claimDue(Instant instant, int limit) {
        return dueUpTo(instant, limit);
    }

    /**
     * Confirms, just before a send, that the calling engine still holds its claim on a
     * notification, and makes the claim last a whole lease from {@code now}, so that a send that
     * waited in the engine's queue is not repeated by another engine meanwhile. Returns
     * {@code false} if the claim passed to another engine (the lease had run out): the caller
     * then does not send. A store may answer {@code true} without renewing a claim made a moment
     * ago (at most a tenth of the lease), whose own lease has nearly all its time left. The
     * default returns {@code true} (one engine: nothing to lose).
     *
     * @param key the idempotency key of a notification the engine claimed
     * @param now the engine's current time
     * @return whether the engine still holds the claim and may send
     */
    default boolean holdClaim(String key, Instant now) {
        return true;
    }

    /**
     * Gives up the calling engine's claim on a notification it will not send now (its queue was
     * full, or the notification turned out finished or not yet due), without changing anything
     * else, so that any engine may take it at once. Does nothing if the engine holds no claim on
     * it. The default does nothing (one engine: nothing to release).
     *
     * @param key the idempotency key
     */
    default void releaseClaim(String key) {
    }

    /**
     * The group of a recipient that still collects notifications falling due at an instant: a
     * notification whose {@link Notification#collectsAt} is true for {@code at}, that no engine
     * has claimed for sending. A store shared by several engines joins the transaction of
     * {@link AlarmStore#atomically} and holds the recipient until it ends, so that two engines
     * never open two groups for one recipient at once (a group split in two).
     *
     * @param account the recipient's account, or {@code null}
     * @param channel the channel
     * @param address the address
     * @param at when the notification falls due
     * @return the group's idempotency key, or empty when a new group must open
     */
    Optional<String> openGroup(String account, String channel, String address, Instant at);

    /**
     * Adds a notification to a group that still collects it: pending, never attempted, not
     * claimed, and {@code item.at()} before its {@link Notification#collectsUntil()}. The message
     * stored is not rendered again here: the engine renders the whole group when it sends it.
     * Adding an item whose key the group already holds changes nothing and counts as added.
     *
     * @param groupKey the group's idempotency key
     * @param item the notification
     * @return {@code true} if the group holds the item now; {@code false} if it stopped collecting
     *         (an engine claimed it for sending): the caller opens a new group instead
     */
    boolean addToGroup(String groupKey, NotificationItem item);

    /**
     * The earliest next attempt of any pending notification; for a claimed one, the later of its
     * next attempt and the end of its claim.
     *
     * @return the instant, or empty when nothing is pending
     */
    Optional<Instant> nextAttempt();

    /**
     * Every notification in a status.
     *
     * @param status the status
     * @return the notifications, oldest first; never {@code null}
     */
    List<Notification> withStatus(Notification.Status status);

    /**
     * How many notifications wait to be sent, since when the oldest has waited, and how many are
     * dead letters: what a health check or a metrics gauge reads. The default counts
     * {@link #withStatus}; a database store should answer with one aggregate query.
     *
     * @return the backlog now
     */
    default Backlog backlog() {
        List<Notification> pending = withStatus(Notification.Status.PENDING);
        Instant oldest = null;
        for (Notification notification : pending) {
            if (oldest == null || notification.createdAt().isBefore(oldest)) {
                oldest = notification.createdAt();
            }
        }
        return new Backlog(pending.size(), Optional.ofNullable(oldest), withStatus(Notification.Status.DEAD).size());
    }

    /**
     * The notifications waiting to be sent, and the dead letters.
     *
     * @param pending how many are pending (waiting for their first or a further attempt)
     * @param oldestCreatedAt when the oldest of them was created; empty when none is pending
     * @param dead how many are dead letters (given up, waiting for a re-drive)
     */
    record Backlog(long pending, Optional<Instant> oldestCreatedAt, long dead) {
        /** Validates the fields. */
        public Backlog {
            if (pending < 0) {
                throw new IllegalArgumentException("pending must not be negative: " + pending);
            }
            java.util.Objects.requireNonNull(oldestCreatedAt, "oldestCreatedAt");
            if (dead < 0) {
                throw new IllegalArgumentException("dead must not be negative: " + dead);
            }
        }
    }

    /**
     * Forgets sent notifications that finished before an instant.
     *
     * @param instant the instant
     * @return how many were forgotten
     */
    int purgeSentBefore(Instant instant);

    /**
     * A thread-safe outbox in memory.
     *
     * @return a new, empty outbox
     */
    static OutboxStore inMemory() {
        return new io.backupalarm.internal.InMemoryOutboxStore();
    }
}
