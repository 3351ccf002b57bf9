package io.backupalarm.internal;

import io.backupalarm.history.AlarmHistoryEntry;
import io.backupalarm.history.DeliveryRecord;
import io.backupalarm.history.HistoryCursor;
import io.backupalarm.history.HistoryPage;
import io.backupalarm.history.HistoryQuery;
import io.backupalarm.spi.HistoryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The history in memory: each history a {@link Log} of one-second buckets, read newest first
 * from the cursor on. Thread-safe: a bucket is changed and copied under its own monitor, so a
 * query sees each entry either wholly or not at all, and appends to the current second never wait
 * for a query of older ones.
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

    private final Log<AlarmHistoryEntry> alarms = new Log<>(AlarmHistoryEntry::at, AlarmHistoryEntry::withSequence);
    private final Log<DeliveryRecord> deliveries = new Log<>(DeliveryRecord::at, DeliveryRecord::withSequence);

    @Override
    public void appendAlarms(List<AlarmHistoryEntry> entries) {
        List<AlarmHistoryEntry> copy = List.copyOf(entries);
        for (int i = 0; i < copy.size(); i++) { // no iterator: a change appends a list of one or two
            alarms.append(copy.get(i));
        }
    }

    @Override
    public void appendDeliveries(List<DeliveryRecord> records) {
        List<DeliveryRecord> copy = List.copyOf(records);
        for (int i = 0; i < copy.size(); i++) { // no iterator: an attempt appends a list of one
            deliveries.append(copy.get(i));
        }
    }

    @Override
    public HistoryPage<AlarmHistoryEntry> alarms(HistoryQuery query) {
        query.requireForAlarms();
        return alarms.page(query, query::matches);
    }

    @Override
    public HistoryPage<DeliveryRecord> deliveries(HistoryQuery query) {
        query.requireForDeliveries();
        return deliveries.page(query, query::matches);
    }

    @Override
    public long purgeBefore(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        return alarms.purgeBefore(instant) + deliveries.purgeBefore(instant);
    }

    /**
     * One history, in buckets of one second of {@code at}. History is appended in time order
     * nearly always, so an entry goes to the end of the newest bucket: no search through millions
     * of entries, and no node or key object per entry (a sorted map of entries cost both). An
     * entry is kept as appended (sequence 0) beside its sequence, and copied with it into a page.
     */
    private static final class Log<T> {
        private final Function<T, Instant> atOf;
        private final BiFunction<T, Long, T> withSequence;
        private final ConcurrentSkipListMap<Long, Bucket<T>> seconds = new ConcurrentSkipListMap<>();
        private final AtomicLong sequence = new AtomicLong();
        /** The bucket appended to last: where the next entry most likely goes. */
        private volatile Bucket<T> latest;

        Log(Function<T, Instant> atOf, BiFunction<T, Long, T> withSequence) {
            this.atOf = atOf;
            this.withSequence = withSequence;
        }

        void append(T entry) {
            Instant at = atOf.apply(entry);
            long assigned = sequence.incrementAndGet();
            Bucket<T> bucket = latest;
            if (bucket == null || bucket.second != at.getEpochSecond() || !bucket.add(at, assigned, entry, atOf)) {
                bucket = addToItsSecond(at, assigned, entry);
            }
            latest = bucket;
        }

        /** Adds to the bucket of the entry's second, made if there is none (or the one found was purged since). */
        private Bucket<T> addToItsSecond(Instant at, long assigned, T entry) {
            long second = at.getEpochSecond();
            while (true) {
                Bucket<T> bucket = seconds.computeIfAbsent(second, Bucket::new);
                if (bucket.add(at, assigned, entry, atOf)) {
                    return bucket;
                }
                seconds.remove(second, bucket);
            }
        }

        HistoryPage<T> page(HistoryQuery query, Predicate<T> matches) {
            HistoryCursor after = query.after().orElse(null);
            var newestFirst = (after == null ? seconds : seconds.headMap(after.at().getEpochSecond(), true))
                    .descendingMap().values();
            List<T> items = new ArrayList<>();
            Instant lastAt = null;
            long lastSequence = 0;
            for (Bucket<T> bucket : newestFirst) {
                Bucket.Copy<T> copy = bucket.copy();
                for (int i = copy.size - 1; i >= 0; i--) {
                    @SuppressWarnings("unchecked")
                    T entry = (T) copy.entries[i];
                    long entrySequence = copy.sequences[i];
                    if (after != null && !after.precedes(atOf.apply(entry), entrySequence)) {
                        continue;
                    }
                    // Matched as kept (sequence 0): the cursor was checked above with the real one.
                    if (matches.test(entry)) {
                        if (items.size() == query.limit()) {
                            return new HistoryPage<>(items, Optional.of(new HistoryCursor(lastAt, lastSequence).encode()));
                        }
                        items.add(withSequence.apply(entry, entrySequence));
                        lastAt = atOf.apply(entry);
                        lastSequence = entrySequence;
                    }
                }
            }
            return new HistoryPage<>(items, Optional.empty());
        }

        long purgeBefore(Instant instant) {
            long purged = 0;
            var older = seconds.headMap(instant.getEpochSecond(), false);
            Map.Entry<Long, Bucket<T>> first;
            while ((first = older.pollFirstEntry()) != null) {
                purged += first.getValue().removeBefore(null, atOf);
            }
            Bucket<T> partly = seconds.get(instant.getEpochSecond());
            if (partly != null) {
                purged += partly.removeBefore(instant, atOf);
            }
            return purged;
        }

    }

    /** The entries of one second in {@code (at, sequence)} order, with their sequences. */
    private static final class Bucket<T> {
        final long second;
        private Object[] entries = new Object[8];
        private long[] sequences = new long[8];
        private int size;
        /** Set when a purge took the whole bucket: it takes no more entries. */
        private boolean purged;

        Bucket(long second) {
            this.second = second;
        }

        /** Adds an entry in its place (at the end, unless it is older than the last); false once purged. */
        synchronized boolean add(Instant at, long sequence, T entry, Function<T, Instant> atOf) {
            if (purged) {
                return false;
            }
            if (size == entries.length) {
                entries = Arrays.copyOf(entries, size * 2);
                sequences = Arrays.copyOf(sequences, size * 2);
            }
            int place = size;
            while (place > 0 && after(atOf.apply(entry(place - 1)), sequences[place - 1], at, sequence)) {
                place--;
            }
            System.arraycopy(entries, place, entries, place + 1, size - place);
            System.arraycopy(sequences, place, sequences, place + 1, size - place);
            entries[place] = entry;
            sequences[place] = sequence;
            size++;
            return true;
        }

        /** Removes the entries before {@code bound}, or all of them (and takes no more) if it is null. */
        synchronized int removeBefore(Instant bound, Function<T, Instant> atOf) {
            int keepFrom = 0;
            if (bound == null) {
                purged = true;
                keepFrom = size;
            } else {
                while (keepFrom < size && atOf.apply(entry(keepFrom)).isBefore(bound)) {
                    keepFrom++;
                }
            }
            System.arraycopy(entries, keepFrom, entries, 0, size - keepFrom);
            System.arraycopy(sequences, keepFrom, sequences, 0, size - keepFrom);
            Arrays.fill(entries, size - keepFrom, size, null);
            size -= keepFrom;
            return keepFrom;
        }

        synchronized Copy<T> copy() {
            return new Copy<>(Arrays.copyOf(entries, size), Arrays.copyOf(sequences, size), size);
        }

        @SuppressWarnings("unchecked")
        private T entry(int i) {
            return (T) entries[i];
        }

        private static boolean after(Instant at, long sequence, Instant otherAt, long otherSequence) {
            int byAt = at.compareTo(otherAt);
            return byAt > 0 || (byAt == 0 && sequence > otherSequence);
        }

        record Copy<T>(Object[] entries, long[] sequences, int size) {
        }
    }
}
