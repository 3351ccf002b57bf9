package io.backupalarm.internal;

import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmState;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.spi.AlarmStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Open alarms in a hash map by key, plus an index by due time. One monitor guards both, so they
 * never disagree. Thread-safe.
 */
public final class InMemoryAlarmStore implements AlarmStore {

    /** Due-index entry: ordering by time, then key, so equal due times never collide. */
    private record Due(Instant at, AlarmKey key) implements Comparable<Due> {
        @Override
        public int compareTo(Due other) {
            int byTime = at.compareTo(other.at);
            return byTime != 0 ? byTime : key.compareTo(other.key);
        }
    }

    private final Map<AlarmKey, OpenAlarm> alarms = new HashMap<>();
    private final TreeMap<Due, OpenAlarm> due = new TreeMap<>();
    /** The due index's first key, kept at hand: "is anything due?" is asked on every event. */
    private Due earliest;

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
            Due entry = new Due(alarm.nextDue(), alarm.key());
            due.put(entry, alarm);
            if (earliest == null || entry.compareTo(earliest) < 0) {
                earliest = entry;
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
        if (earliest == null || earliest.at().isAfter(instant)) {
            return List.of(); // the common case on every event: nothing due, nothing allocated
        }
        List<OpenAlarm> out = new ArrayList<>();
        Iterator<Map.Entry<Due, OpenAlarm>> it = due.entrySet().iterator();
        while (it.hasNext() && out.size() < limit) {
            Map.Entry<Due, OpenAlarm> entry = it.next();
            if (entry.getKey().at().isAfter(instant)) {
                break;
            }
            out.add(entry.getValue());
        }
        return out;
    }

    @Override
    public synchronized Optional<Instant> nextDue() {
        return earliest == null ? Optional.empty() : Optional.of(earliest.at());
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
            Due entry = new Due(previous.nextDue(), previous.key());
            due.remove(entry);
            if (entry.equals(earliest)) {
                earliest = due.isEmpty() ? null : due.firstKey();
            }
        }
    }
}
