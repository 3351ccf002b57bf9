package io.backupalarm.internal;

import io.backupalarm.delivery.Notification;
import io.backupalarm.delivery.NotificationItem;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.OutboxStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
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
 *
 * <p>Each notification has one {@link Slot}, found by one look-up of its key: what is stored, the
 * items a collecting group was given since, and its place in the due index, the list of claimed
 * ones (being in it is what makes it claimed) or the list of sent ones (linked lists, so moving it
 * hashes nothing).
 *
 * <p>Like a database outbox, it keeps a message without its HTML form: the engine renders a
 * grouped message (the only kind with one) again before every attempt, and a sent group of many
 * notifications would otherwise keep its whole HTML table for as long as sent notifications are
 * kept.
 */
public final class InMemoryOutboxStore implements OutboxStore {

    /** One notification's state. Guarded by the store's monitor. */
    private static final class Slot {
        Notification stored;
        /** Items added to a collecting group since it was stored, or {@code null}. */
        Collecting collecting;
        /** The list it is in (a due instant's, the claimed one or the sent one), or {@code null}. */
        Chain chain;
        Slot previous;
        Slot next;

        Slot(Notification stored) {
            this.stored = withoutHtml(stored);
        }
    }

    /** A doubly linked list of slots: in the order they were appended, unless one was put after another. */
    private static final class Chain {
        /** The due instant of the slots in it; {@code null} for the claimed and the sent ones. */
        final Instant at;
        Slot first;
        Slot last;

        Chain(Instant at) {
            this.at = at;
        }

        void append(Slot slot) {
            insertAfter(last, slot);
        }

        /** Puts a slot right after {@code previous} ({@code null}: first). */
        void insertAfter(Slot previous, Slot slot) {
            Slot following = previous == null ? first : previous.next;
            slot.chain = this;
            slot.previous = previous;
            slot.next = following;
            if (previous == null) {
                first = slot;
            } else {
                previous.next = slot;
            }
            if (following == null) {
                last = slot;
            } else {
                following.previous = slot;
            }
        }

        void unlink(Slot slot) {
            if (slot.previous == null) {
                first = slot.next;
            } else {
                slot.previous.next = slot.next;
            }
            if (slot.next == null) {
                last = slot.previous;
            } else {
                slot.next.previous = slot.previous;
            }
            slot.chain = null;
            slot.previous = null;
            slot.next = null;
        }

        boolean isEmpty() {
            return first == null;
        }
    }

    /** The notification as kept: its message without the HTML form (see the class's comment). */
    private static Notification withoutHtml(Notification notification) {
        OutboundMessage message = notification.message();
        if (message.html() == null) {
            return notification;
        }
        return notification.withMessage(new OutboundMessage(message.idempotencyKey(), message.channel(),
                message.address(), message.kind(), message.locale(), message.subject(), message.text(), message.data(),
                null, message.items()));
    }

    /**
     * Items added to a collecting group since it was last read: appending to a list here is cheap,
     * where copying a group of thousands of items on every addition is not. A read folds them into
     * the stored notification.
     */
    private record Collecting(List<NotificationItem> added, Set<String> keys) {
    }

    private final Map<String, Slot> byKey = new HashMap<>();
    /**
     * The pending notifications no engine has claimed, by due instant, each instant's in the order
     * they became due there (or were released): a burst shares one instant. A claimed one leaves
     * the index until its claim is released or its outcome recorded, so a backlog waiting in a
     * sender's queue is not walked on every sweep.
     */
    private final TreeMap<Instant, Chain> pending = new TreeMap<>();
    private int pendingCount;
    /** The claimed notifications, in the order they were claimed. */
    private final Chain claimed = new Chain(null);
    /**
     * The sent notifications that have a finishing instant, in its order (ties in the order they
     * were sent): a purge takes them from the front, without reading the rest. Sends finish in time
     * order nearly always, so one is put at the end, or a few places before it.
     */
    private final Chain sent = new Chain(null);
    /** The latest group of each recipient (account, channel, address), by key. */
    private final Map<List<String>, String> groups = new HashMap<>();

    /** Creates an empty outbox. */
    public InMemoryOutboxStore() {
    }

    @Override
    public synchronized boolean add(Notification notification) {
        Objects.requireNonNull(notification, "notification");
        Slot slot = new Slot(notification);
        if (byKey.putIfAbsent(notification.key(), slot) != null) {
            return false;
        }
        index(slot);
        if (notification.collectsUntil() != null) {
            groups.put(recipient(notification.account(), notification.message().channel(),
                    notification.message().address()), notification.key());
        }
        return true;
    }

