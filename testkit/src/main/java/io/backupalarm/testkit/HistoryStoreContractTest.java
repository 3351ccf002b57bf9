package io.backupalarm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.backupalarm.history.AlarmHistoryEntry;
import io.backupalarm.history.DeliveryRecord;
import io.backupalarm.history.HistoryPage;
import io.backupalarm.history.HistoryQuery;
import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.spi.HistoryStore;
import io.backupalarm.spi.OutboundMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link HistoryStore} must meet. A host that keeps history in its own
 * database extends this class and returns a fresh, empty store from {@link #createStore()}.
 * Instants in these tests are whole microseconds, what the databases keep.
 *
 * <p>Not thread-safe; JUnit creates one instance per test.
 */
public abstract class HistoryStoreContractTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** Bounds a hang of the concurrency test; never waited for when the store keeps its contract. */
    private static final long HANG_SECONDS = 120;

    private HistoryStore store;

    /** Creates the test. */
    protected HistoryStoreContractTest() {
    }

    /**
     * A fresh, empty store.
     *
     * @return the store under test
     * @throws Exception if it cannot be created
     */
    protected abstract HistoryStore createStore() throws Exception;

    @BeforeEach
    void create() throws Exception {
        store = createStore();
    }

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    private static AlarmHistoryEntry alarm(int minutes, String account, String vault, String instance, AlarmType type,
                                           String job, AlarmHistoryEntry.Event event) {
        return new AlarmHistoryEntry(0, at(minutes), "node-1", account, vault, type, instance, job, at(0), event,
                "detail " + minutes);
    }

    private static AlarmHistoryEntry alarm(int minutes, String instance) {
        return alarm(minutes, "a-1", "v-1", instance, AlarmType.BACKUP_FAILED, "job-1", AlarmHistoryEntry.Event.FIRED);
    }

    private static DeliveryRecord delivery(int minutes, String key, OutboundMessage.Kind kind, String channel,
                                           String address, String instance, DeliveryRecord.Outcome outcome) {
        return new DeliveryRecord(0, at(minutes), "node-1", key, kind, channel, address, "a-1", "v-1", instance,
                instance == null ? null : AlarmType.CLIENT_DISCONNECTED, null, 1, 1, outcome,
                outcome == DeliveryRecord.Outcome.DELIVERED ? "receipt-" + minutes : null,
                outcome == DeliveryRecord.Outcome.DELIVERED ? null : "error " + minutes, Duration.ofMillis(12));
    }

    private static DeliveryRecord delivery(int minutes, String instance) {
        return delivery(minutes, "n-" + minutes, OutboundMessage.Kind.FIRING, "email", "ops@example.com", instance,
                DeliveryRecord.Outcome.DELIVERED);
    }

    private static HistoryQuery.Builder query() {
        return HistoryQuery.builder();
    }

    /** Every alarm entry of a query, page by page, newest first. */
    private List<AlarmHistoryEntry> allAlarms(HistoryQuery query) {
        return all(query, store::alarms);
    }

    private static <T> List<T> all(HistoryQuery query, Function<HistoryQuery, HistoryPage<T>> read) {
        List<T> out = new ArrayList<>();
        HistoryQuery next = query;
        for (int pages = 0; pages < 10_000; pages++) {
            HistoryPage<T> page = read.apply(next);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(query.limit());
            out.addAll(page.items());
            if (page.nextCursor().isEmpty()) {
                return out;
            }
            next = next.toBuilder().after(page.nextCursor().get()).build();
        }
        throw new AssertionError("paging did not end");
    }

    @Test
    @DisplayName("entries come back as appended, with a sequence of their own that grows")
    void roundTrip() {
        AlarmHistoryEntry first = alarm(1, "a-1", "v-1", "i-1", AlarmType.BACKUP_FAILED, "job-1",
                AlarmHistoryEntry.Event.HELD);
        AlarmHistoryEntry second = new AlarmHistoryEntry(0, at(2), "node-2", null, null,
                AlarmType.CLIENT_DISCONNECTED, "i-2", null, at(1), AlarmHistoryEntry.Event.CANCELLED, "event X");
        store.appendAlarms(List.of(first, second));
        List<AlarmHistoryEntry> read = store.alarms(query().build()).items();
        assertThat(read).hasSize(2);
        assertThat(read.get(0).withSequence(1)).isEqualTo(second.withSequence(1));
        assertThat(read.get(1).withSequence(1)).isEqualTo(first.withSequence(1));
        assertThat(read.get(0).sequence()).isGreaterThan(read.get(1).sequence()).isPositive();

        DeliveryRecord sent = delivery(3, "i-1");
        DeliveryRecord test = new DeliveryRecord(0, at(4), "node-1", "t-1", OutboundMessage.Kind.TEST, "sms",
                "+41790000000", "a-1", null, null, null, null, 1, 2, DeliveryRecord.Outcome.FAILED, null, "busy",
                Duration.ofNanos(1_234_000));
        store.appendDeliveries(List.of(sent, test));
        List<DeliveryRecord> records = store.deliveries(query().build()).items();
        assertThat(records).hasSize(2);
        assertThat(records.get(0).withSequence(1)).isEqualTo(test.withSequence(1));
        assertThat(records.get(1).withSequence(1)).isEqualTo(sent.withSequence(1));
        assertThat(records.get(0).sequence()).isGreaterThan(records.get(1).sequence()).isPositive();
    }

    @Test
    @DisplayName("newest first by instant, then by sequence for entries of the same instant")
    void newestFirst() {
        store.appendAlarms(List.of(alarm(5, "i-1"), alarm(1, "i-2"), alarm(9, "i-3")));
        store.appendAlarms(List.of(alarm(5, "i-4"), alarm(5, "i-5")));
        assertThat(store.alarms(query().build()).items()).extracting(AlarmHistoryEntry::instance)
                .containsExactly("i-3", "i-5", "i-4", "i-1", "i-2");
    }

    @Test
    @DisplayName("alarm history filters by account, vault, instance, type, alarm key, event and time range")
    void alarmFilters() {
        store.appendAlarms(List.of(
                alarm(1, "a-1", "v-1", "i-1", AlarmType.BACKUP_FAILED, "job-1", AlarmHistoryEntry.Event.OPENED),
                alarm(2, "a-1", "v-1", "i-1", AlarmType.BACKUP_FAILED, null, AlarmHistoryEntry.Event.FIRED),
                alarm(3, "a-1", "v-2", "i-2", AlarmType.CLIENT_DISCONNECTED, null, AlarmHistoryEntry.Event.FIRED),
                alarm(4, "a-2", "v-3", "i-3", AlarmType.BACKUP_FAILED, "job-1", AlarmHistoryEntry.Event.RESOLVED),
                alarm(5, null, null, "i-1", AlarmType.CLIENT_DISCONNECTED, null, AlarmHistoryEntry.Event.CANCELLED)));
        assertThat(minutes(query().account("a-1"))).containsExactly(3, 2, 1);
        assertThat(minutes(query().vault("v-1"))).containsExactly(2, 1);
        assertThat(minutes(query().instance("i-1"))).containsExactly(5, 2, 1);
        assertThat(minutes(query().type(AlarmType.CLIENT_DISCONNECTED))).containsExactly(5, 3);
        assertThat(minutes(query().alarm(new AlarmKey(AlarmType.BACKUP_FAILED, "i-1", "job-1")))).containsExactly(1);
        assertThat(minutes(query().alarm(new AlarmKey(AlarmType.BACKUP_FAILED, "i-1", null)))).containsExactly(2);
        assertThat(minutes(query().event(AlarmHistoryEntry.Event.FIRED))).containsExactly(3, 2);
        assertThat(minutes(query().from(at(2)).until(at(4)))).containsExactly(3, 2);
        assertThat(minutes(query().account("a-1").event(AlarmHistoryEntry.Event.FIRED).from(at(3)))).containsExactly(3);
        assertThat(minutes(query().account("a-9"))).isEmpty();
    }

    private List<Integer> minutes(HistoryQuery.Builder query) {
        return store.alarms(query.build()).items().stream()
                .map(e -> (int) Duration.between(T0, e.at()).toMinutes()).toList();
    }

    @Test
    @DisplayName("delivery history filters by instance, alarm key, kind, outcome, channel, address, notification and time range")
    void deliveryFilters() {
        store.appendDeliveries(List.of(
                delivery(1, "n-1", OutboundMessage.Kind.FIRING, "email", "ops@example.com", "i-1",
                        DeliveryRecord.Outcome.FAILED),
                delivery(2, "n-1", OutboundMessage.Kind.FIRING, "email", "ops@example.com", "i-1",
                        DeliveryRecord.Outcome.DELIVERED),
                delivery(3, "n-2", OutboundMessage.Kind.TEST, "sms", "+41790000000", null,
                        DeliveryRecord.Outcome.DEAD),
                delivery(4, "n-3", OutboundMessage.Kind.REPEAT, "webhook", "https://example.com/h", "i-2",
                        DeliveryRecord.Outcome.DELIVERED)));
        Function<HistoryQuery.Builder, List<String>> keys = q -> store.deliveries(q.build()).items().stream()
                .map(r -> r.notificationKey() + "@" + Duration.between(T0, r.at()).toMinutes()).toList();
        assertThat(keys.apply(query().instance("i-1"))).containsExactly("n-1@2", "n-1@1");
        assertThat(keys.apply(query().alarm(new AlarmKey(AlarmType.CLIENT_DISCONNECTED, "i-2", null))))
                .containsExactly("n-3@4");
        assertThat(keys.apply(query().kind(OutboundMessage.Kind.TEST))).containsExactly("n-2@3");
        assertThat(keys.apply(query().outcome(DeliveryRecord.Outcome.DELIVERED))).containsExactly("n-3@4", "n-1@2");
        assertThat(keys.apply(query().channel("sms"))).containsExactly("n-2@3");
        assertThat(keys.apply(query().address("ops@example.com"))).containsExactly("n-1@2", "n-1@1");
        assertThat(keys.apply(query().notificationKey("n-1").outcome(DeliveryRecord.Outcome.FAILED)))
                .containsExactly("n-1@1");
        assertThat(keys.apply(query().account("a-1").from(at(2)).until(at(4)))).containsExactly("n-2@3", "n-1@2");
    }

    @Test
    @DisplayName("a filter of the other history is refused")
    void wrongFilter() {
        assertThatIllegalArgumentException().isThrownBy(() -> store.alarms(query().kind(OutboundMessage.Kind.TEST).build()))
                .withMessageContaining("kind");
        assertThatIllegalArgumentException().isThrownBy(() -> store.alarms(query().address("x@example.com").build()))
                .withMessageContaining("address");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> store.deliveries(query().event(AlarmHistoryEntry.Event.FIRED).build()))
                .withMessageContaining("event");
    }

    @Test
    @DisplayName("pages hold at most the limit; the last page has no cursor; together they hold every entry once")
    void paging() {
        List<AlarmHistoryEntry> entries = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            entries.add(alarm(i % 3, "i-" + i)); // instants repeat: the sequence orders them
        }
        store.appendAlarms(entries);
        HistoryPage<AlarmHistoryEntry> first = store.alarms(query().limit(3).build());
        assertThat(first.items()).hasSize(3);
        assertThat(first.nextCursor()).isPresent();
        List<AlarmHistoryEntry> paged = allAlarms(query().limit(3).build());
        assertThat(paged).hasSize(7);
        assertThat(paged).isEqualTo(store.alarms(query().limit(7).build()).items());
        assertThat(store.alarms(query().limit(7).build()).nextCursor()).isEmpty();
        assertThat(paged.stream().map(AlarmHistoryEntry::sequence).distinct().count()).isEqualTo(7);

        store.appendDeliveries(List.of(delivery(1, "i-1"), delivery(2, "i-1"), delivery(3, "i-1")));
        List<DeliveryRecord> records = all(query().instance("i-1").limit(1).build(), store::deliveries);
        assertThat(records).extracting(DeliveryRecord::notificationKey).containsExactly("n-3", "n-2", "n-1");
    }

    @Test
    @DisplayName("paging is stable while entries are appended at once: every entry that was there is read exactly once")
    void pagingUnderConcurrentAppends() throws Exception {
        List<AlarmHistoryEntry> before = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            before.add(alarm(i, "i-1"));
        }
        store.appendAlarms(before);
        ExecutorService writers = Executors.newFixedThreadPool(3);
        try {
            CountDownLatch firstPageRead = new CountDownLatch(1);
            List<Future<?>> appends = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                int writer = w;
                appends.add(writers.submit(() -> {
                    firstPageRead.await(HANG_SECONDS, TimeUnit.SECONDS);
                    for (int i = 0; i < 20; i++) {
                        // newer ones, and some of the same instant as the newest read: after the cursor either way
                        store.appendAlarms(List.of(alarm(i % 2 == 0 ? 59 : 100 + writer * 20 + i, "i-1")));
                    }
                    return null;
                }));
            }
            HistoryQuery query = query().instance("i-1").limit(7).build();
            HistoryPage<AlarmHistoryEntry> page = store.alarms(query);
            List<AlarmHistoryEntry> read = new ArrayList<>(page.items());
            firstPageRead.countDown();
            while (page.nextCursor().isPresent()) {
                page = store.alarms(query.toBuilder().after(page.nextCursor().get()).build());
                read.addAll(page.items());
            }
            for (Future<?> append : appends) {
                append.get(HANG_SECONDS, TimeUnit.SECONDS);
            }
            Set<Long> sequences = new HashSet<>();
            for (AlarmHistoryEntry entry : read) {
                assertThat(sequences.add(entry.sequence())).as("read twice: %s", entry).isTrue();
            }
            assertThat(read.stream().map(AlarmHistoryEntry::detail).filter(d -> !d.equals("detail 59")).toList())
                    .hasSize(59).doesNotHaveDuplicates();
            for (int i = 1; i < read.size(); i++) {
                AlarmHistoryEntry newer = read.get(i - 1);
                AlarmHistoryEntry older = read.get(i);
                assertThat(older.at().isBefore(newer.at())
                        || (older.at().equals(newer.at()) && older.sequence() < newer.sequence())).isTrue();
            }
            assertThat(allAlarms(query().instance("i-1").limit(50).build())).hasSize(120);
        } finally {
            writers.shutdownNow();
        }
    }

    @Test
    @DisplayName("a purge forgets the entries of both histories before an instant, and only those")
    void purge() {
        store.appendAlarms(List.of(alarm(1, "i-1"), alarm(2, "i-2"), alarm(3, "i-3")));
        store.appendDeliveries(List.of(delivery(1, "i-1"), delivery(3, "i-3")));
        assertThat(store.purgeBefore(at(2))).isEqualTo(2);
        assertThat(store.alarms(query().build()).items()).extracting(AlarmHistoryEntry::instance)
                .containsExactly("i-3", "i-2");
        assertThat(store.deliveries(query().build()).items()).extracting(DeliveryRecord::instance)
                .containsExactly("i-3");
        assertThat(store.purgeBefore(at(2))).isZero();
        assertThat(store.purgeBefore(at(60))).isEqualTo(3);
        assertThat(store.alarms(query().build())).isEqualTo(new HistoryPage<>(List.of(), Optional.empty()));
    }

    @Test
    @DisplayName("appending nothing changes nothing")
    void appendNothing() {
        store.appendAlarms(List.of());
        store.appendDeliveries(List.of());
        assertThat(store.alarms(query().build()).items()).isEmpty();
        assertThat(store.deliveries(query().build()).items()).isEmpty();
    }
}
