package io.backupalarm.testsupport;

import io.backupalarm.delivery.Notification;
import io.backupalarm.delivery.NotificationItem;
import io.backupalarm.spi.OutboxStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** An outbox that passes every call, its optional ones included, to an in-memory one; tests override what they break. */
public class ForwardingOutbox implements OutboxStore {

    protected final OutboxStore delegate = OutboxStore.inMemory();

    @Override public boolean add(Notification n) { return delegate.add(n); }
    @Override public void update(Notification n) { delegate.update(n); }
    @Override public Optional<Notification> find(String key) { return delegate.find(key); }
    @Override public List<Notification> dueUpTo(Instant at, int limit) { return delegate.dueUpTo(at, limit); }
    @Override public List<Notification> claimDue(Instant at, int limit) { return delegate.claimDue(at, limit); }
    @Override public boolean holdClaim(String key, Instant now) { return delegate.holdClaim(key, now); }
    @Override public void releaseClaim(String key) { delegate.releaseClaim(key); }
    @Override public Optional<Instant> nextAttempt() { return delegate.nextAttempt(); }
    @Override public List<Notification> withStatus(Notification.Status s) { return delegate.withStatus(s); }
    @Override public Backlog backlog() { return delegate.backlog(); }
    @Override public int purgeSentBefore(Instant at) { return delegate.purgeSentBefore(at); }
    @Override public Optional<String> openGroup(String account, String channel, String address, Instant at) {
        return delegate.openGroup(account, channel, address, at);
    }
    @Override public boolean addToGroup(String groupKey, NotificationItem item) { return delegate.addToGroup(groupKey, item); }
}
