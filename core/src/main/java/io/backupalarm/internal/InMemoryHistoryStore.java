package io.backupalarm.internal;

import io.backupalarm.history.AlarmHistoryEntry;
import io.backupalarm.history.DeliveryRecord;
import io.backupalarm.history.HistoryCursor;
import io.backupalarm.history.HistoryPage;
import io.backupalarm.history.HistoryQuery;
import io.backupalarm.spi.HistoryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The history in memory: two sorted maps by {@code (at, sequence)}, read newest first from the
 * cursor on. Thread-safe: appends and purges take the map's own concurrency; a query sees each
 * entry either wholly or not at all.
 */
public final class InMemoryHistoryStore implements HistoryStore {

    /** The store that keeps nothing. */
    public static final HistoryStore NONE = new HistoryStore() {
        @Override
        public void appendAlarms(List<AlarmHistoryEntry> entries) {
            Objects.requireNonNull(entries, "entries");
        }

        @Override
        public void appendDeliveries(List<DeliveryRecord> records) {
            Objects.requireNonNull(records, "records");
        }

        @Override
        public HistoryPage<AlarmHistoryEntry> alarms(HistoryQuery query) {
            query.requireForAlarms();
            return new HistoryPage<>(List.of(), Optional.empty());
        }

        @Override
        public HistoryPage<DeliveryRecord> deliveries(HistoryQuery query) {
            query.requireForDeliveries();
            return new HistoryPage<>(List.of(), Optional.empty());
        }

        @Override
        public long purgeBefore(Instant instant) {
            Objects.requireNonNull(instant, "instant");
            return 0;
        }

        @Override
        public String toString() {
            return "HistoryStore.none()";
        }
    };

    private record Position(Instant at, long sequence) {
    }

    private static final Comparator<Position> ORDER =
            Comparator.comparing(Position::at).thenComparingLong(Position::sequence);

    private final ConcurrentSkipListMap<Position, AlarmHistoryEntry> alarms = new ConcurrentSkipListMap<>(ORDER);
    private final ConcurrentSkipListMap<Position, DeliveryRecord> deliveries = new ConcurrentSkipListMap<>(ORDER);
    private final AtomicLong alarmSequence = new AtomicLong();
    private final AtomicLong deliverySequence = new AtomicLong();

    @Override
    public void appendAlarms(List<AlarmHistoryEntry> entries) {
        for (AlarmHistoryEntry entry : List.copyOf(entries)) {
            AlarmHistoryEntry stored = entry.withSequence(alarmSequence.incrementAndGet());
            alarms.put(new Position(stored.at(), stored.sequence()), stored);
        }
    }

    @Override
    public void appendDeliveries(List<DeliveryRecord> records) {
        for (DeliveryRecord record : List.copyOf(records)) {
            DeliveryRecord stored = record.withSequence(deliverySequence.incrementAndGet());
            deliveries.put(new Position(stored.at(), stored.sequence()), stored);
        }
    }

    @Override
    public HistoryPage<AlarmHistoryEntry> alarms(HistoryQuery query) {
        query.requireForAlarms();
        return page(alarms, query, query::matches, e -> new HistoryCursor(e.at(), e.sequence()));
    }

    @Override
    public HistoryPage<DeliveryRecord> deliveries(HistoryQuery query) {
        query.requireForDeliveries();
        return page(deliveries, query, query::matches, r -> new HistoryCursor(r.at(), r.sequence()));
    }

    private static <T> HistoryPage<T> page(ConcurrentSkipListMap<Position, T> map, HistoryQuery query,
                                           Predicate<T> matches, Function<T, HistoryCursor> cursorOf) {
        var newestFirst = query.after()
                .map(c -> map.headMap(new Position(c.at(), c.sequence()), false))
                .orElse(map).descendingMap();
        List<T> items = new ArrayList<>();
        for (T entry : newestFirst.values()) {
            if (matches.test(entry)) {
                if (items.size() == query.limit()) {
                    return new HistoryPage<>(items, Optional.of(cursorOf.apply(items.get(items.size() - 1)).encode()));
                }
                items.add(entry);
            }
        }
        return new HistoryPage<>(items, Optional.empty());
    }

    @Override
    public long purgeBefore(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        Position bound = new Position(instant, 0);
        return purge(alarms, bound) + purge(deliveries, bound);
    }

    private static long purge(ConcurrentSkipListMap<Position, ?> map, Position bound) {
        long purged = 0;
        var old = map.headMap(bound, false);
        while (old.pollFirstEntry() != null) {
            purged++;
        }
        return purged;
    }
}
