package io.backupalarm.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.backupalarm.history.AlarmHistoryEntry;
import io.backupalarm.history.AlarmHistoryEntry.Event;
import io.backupalarm.history.HistoryPage;
import io.backupalarm.history.HistoryQuery;
import io.backupalarm.testsupport.ManualEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Random timelines of events, acknowledgements and time for two instances: the alarm history only
 * ever grows at its new end, is ordered newest first, and tells each occurrence's life in order
 * (opened first; nothing after it resolved or was cancelled).
 */
final class HistoryProperties {

    private static final List<String> INSTANCES = List.of("i-web1", "i-db1");
    private static final Set<Event> ENDS = Set.of(Event.RESOLVED, Event.CANCELLED);

    /** One step: minutes later, then an action (0 disconnect, 1 connect, 2 fail, 3 succeed, 4 acknowledge) on an instance. */
    record Step(int minutesLater, int action, int instance) {
    }

    @Test
    @DisplayName("for any timeline, history is append-only, newest first, and each occurrence's life is in order")
    void appendOnlyAndOrdered() {
        Gen<Step> step = integers().between(0, 90).zip(integers().between(0, 4), integers().between(0, 1), Step::new);
        qt().withExamples(150).withShrinkCycles(1_000)
                .forAll(lists().of(step).ofSizeBetween(1, 25))
                .checkAssert(HistoryProperties::replay);
    }

    private static void replay(List<Step> steps) {
        try (ManualEngine kit = ManualEngine.start(Fixtures.configuration(), builder -> builder.settings(
                AlarmSettings.custom().groupWait(Duration.ZERO).repeatInterval(Duration.ofMinutes(45))
                        .inhibitBackupFailuresWhileDisconnected(true).build()))) {
            List<AlarmHistoryEntry> before = List.of();
            for (Step s : steps) {
                kit.advance(Duration.ofMinutes(s.minutesLater()));
                String instance = INSTANCES.get(s.instance());
                switch (s.action()) {
                    case 0 -> kit.disconnect(instance);
                    case 1 -> kit.connect(instance);
                    case 2 -> kit.backupFailed(instance, "daily", "failed");
                    case 3 -> kit.backupSucceeded(instance, "daily");
                    default -> kit.engine().acknowledge(new AlarmKey(AlarmType.CLIENT_DISCONNECTED, instance, null),
                            "alice", null);
                }
                List<AlarmHistoryEntry> now = oldestFirst(kit.engine());
                assertThat(now.subList(0, before.size())).as("what was recorded stays as it was").isEqualTo(before);
                before = now;
            }
            kit.advance(Duration.ofHours(3));
            List<AlarmHistoryEntry> all = oldestFirst(kit.engine());
            assertThat(all.subList(0, before.size())).isEqualTo(before);
            Map<String, Event> last = new HashMap<>();
            for (int i = 0; i < all.size(); i++) {
                AlarmHistoryEntry e = all.get(i);
                if (i > 0) {
                    AlarmHistoryEntry previous = all.get(i - 1);
                    assertThat(e.at()).isAfterOrEqualTo(previous.at());
                    assertThat(e.sequence()).isGreaterThan(previous.sequence());
                }
                String occurrence = e.key() + "@" + e.openedAt();
                Event previousEvent = last.put(occurrence, e.event());
                if (previousEvent == null) {
                    assertThat(e.event()).as("first of %s", occurrence).isEqualTo(Event.OPENED);
                } else {
                    assertThat(ENDS).as("after the end of %s: %s", occurrence, e).doesNotContain(previousEvent);
                }
            }
            Set<String> open = new java.util.HashSet<>();
            kit.engine().openAlarms().forEach(a -> open.add(a.key() + "@" + a.openedAt()));
            last.forEach((occurrence, event) -> assertThat(ENDS.contains(event)).as(occurrence)
                    .isEqualTo(!open.contains(occurrence)));
        }
    }

    /** The whole alarm history, paged in small pages, oldest first. */
    private static List<AlarmHistoryEntry> oldestFirst(AlarmEngine engine) {
        List<AlarmHistoryEntry> newestFirst = new ArrayList<>();
        HistoryQuery query = HistoryQuery.builder().limit(4).build();
        while (true) {
            HistoryPage<AlarmHistoryEntry> page = engine.alarmHistory(query);
            newestFirst.addAll(page.items());
            if (page.nextCursor().isEmpty()) {
                break;
            }
            query = query.toBuilder().after(page.nextCursor().get()).build();
        }
        List<AlarmHistoryEntry> oldestFirst = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }
}