    @Override
    public synchronized void update(Notification notification) {
        Objects.requireNonNull(notification, "notification");
        Slot slot = byKey.get(notification.key());
        if (slot == null) {
            slot = new Slot(notification);
            byKey.put(notification.key(), slot);
        } else {
            slot.stored = withoutHtml(notification);
            slot.collecting = null;
            unclaim(slot);
        }
        index(slot);
    }

    @Override
    public synchronized Optional<Notification> find(String key) {
        Slot slot = byKey.get(key);
        return slot == null ? Optional.empty() : Optional.of(current(slot));
    }

    @Override
    public synchronized List<Notification> dueUpTo(Instant instant, int limit) {
        List<Slot> due = unclaimedDue(instant, limit);
        boolean anyClaimed = false;
        for (Slot slot = claimed.first; slot != null; slot = slot.next) {
            Notification notification = slot.stored;
            if (notification.status() == Notification.Status.PENDING && !notification.nextAttemptAt().isAfter(instant)) {
                due = due.isEmpty() ? new ArrayList<>() : due;
                due.add(slot);
                anyClaimed = true;
            }
        }
        if (anyClaimed && due.size() > 1) {
            due.sort(Comparator.comparing(s -> s.stored.nextAttemptAt()));
        }
        return currentOf(due.size() > limit ? due.subList(0, limit) : due);
    }

    @Override
    public synchronized List<Notification> claimDue(Instant instant, int limit) {
        List<Slot> due = unclaimedDue(instant, limit);
        for (int i = 0; i < due.size(); i++) { // no iterator: most calls find nothing due
            Slot slot = due.get(i);
            unindex(slot);
            claimed.append(slot); // out of the index while claimed
        }
        return currentOf(due);
    }

    /** Up to {@code limit} unclaimed notifications due up to an instant, earliest first. */
    private List<Slot> unclaimedDue(Instant instant, int limit) {
        if (pending.isEmpty() || pending.firstKey().isAfter(instant)) {
            return List.of(); // the common case on every event: nothing due, nothing allocated
        }
        List<Slot> out = new ArrayList<>();
        for (Chain due : pending.headMap(instant, true).values()) {
            for (Slot slot = due.first; slot != null; slot = slot.next) {
                if (out.size() >= limit) {
                    return out;
                }
                out.add(slot);
            }
        }
        return out;
    }

    @Override
    public synchronized void releaseClaim(String key) {
        Slot slot = byKey.get(key);
        if (slot != null && isClaimed(slot)) {
            unclaim(slot);
            index(slot); // back in the index, after what is due with it
        }
    }

    @Override
    public synchronized Optional<String> openGroup(String account, String channel, String address, Instant at) {
        Objects.requireNonNull(at, "at");
        String key = groups.get(recipient(account, channel, address));
        Slot group = key == null ? null : byKey.get(key);
        if (group == null || isClaimed(group) || !group.stored.collectsAt(at)) {
            return Optional.empty();
        }
        return Optional.of(key);
    }

    @Override
    public synchronized boolean addToGroup(String groupKey, NotificationItem item) {
        Objects.requireNonNull(item, "item");
        Slot group = byKey.get(Objects.requireNonNull(groupKey, "groupKey"));
        if (group == null || isClaimed(group) || !group.stored.collectsAt(item.at())) {
            return false;
        }
        if (group.collecting == null) {
            group.collecting = new Collecting(new ArrayList<>(), group.stored.items().stream()
                    .map(NotificationItem::key).collect(Collectors.toCollection(HashSet::new)));
        }
        if (group.collecting.keys().add(item.key())) {
            group.collecting.added().add(item);
        }
        return true;
    }

    /** Each with the items added since it was stored. */
    private List<Notification> currentOf(List<Slot> slots) {
        if (slots.isEmpty()) {
            return List.of(); // after most events: nothing due, nothing allocated
        }
        List<Notification> out = new ArrayList<>(slots.size());
        for (Slot slot : slots) {
            out.add(current(slot));
        }
        return out;
    }

