package io.backupalarm.spi;

import io.backupalarm.delivery.Notification;
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
     * Pending notifications due at or before an instant, earliest first.
     *
     * @param instant the instant
     * @param limit the most to return, at least 1
     * @return the notifications; never {@code null}
     */
    List<Notification> dueUpTo(Instant instant, int limit);

    /**
     * The earliest next attempt of any pending notification.
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
