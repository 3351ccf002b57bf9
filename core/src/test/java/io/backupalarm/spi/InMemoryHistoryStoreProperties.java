package io.backupalarm.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.backupalarm.history.AlarmHistoryEntry;
import io.backupalarm.history.HistoryPage;
import io.backupalarm.history.HistoryQuery;
import io.backupalarm.lifecycle.AlarmType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The in-memory history against a model, a plain list: for any order of appends (within a second,
 * across seconds, older than what came before) and purges, the pages read back, whatever their
 * size, are the model's entries newest first by instant then sequence, each once.
 */
final class InMemoryHistoryStoreProperties {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    /**
     * One step: append an entry at {@code millis} (and {@code nanos}) after T0, or (purge) forget
     * what is before that instant. Four seconds of instants: several entries share each second's
     * bucket, and some share an instant.
     */
    record Step(boolean purge, int millis, int nanos) {
        Instant at() {
            return T0.plusMillis(millis).plusNanos(nanos);
        }
    }

    /** What the model holds: an entry and the sequence the store gave it. */
    record Kept(AlarmHistoryEntry entry, long sequence) {
    }

    @Test
    @DisplayName("for any appends and purges, pages of any size read back every remaining entry once, newest first")
    void pagesMatchTheModel() {
        Gen<Step> step = integers().between(0, 9).zip(integers().between(0, 3_999), integers().between(0, 2),
                (kind, millis, nanos) -> new Step(kind == 0, millis, nanos * 500_000));
        qt().withExamples(300).withShrinkCycles(1_000)
                .forAll(lists().of(step).ofSizeBetween(0, 60), integers().between(1, 7))
                .checkAssert(InMemoryHistoryStoreProperties::replay);
    }

    private static void replay(List<Step> steps, int limit) {
        HistoryStore store = HistoryStore.inMemory();
        List<Kept> model = new ArrayList<>();
        long sequence = 0;
        for (Step s : steps) {
            if (s.purge()) {
                long before = model.size();
                model.removeIf(k -> k.entry().at().isBefore(s.at()));
                assertThat(store.purgeBefore(s.at())).as("purged before %s", s.at()).isEqualTo(before - model.size());
            } else {
                AlarmHistoryEntry entry = new AlarmHistoryEntry(0, s.at(), "node-1", "a-1", "v-1",
                        AlarmType.CLIENT_DISCONNECTED, "i-" + model.size(), null, T0, AlarmHistoryEntry.Event.OPENED,
                        "step " + sequence);
                store.appendAlarms(List.of(entry));
                model.add(new Kept(entry, ++sequence));
            }
        }
        List<AlarmHistoryEntry> expected = model.stream()
                .sorted(Comparator.comparing((Kept k) -> k.entry().at()).thenComparingLong(Kept::sequence).reversed())
                .map(k -> k.entry().withSequence(k.sequence()))
                .toList();
        assertThat(readAll(store, limit)).isEqualTo(expected);
    }

    private static List<AlarmHistoryEntry> readAll(HistoryStore store, int limit) {
        List<AlarmHistoryEntry> read = new ArrayList<>();
        HistoryQuery query = HistoryQuery.builder().limit(limit).build();
        while (true) {
            HistoryPage<AlarmHistoryEntry> page = store.alarms(query);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
            read.addAll(page.items());
            if (page.nextCursor().isEmpty()) {
                return read;
            }
            query = query.toBuilder().after(page.nextCursor().get()).build();
        }
    }
}
