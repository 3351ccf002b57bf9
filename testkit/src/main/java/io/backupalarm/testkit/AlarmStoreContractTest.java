package io.backupalarm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.policy.Recipient;
import io.backupalarm.spi.AlarmStore;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link AlarmStore} must meet. A host with a durable store extends this class
 * and returns a fresh, empty store from {@link #createStore()}.
 *
 * <p>Not thread-safe; JUnit creates one instance per test.
 */
public abstract class AlarmStoreContractTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private AlarmStore store;

    /** Creates the test. */
    protected AlarmStoreContractTest() {
    }

    /**
     * A fresh, empty store.
     *
     * @return the store under test
     * @throws Exception if it cannot be created
     */
    protected abstract AlarmStore createStore() throws Exception;

    @BeforeEach
    void create() throws Exception {
        store = createStore();
    }

    private static AlarmKey key(String instance) {
        return new AlarmKey(AlarmType.CLIENT_DISCONNECTED, instance, null);
    }

    @Test
    @DisplayName("a saved alarm is found by its key, and saving again replaces it")
    void saveFindReplace() {
        OpenAlarm pending = OpenAlarm.pending(key("i-1"), T0, null, T0.plusSeconds(3600));
        store.save(pending);
        assertThat(store.find(key("i-1"))).contains(pending);
        OpenAlarm counted = pending.counted(null);
        store.save(counted);
        assertThat(store.find(key("i-1"))).contains(counted);
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.all()).containsExactly(counted);
    }

    @Test
    @DisplayName("keys with and without a job are different alarms")
    void jobsAreDistinct() {
        AlarmKey noJob = new AlarmKey(AlarmType.BACKUP_FAILED, "i-1", null);
        AlarmKey daily = new AlarmKey(AlarmType.BACKUP_FAILED, "i-1", "daily");
        store.save(OpenAlarm.pending(noJob, T0, "a", T0.plusSeconds(60)));
        store.save(OpenAlarm.pending(daily, T0, "b", T0.plusSeconds(60)));
        assertThat(store.size()).isEqualTo(2);
        assertThat(store.find(daily).orElseThrow().message()).isEqualTo("b");
    }

    @Test
    @DisplayName("due alarms come earliest first, up to the instant and the limit")
    void dueOrder() {
        store.save(OpenAlarm.pending(key("i-3"), T0, null, T0.plusSeconds(30)));
        store.save(OpenAlarm.pending(key("i-1"), T0, null, T0.plusSeconds(10)));
        store.save(OpenAlarm.pending(key("i-2"), T0, null, T0.plusSeconds(20)));
        assertThat(store.nextDue()).contains(T0.plusSeconds(10));
        assertThat(store.dueUpTo(T0.plusSeconds(20), 10)).extracting(a -> a.key().instance())
                .containsExactly("i-1", "i-2");
        assertThat(store.dueUpTo(T0.plusSeconds(30), 1)).extracting(a -> a.key().instance()).containsExactly("i-1");
        assertThat(store.dueUpTo(T0, 10)).isEmpty();
    }

    @Test
    @DisplayName("a firing alarm without a next due time is kept but never due")
    void firingWithoutRepeatIsNotDue() {
        OpenAlarm fired = OpenAlarm.pending(key("i-1"), T0, null, T0.plusSeconds(10))
                .fired(T0.plusSeconds(10), Set.of(new Recipient("email", "a@example.com")), "v", "a", null);
        store.save(fired);
        assertThat(store.nextDue()).isEmpty();
        assertThat(store.dueUpTo(Instant.MAX, 10)).isEmpty();
        assertThat(store.find(key("i-1")).orElseThrow().recipients()).hasSize(1);
    }

    @Test
    @DisplayName("a rescheduled alarm is due only at its new time")
    void rescheduleMovesDueTime() {
        OpenAlarm pending = OpenAlarm.pending(key("i-1"), T0, null, T0.plusSeconds(10));
        store.save(pending);
        store.save(pending.fired(T0.plusSeconds(10), Set.of(), "v", "a", T0.plusSeconds(100)));
        assertThat(store.dueUpTo(T0.plusSeconds(50), 10)).isEmpty();
        assertThat(store.nextDue()).contains(T0.plusSeconds(100));
    }

    @Test
    @DisplayName("a removed alarm is gone, from look-ups and from the due index")
    void remove() {
        store.save(OpenAlarm.pending(key("i-1"), T0, null, T0.plusSeconds(10)));
        assertThat(store.remove(key("i-1"))).isTrue();
        assertThat(store.remove(key("i-1"))).isFalse();
        assertThat(store.find(key("i-1"))).isEmpty();
        assertThat(store.nextDue()).isEmpty();
        assertThat(store.size()).isZero();
    }
}