    /** The notification with the items added since it was stored, kept from now on. */
    private static Notification current(Slot slot) {
        Collecting added = slot.collecting;
        slot.collecting = null;
        if (added == null || added.added().isEmpty()) {
            return slot.stored;
        }
        Notification stored = slot.stored;
        List<NotificationItem> items = new ArrayList<>(stored.items());
        items.addAll(added.added());
        // The same status and next attempt: it keeps its place in the index.
        slot.stored = new Notification(stored.message(), stored.alarm(), stored.instance(), stored.vault(),
                stored.account(), stored.createdAt(), stored.status(), stored.attempts(), stored.nextAttemptAt(),
                stored.lastError(), stored.receipt(), stored.finishedAt(), items, stored.collectsUntil());
        return slot.stored;
    }

    private static List<String> recipient(String account, String channel, String address) {
        return Arrays.asList(account, Objects.requireNonNull(channel, "channel"), Objects.requireNonNull(address, "address"));
    }

    @Override
    public synchronized Backlog backlog() {
        Instant oldest = null;
        int count = pendingCount;
        for (Chain due : pending.values()) {
            for (Slot slot = due.first; slot != null; slot = slot.next) {
                oldest = Times.earliest(oldest, slot.stored.createdAt());
            }
        }
        for (Slot slot = claimed.first; slot != null; slot = slot.next) {
            if (slot.stored.status() == Notification.Status.PENDING) {
                oldest = Times.earliest(oldest, slot.stored.createdAt());
                count++;
            }
        }
        long dead = byKey.values().stream().filter(s -> s.stored.status() == Notification.Status.DEAD).count();
        return new Backlog(count, Optional.ofNullable(oldest), dead);
    }

    @Override
    public synchronized Optional<Instant> nextAttempt() {
        return pending.isEmpty() ? Optional.empty() : Optional.of(pending.firstKey());
    }

    @Override
    public synchronized List<Notification> withStatus(Notification.Status status) {
        List<Notification> out = new ArrayList<>();
        for (Slot slot : byKey.values()) {
            if (slot.stored.status() == status) {
                out.add(current(slot));
            }
        }
        out.sort(Comparator.comparing(Notification::createdAt).thenComparing(Notification::key));
        return out;
    }

    @Override
    public synchronized int purgeSentBefore(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        int purged = 0;
        for (Slot slot = sent.first; slot != null && slot.stored.finishedAt().isBefore(instant); slot = sent.first) {
            Notification n = slot.stored;
            sent.unlink(slot);
            byKey.remove(n.key());
            if (!groups.isEmpty()) { // if it was its recipient's latest group, it is no more
                groups.remove(recipient(n.account(), n.message().channel(), n.message().address()), n.key());
            }
            purged++;
        }
        return purged;
    }

    private boolean isClaimed(Slot slot) {
        return slot.chain == claimed;
    }

    /** Out of the claimed list, if it is in it. */
    private void unclaim(Slot slot) {
        if (isClaimed(slot)) {
            claimed.unlink(slot);
        }
    }

    /**
     * Puts a slot where it belongs now: pending and unclaimed, in its next attempt's list (kept in
     * its place if it stays at the same instant); sent, in the list of sent ones; else nowhere.
     */
    private void index(Slot slot) {
        Notification now = slot.stored;
        boolean belongs = now.status() == Notification.Status.PENDING && !isClaimed(slot);
        Chain in = isClaimed(slot) ? null : slot.chain;
        if (in != null) {
            if (belongs && in != sent && in.at.equals(now.nextAttemptAt())) {
                return;
            }
            unindex(slot); // a sent one is put back below, in its maybe new place
        }
        if (belongs) {
            pending.computeIfAbsent(now.nextAttemptAt(), Chain::new).append(slot);
            pendingCount++;
        } else if (now.status() == Notification.Status.SENT && now.finishedAt() != null) {
            insertSent(slot); // without a finishing instant it never finished before any instant
        }
    }

    /** Into the list of sent ones, after every one that finished at or before it. */
    private void insertSent(Slot slot) {
        Instant finished = slot.stored.finishedAt();
        Slot previous = sent.last;
        while (previous != null && previous.stored.finishedAt().isAfter(finished)) {
            previous = previous.previous;
        }
        sent.insertAfter(previous, slot);
    }

    /** Out of the due index or the list of sent ones, if it is in either. */
    private void unindex(Slot slot) {
        Chain in = slot.chain;
        if (in == null || in == claimed) {
            return;
        }
        in.unlink(slot);
        if (in == sent) {
            return;
        }
        pendingCount--;
        if (in.isEmpty()) {
            pending.remove(in.at);
        }
    }
}
