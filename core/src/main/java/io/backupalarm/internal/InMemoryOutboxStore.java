package io.backupalarm.internal;

import io.backupalarm.delivery.Notification;
import io.backupalarm.delivery.NotificationItem;
import io.backupalarm.spi.OutboxStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The outbox in memory: notifications by key, an index of pending ones by due time, and each
 * recipient's latest group. {@link #claimDue} hands each notification out once: until its outcome
 * is recorded or its claim released, it is not claimed again, and a group takes no more
 * notifications. A claim here never runs out, so {@link #nextAttempt} leaves claimed notifications
 * out. Thread-safe.
 */
public final class InMemoryOutboxStore implements OutboxStore {

    private final Map<String, Notification> byKey = new HashMap<>();
    /**
     * The pending notifications no engine has claimed, by due instant, each instant's in the order
     * they became due there (or were released): a burst shares one instant, and a linked hash map
     * keeps that order without comparing keys. A claimed one leaves the index until its claim is
     * released or its outcome recorded, so a backlog waiting in a sender's queue is not walked on
     * every sweep.
     */
    private final TreeMap<Instant, LinkedHashMap<String, Notification>> pending = new TreeMap<>();
    private int pendingCount;
    /** The latest group of each recipient (account, channel, address), by key. */
    private final Map<List<String>, String> groups = new HashMap<>();
    private final Set<String> claimed = new HashSet<>();
    /**
     * Items added to collecting groups since they were last read: appending to a list here is
     * cheap, where copying a group of thousands of items on every addition is not. A read folds
     * them into the stored notification.
     */
    private final Map<String, Collecting> collecting = new HashMap<>();

    private record Collecting(List<NotificationItem> added, Set<String> keys) {
    }

    /** Creates an empty outbox. */
    public InMemoryOutboxStore() {
    }

    @Override
    public synchronized boolean add(Notification notification) {
        Objects.requireNonNull(notification, "notification");
        if (byKey.putIfAbsent(notification.key(), notification) != null) {
            return false;
        }
        index(null, notification);
        if (notification.collectsUntil() != null) {
            groups.put(recipient(notification.account(), notification.message().channel(),
                    notification.message().address()), notification.key());
        }
        return true;
    }

    @Override
    public synchronized void update(Notification notification) {
        Objects.requireNonNull(notification, "notification");
        collecting.remove(notification.key());
        Notification before = byKey.put(notification.key(), notification);
        claimed.remove(notification.key());
        index(before, notification);
    }

    @Override
    public synchronized Optional<Notification> find(String key) {
        return Optional.ofNullable(byKey.get(key)).map(this::current);
    }

    @Override
    public synchronized List<Notification> dueUpTo(Instant instant, int limit) {
        List<Notification> due = unclaimedDue(instant, limit);
        for (String key : claimed) {
            Notification notification = byKey.get(key);
            if (notification != null && notification.status() == Notification.Status.PENDING
                    && !notification.nextAttemptAt().isAfter(instant)) {
                due = due.isEmpty() ? new ArrayList<>() : due;
                due.add(notification);
            }
        }
        if (due.size() > 1 && !claimed.isEmpty()) {
            due.sort(Comparator.comparing(Notification::nextAttemptAt));
        }
        return currentOf(due.size() > limit ? new ArrayList<>(due.subList(0, limit)) : due);
    }

    @Override
    public synchronized List<Notification> claimDue(Instant instant, int limit) {
        List<Notification> due = unclaimedDue(instant, limit);
        for (Notification notification : due) {
            claimed.add(notification.key());
            index(notification, notification); // out of the index while claimed
        }
        return currentOf(due);
    }

    /** Up to {@code limit} unclaimed notifications due up to an instant, earliest first, as stored. */
    private List<Notification> unclaimedDue(Instant instant, int limit) {
        if (pending.isEmpty() || pending.firstKey().isAfter(instant)) {
            return List.of(); // the common case on every event: nothing due, nothing allocated
        }
        List<Notification> out = new ArrayList<>();
        for (Map<String, Notification> due : pending.headMap(instant, true).values()) {
            for (Notification notification : due.values()) {
                if (out.size() >= limit) {
                    return out;
                }
                out.add(notification);
            }
        }
        return out;
    }

    @Override
    public synchronized void releaseClaim(String key) {
        if (claimed.remove(key)) {
            Notification notification = byKey.get(key);
            if (notification != null) {
                index(notification, notification); // back in the index, after what is due with it
            }
        }
    }

    @Override
    public synchronized Optional<String> openGroup(String account, String channel, String address, Instant at) {
        Objects.requireNonNull(at, "at");
        String key = groups.get(recipient(account, channel, address));
        Notification group = key == null ? null : byKey.get(key);
        if (group == null || claimed.contains(key) || !group.collectsAt(at)) {
            return Optional.empty();
        }
        return Optional.of(key);
    }

    @Override
    public synchronized boolean addToGroup(String groupKey, NotificationItem item) {
        Objects.requireNonNull(item, "item");
        Notification group = byKey.get(Objects.requireNonNull(groupKey, "groupKey"));
        if (group == null || claimed.contains(groupKey) || !group.collectsAt(item.at())) {
            return false;
        }
        Collecting added = collecting.computeIfAbsent(groupKey, k -> new Collecting(new ArrayList<>(),
                group.items().stream().map(NotificationItem::key).collect(Collectors.toCollection(HashSet::new))));
        if (added.keys().add(item.key())) {
            added.added().add(item);
        }
        return true;
    }

    /** Each with the items added since it was stored (read first, folded in after: folding moves it in the index). */
    private List<Notification> currentOf(List<Notification> read) {
        if (!collecting.isEmpty() && !read.isEmpty()) {
            read.replaceAll(this::current);
        }
        return read;
    }

    /** The notification with the items added since it was stored, kept from now on. */
    private Notification current(Notification stored) {
        Collecting added = collecting.remove(stored.key());
        if (added == null || added.added().isEmpty()) {
            return stored;
        }
        List<NotificationItem> items = new ArrayList<>(stored.items());
        items.addAll(added.added());
        Notification full = new Notification(stored.message(), stored.alarm(), stored.instance(), stored.vault(),
                stored.account(), stored.createdAt(), stored.status(), stored.attempts(), stored.nextAttemptAt(),
                stored.lastError(), stored.receipt(), stored.finishedAt(), items, stored.collectsUntil());
        index(byKey.put(full.key(), full), full);
        return full;
    }

    private static List<String> recipient(String account, String channel, String address) {
        return Arrays.asList(account, Objects.requireNonNull(channel, "channel"), Objects.requireNonNull(address, "address"));
    }

    @Override
    public synchronized Backlog backlog() {
        Instant oldest = null;
        int count = pendingCount;
        for (Map<String, Notification> due : pending.values()) {
            for (Notification notification : due.values()) {
                oldest = Times.earliest(oldest, notification.createdAt());
            }
        }
        for (String key : claimed) {
            Notification notification = byKey.get(key);
            if (notification != null && notification.status() == Notification.Status.PENDING) {
                oldest = Times.earliest(oldest, notification.createdAt());
                count++;
            }
        }
        long dead = byKey.values().stream().filter(n -> n.status() == Notification.Status.DEAD).count();
        return new Backlog(count, Optional.ofNullable(oldest), dead);
    }

    @Override
    public synchronized Optional<Instant> nextAttempt() {
        return pending.isEmpty() ? Optional.empty() : Optional.of(pending.firstKey());
    }

    @Override
    public synchronized List<Notification> withStatus(Notification.Status status) {
        List<Notification> out = new ArrayList<>();
        for (Notification n : byKey.values()) {
            if (n.status() == status) {
                out.add(current(n));
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
                groups.values().remove(n.key());
                purged++;
            }
        }
        return purged;
    }

    /**
     * Moves a notification in the index from where it was ({@code before}: as stored until now, or
     * {@code null} if new) to where it belongs now: pending and unclaimed, at its next attempt; kept
     * in its place if it stays at the same instant.
     */
    private void index(Notification before, Notification after) {
        String key = after.key();
        Map<String, Notification> was = before == null || before.status() != Notification.Status.PENDING ? null
                : pending.get(before.nextAttemptAt());
        boolean wasIndexed = was != null && was.containsKey(key);
        boolean indexed = after.status() == Notification.Status.PENDING && !claimed.contains(key);
        if (wasIndexed && indexed && before.nextAttemptAt().equals(after.nextAttemptAt())) {
            was.put(key, after);
            return;
        }
        if (wasIndexed) {
            was.remove(key);
            if (was.isEmpty()) {
                pending.remove(before.nextAttemptAt());
            }
            pendingCount--;
        }
        if (indexed) {
            pending.computeIfAbsent(after.nextAttemptAt(), at -> new LinkedHashMap<>()).put(key, after);
            pendingCount++;
        }
    }
}
