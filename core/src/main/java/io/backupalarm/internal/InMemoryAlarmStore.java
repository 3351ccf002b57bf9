package io.backupalarm.internal;

import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmState;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.spi.AlarmStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Open alarms in a hash map by key, plus an index by due time. One monitor guards both, so they
 * never disagree. Thread-safe.
 */
public final class InMemoryAlarmStore implements AlarmStore {

    /**
     * The due index's order: by due instant, then key, so equal due instants never collide. The
     * index holds the alarms themselves (immutable, so their due instant cannot change in it):
     * no entry object per alarm besides the tree's node.
     */
    private static final Comparator<OpenAlarm> BY_DUE = (a, b) -> {
        int byTime = a.nextDue().compareTo(b.nextDue());
        return byTime != 0 ? byTime : a.key().compareTo(b.key());
    };

    private final Map<AlarmKey, OpenAlarm> alarms = new HashMap<>();
    /** The alarms with a due instant. */
    private final TreeSet<OpenAlarm> due = new TreeSet<>(BY_DUE);
    /** The due index's first alarm, kept at hand: "is anything due?" is asked on every event. */
    private OpenAlarm earliest;

    /** Creates an empty store. */
    public InMemoryAlarmStore() {
    }

    @Override
    public synchronized Optional<OpenAlarm> find(AlarmKey key) {
        return Optional.ofNullable(alarms.get(key));
    }

    @Override
    public synchronized void save(OpenAlarm alarm) {
        Objects.requireNonNull(alarm, "alarm");
        unindex(alarms.put(alarm.key(), alarm));
        if (alarm.nextDue() != null) {
            due.add(alarm);
            if (earliest == null || BY_DUE.compare(alarm, earliest) < 0) {
                earliest = alarm;
            }
        }
    }

    @Override
    public synchronized boolean remove(AlarmKey key) {
        OpenAlarm removed = alarms.remove(key);
        unindex(removed);
        return removed != null;
    }

    @Override
    public synchronized List<OpenAlarm> dueUpTo(Instant instant, int limit) {
        if (earliest == null || earliest.nextDue().isAfter(instant)) {
            return List.of(); // the common case on every event: nothing due, nothing allocated
        }
        List<OpenAlarm> out = new ArrayList<>();
        Iterator<OpenAlarm> it = due.iterator();
        while (it.hasNext() && out.size() < limit) {
            OpenAlarm alarm = it.next();
            if (alarm.nextDue().isAfter(instant)) {
                break;
            }
            out.add(alarm);
        }
        return out;
    }

    @Override
    public synchronized Optional<Instant> nextDue() {
        return earliest == null ? Optional.empty() : Optional.of(earliest.nextDue());
    }

    @Override
    public synchronized List<OpenAlarm> all() {
        return new ArrayList<>(alarms.values());
    }

    @Override
    public synchronized Map<AlarmState, Long> countByState() {
        Map<AlarmState, Long> counts = new EnumMap<>(AlarmState.class);
        for (AlarmState state : AlarmState.values()) {
            counts.put(state, 0L);
        }
        for (OpenAlarm alarm : alarms.values()) {
            counts.merge(alarm.state(), 1L, Long::sum);
        }
        return counts;
    }

    @Override
    public synchronized int size() {
        return alarms.size();
    }

    private void unindex(OpenAlarm previous) {
        if (previous != null && previous.nextDue() != null) {
            due.remove(previous);
            if (previous == earliest) {
                earliest = due.isEmpty() ? null : due.first();
            }
        }
    }
}
