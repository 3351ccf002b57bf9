package io.backupalarm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.lifecycle.Acknowledgement;
import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmState;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.policy.Recipient;
import io.backupalarm.spi.AlarmStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    private static OpenAlarm firingHeld(AlarmKey key, String account) {
        return OpenAlarm.pending(key, T0, null, T0.plusSeconds(10)).firedHeld(T0.plusSeconds(10), "v-1", account,
                T0.plusSeconds(600));
    }

    @Test
    @DisplayName("an alarm's announcement and acknowledgement are kept: held back, announced at a release, acknowledged")
    void announcementAndAcknowledgementAreKept() {
        AlarmKey key = new AlarmKey(AlarmType.BACKUP_FAILED, "i-1", "nightly");
        OpenAlarm held = firingHeld(key, "a-1");
        store.save(held);
        assertThat(store.find(key)).contains(held);
        assertThat(store.find(key).orElseThrow().announced()).isFalse();

        Recipient email = new Recipient("email", "a@example.com");
        OpenAlarm announced = held.announced(T0.plusSeconds(600), Set.of(email), T0.plusSeconds(4200));
        store.save(announced);
        assertThat(store.find(key)).contains(announced);

        OpenAlarm acknowledged = announced.acknowledged(new Acknowledgement("Alice", "on it", T0.plusSeconds(700)));
        store.save(acknowledged);
        assertThat(store.find(key)).contains(acknowledged);
        OpenAlarm noComment = held.acknowledged(new Acknowledgement("Bob", null, T0.plusSeconds(800)));
        store.save(noComment);
        assertThat(store.find(key)).contains(noComment);
    }

    @Test
    @DisplayName("alarms due at one instant come disconnect alarms first, also up to a limit")
    void disconnectsFirstAtOneInstant() {
        Instant due = T0.plusSeconds(10);
        store.save(OpenAlarm.pending(new AlarmKey(AlarmType.BACKUP_FAILED, "i-1", null), T0, "a", due));
        store.save(OpenAlarm.pending(new AlarmKey(AlarmType.BACKUP_FAILED, "i-1", "daily"), T0, "b", due));
        store.save(OpenAlarm.pending(key("i-2"), T0, null, due));
        store.save(OpenAlarm.pending(key("i-3"), T0, null, due.plusSeconds(1)));
        assertThat(store.dueUpTo(due, 1)).extracting(OpenAlarm::key).containsExactly(key("i-2"));
        assertThat(store.dueUpTo(due.plusSeconds(1), 10)).extracting(OpenAlarm::key).containsExactly(key("i-2"),
                new AlarmKey(AlarmType.BACKUP_FAILED, "i-1", null), new AlarmKey(AlarmType.BACKUP_FAILED, "i-1", "daily"),
                key("i-3"));
        List<AlarmKey> handed = new ArrayList<>();
        int count = store.forEachDue(due, 1, alarm -> {
            handed.add(alarm.key());
            store.remove(alarm.key());
        });
        assertThat(count).isEqualTo(1);
        assertThat(handed).containsExactly(key("i-2"));
    }

    @Test
    @DisplayName("the alarms of an instance are all its alarms, and no other instance's")
    void ofInstance() {
        OpenAlarm disconnect = OpenAlarm.pending(key("i-1"), T0, null, T0.plusSeconds(10));
        OpenAlarm failure = firingHeld(new AlarmKey(AlarmType.BACKUP_FAILED, "i-1", "daily"), "a-1");
        OpenAlarm other = OpenAlarm.pending(key("i-10"), T0, null, T0.plusSeconds(10));
        store.save(disconnect);
        store.save(failure);
        store.save(other);
        assertThat(store.ofInstance("i-1")).containsExactlyInAnyOrder(disconnect, failure);
        assertThat(store.ofInstance("i-10")).containsExactly(other);
        assertThat(store.ofInstance("i-none")).isEmpty();
    }

    @Test
    @DisplayName("awaiting announcement: the firing alarms of the account never announced nor acknowledged")
    void awaitingAnnouncement() {
        OpenAlarm held = firingHeld(key("i-1"), "a-1");
        OpenAlarm announced = OpenAlarm.pending(key("i-2"), T0, null, T0.plusSeconds(10))
                .fired(T0.plusSeconds(10), Set.of(), "v-1", "a-1", null);
        OpenAlarm acknowledged = firingHeld(key("i-3"), "a-1")
                .acknowledged(new Acknowledgement("Alice", null, T0.plusSeconds(20)));
        OpenAlarm pending = OpenAlarm.pending(key("i-4"), T0, null, T0.plusSeconds(10));
        OpenAlarm otherAccount = firingHeld(key("i-5"), "a-2");
        for (OpenAlarm alarm : List.of(held, announced, acknowledged, pending, otherAccount)) {
            store.save(alarm);
        }
        assertThat(store.awaitingAnnouncement("a-1")).containsExactly(held);
        assertThat(store.awaitingAnnouncement("a-2")).containsExactly(otherAccount);
        assertThat(store.awaitingAnnouncement("a-none")).isEmpty();
    }

    @Test
    @DisplayName("alarms are counted by state, every state present, and counts follow saves and removals")
    void countByState() {
        assertThat(store.countByState()).isEqualTo(Map.of(AlarmState.PENDING, 0L, AlarmState.FIRING, 0L));
        store.save(OpenAlarm.pending(key("i-1"), T0, null, T0.plusSeconds(10)));
        store.save(OpenAlarm.pending(key("i-2"), T0, null, T0.plusSeconds(10)));
        store.save(firingHeld(key("i-3"), "a-1"));
        store.save(OpenAlarm.pending(key("i-4"), T0, null, T0.plusSeconds(10))
                .fired(T0.plusSeconds(10), Set.of(), "v-1", "a-1", null));
        store.save(OpenAlarm.pending(new AlarmKey(AlarmType.BACKUP_FAILED, "i-1", "daily"), T0, "x", T0.plusSeconds(5)));
        assertThat(store.countByState()).isEqualTo(Map.of(AlarmState.PENDING, 3L, AlarmState.FIRING, 2L));
        store.remove(key("i-1"));
        store.remove(key("i-3"));
        assertThat(store.countByState()).isEqualTo(Map.of(AlarmState.PENDING, 2L, AlarmState.FIRING, 1L));
    }
}
