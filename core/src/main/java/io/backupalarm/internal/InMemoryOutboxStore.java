package io.backupalarm.internal;

import io.backupalarm.delivery.Notification;
import io.backupalarm.spi.OutboxStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** The outbox in memory: notifications by key, plus an index of pending ones by due time. Thread-safe. */
public final class InMemoryOutboxStore implements OutboxStore {

    private record Due(Instant at, String key) implements Comparable<Due> {
        @Override
        public int compareTo(Due other) {
            int byTime = at.compareTo(other.at);
            return byTime != 0 ? byTime : key.compareTo(other.key);
        }
    }

    private final Map<String, Notification> byKey = new HashMap<>();
    private final TreeMap<Due, Notification> pending = new TreeMap<>();

    /** Creates an empty outbox. */
    public InMemoryOutboxStore() {
    }

    @Override
    public synchronized boolean add(Notification notification) {
        Objects.requireNonNull(notification, "notification");
        if (byKey.putIfAbsent(notification.key(), notification) != null) {
            return false;
        }
        index(notification);
        return true;
    }

    @Override
    public synchronized void update(Notification notification) {
        Objects.requireNonNull(notification, "notification");
        Notification previous = byKey.put(notification.key(), notification);
        if (previous != null && previous.status() == Notification.Status.PENDING) {
            pending.remove(new Due(previous.nextAttemptAt(), previous.key()));
        }
        index(notification);
    }

    @Override
    public synchronized Optional<Notification> find(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    @Override
    public synchronized List<Notification> dueUpTo(Instant instant, int limit) {
        if (pending.isEmpty() || pending.firstKey().at().isAfter(instant)) {
            return List.of(); // the common case on every event: nothing due, nothing allocated
        }
        List<Notification> out = new ArrayList<>();
        for (Map.Entry<Due, Notification> entry : pending.entrySet()) {
            if (out.size() >= limit || entry.getKey().at().isAfter(instant)) {
                break;
            }
            out.add(entry.getValue());
        }
        return out;
    }

    @Override
    public synchronized Backlog backlog() {
        Instant oldest = null;
        for (Notification notification : pending.values()) {
            if (oldest == null || notification.createdAt().isBefore(oldest)) {
                oldest = notification.createdAt();
            }
        }
        return new Backlog(pending.size(), Optional.ofNullable(oldest));
    }

    @Override
    public synchronized Optional<Instant> nextAttempt() {
        return pending.isEmpty() ? Optional.empty() : Optional.of(pending.firstKey().at());
    }

    @Override
    public synchronized List<Notification> withStatus(Notification.Status status) {
        List<Notification> out = new ArrayList<>();
        for (Notification n : byKey.values()) {
            if (n.status() == status) {
                out.add(n);
            }
        }
        out.sort(Comparator.comparing(Notification::createdAt).thenComparing(Notification::key));
        return out;
    }

    @Override
    public synchronized int purgeSentBefore(Instant instant) {
        int purged = 0;
        Iterator<Notification> it = byKey.values().iterator();
        while (it.hasNext()) {
            Notification n = it.next();
            if (n.status() == Notification.Status.SENT && n.finishedAt().isBefore(instant)) {
                it.remove();
                purged++;
            }
        }
        return purged;
    }

    private void index(Notification notification) {
        if (notification.status() == Notification.Status.PENDING) {
            pending.put(new Due(notification.nextAttemptAt(), notification.key()), notification);
        }
    }
}
