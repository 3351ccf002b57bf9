package io.backupalarm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.config.AlarmMatcher;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.quiet.Silence;
import io.backupalarm.spi.SilenceStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link SilenceStore} must meet. A host that keeps silences in its own
 * database extends this class and returns a fresh, empty store from {@link #createStore()}.
 *
 * <p>Not thread-safe; JUnit creates one instance per test.
 */
public abstract class SilenceStoreContractTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);
    /** Bounds a hang of the concurrency test; never waited for when the store keeps its contract. */
    private static final long HANG_SECONDS = 120;

    private SilenceStore store;

    /** Creates the test. */
    protected SilenceStoreContractTest() {
    }

    /**
     * A fresh, empty store.
     *
     * @return the store under test
     * @throws Exception if it cannot be created
     */
    protected abstract SilenceStore createStore() throws Exception;

    @BeforeEach
    void create() throws Exception {
        store = createStore();
    }

    /** A silence of an account over [starts, starts + hours). */
    private static Silence silence(String id, String account, Instant starts, int hours) {
        return Silence.of(id, account, AlarmMatcher.ANY, starts, starts.plus(HOUR.multipliedBy(hours)), null, null);
    }

    @Test
    @DisplayName("a created silence is found with every field, and an id that exists is refused, keeping the first")
    void createAndFind() {
        Silence full = new Silence("s-1", "a-1", new AlarmMatcher("v-1", "i-1", AlarmType.BACKUP_FAILED), T0,
                T0.plus(HOUR), "Alice", "disk swap, back by noon", null);
        assertThat(store.create(full)).isTrue();
        assertThat(store.find("s-1")).contains(full);
        assertThat(store.create(silence("s-1", "a-2", T0, 5))).as("a second silence s-1").isFalse();
        assertThat(store.find("s-1")).contains(full);
        assertThat(store.find("s-none")).isEmpty();

        Silence bare = silence("s-2", "a-1", T0, 1);
        store.create(bare);
        assertThat(store.find("s-2")).contains(bare);
    }

    @Test
    @DisplayName("replace changes a silence that exists (its expiry) and nothing else; an unknown id is not created")
    void replace() {
        Silence silence = silence("s-1", "a-1", T0, 4);
        store.create(silence);
        Silence expired = silence.expired(T0.plus(HOUR));
        assertThat(store.replace(expired)).isTrue();
        assertThat(store.find("s-1")).contains(expired);
        assertThat(store.find("s-1").orElseThrow().end()).isEqualTo(T0.plus(HOUR));

        assertThat(store.replace(silence("s-none", "a-1", T0, 1))).isFalse();
        assertThat(store.find("s-none")).isEmpty();
    }

    @Test
    @DisplayName("the silences of an account not ended by an instant: active or still to start, not ended, not expired, not another account's")
    void notEndedOfAnAccount() {
        Silence active = silence("s-active", "a-1", T0, 2);
        Silence later = silence("s-later", "a-1", T0.plus(HOUR.multipliedBy(5)), 1);
        Silence ended = silence("s-ended", "a-1", T0.minus(HOUR.multipliedBy(3)), 2);
        Silence endsNow = silence("s-ends-now", "a-1", T0.minus(HOUR), 1);
        Silence expired = silence("s-expired", "a-1", T0.minus(HOUR), 5).expired(T0.minusSeconds(1));
        Silence other = silence("s-other", "a-2", T0, 2);
        for (Silence s : List.of(active, later, ended, endsNow, expired, other)) {
            store.create(s);
        }
        assertThat(store.notEndedOf("a-1", T0)).containsExactlyInAnyOrder(active, later);
        assertThat(store.notEndedOf("a-2", T0)).containsExactly(other);
        assertThat(store.notEndedOf("a-none", T0)).isEmpty();
        assertThat(store.notEndedOf("a-1", T0.plus(HOUR.multipliedBy(2)))).as("once the active one ended")
                .containsExactly(later);
    }

    @Test
    @DisplayName("every silence not ended by an instant, of any account, by start then id")
    void notEndedOfEveryAccount() {
        Silence b = silence("s-b", "a-2", T0, 2);
        Silence a = silence("s-a", "a-1", T0, 2);
        Silence first = silence("s-z", "a-1", T0.minus(HOUR), 3);
        Silence ended = silence("s-ended", "a-1", T0.minus(HOUR), 1);
        for (Silence s : List.of(b, a, first, ended)) {
            store.create(s);
        }
        assertThat(store.notEnded(T0)).containsExactly(first, a, b);
        assertThat(store.notEnded(T0.plus(HOUR.multipliedBy(2)))).isEmpty();
    }

    @Test
    @DisplayName("a silence expired before it started never becomes active, and is not listed once its start has come")
    void expiredBeforeItStarted() {
        Silence future = silence("s-1", "a-1", T0.plus(HOUR), 2);
        store.create(future);
        store.replace(future.expired(T0));
        Silence stored = store.find("s-1").orElseThrow();
        assertThat(stored.activeAt(T0.plus(HOUR))).isFalse();
        assertThat(store.notEnded(T0.plus(HOUR))).isEmpty();
        assertThat(store.notEndedOf("a-1", T0.plus(HOUR))).isEmpty();
    }

    @Test
    @DisplayName("purging forgets only the silences that ended before the instant, and says how many")
    void purge() {
        store.create(silence("s-old", "a-1", T0.minus(HOUR.multipliedBy(5)), 1));
        store.create(silence("s-expired", "a-1", T0.minus(HOUR.multipliedBy(5)), 10).expired(T0.minus(HOUR.multipliedBy(4))));
        store.create(silence("s-ends-at-instant", "a-1", T0.minus(HOUR), 1));
        store.create(silence("s-active", "a-2", T0, 1));
        assertThat(store.purgeEndedBefore(T0)).isEqualTo(2);
        assertThat(store.find("s-old")).isEmpty();
        assertThat(store.find("s-expired")).isEmpty();
        assertThat(store.find("s-ends-at-instant")).isPresent();
        assertThat(store.find("s-active")).isPresent();
        assertThat(store.purgeEndedBefore(T0)).isZero();
        assertThat(store.create(silence("s-old", "a-1", T0, 1))).as("a purged id can be used again").isTrue();
    }

    @Test
    @DisplayName("of many threads creating one silence id at once, exactly one succeeds")
    void concurrentCreationsOfOneId() throws Exception {
        int threads = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Boolean>> created = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String account = "a-" + t;
                Callable<Boolean> create = () -> {
                    go.await();
                    return store.create(silence("s-1", account, T0, 1));
                };
                created.add(pool.submit(create));
            }
            go.countDown();
            int winners = 0;
            String winner = null;
            for (int t = 0; t < threads; t++) {
                if (join(created.get(t))) {
                    winners++;
                    winner = "a-" + t;
                }
            }
            assertThat(winners).isEqualTo(1);
            assertThat(store.find("s-1").orElseThrow().account()).isEqualTo(winner);
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean join(Future<Boolean> future) throws InterruptedException {
        try {
            return future.get(HANG_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("a thread failed: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("a creation hung for " + HANG_SECONDS + " s", e);
        }
    }
}
