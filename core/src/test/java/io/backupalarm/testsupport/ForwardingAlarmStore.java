package io.backupalarm.testsupport;

import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.spi.AlarmStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** An alarm store that passes every call, its optional ones included, to an in-memory one; tests override what they break. */
public class ForwardingAlarmStore implements AlarmStore {

    protected final AlarmStore delegate = AlarmStore.inMemory();

    @Override public Optional<OpenAlarm> find(AlarmKey key) { return delegate.find(key); }
    @Override public void save(OpenAlarm alarm) { delegate.save(alarm); }
    @Override public boolean remove(AlarmKey key) { return delegate.remove(key); }
    @Override public List<OpenAlarm> dueUpTo(Instant at, int limit) { return delegate.dueUpTo(at, limit); }
    @Override public Optional<Instant> nextDue() { return delegate.nextDue(); }
    @Override public List<OpenAlarm> all() { return delegate.all(); }
    @Override public int size() { return delegate.size(); }
    @Override public <T> T atomically(AlarmKey key, Supplier<T> work) { return delegate.atomically(key, work); }
    @Override public int forEachDue(Instant at, int limit, Consumer<OpenAlarm> work) { return delegate.forEachDue(at, limit, work); }
}
