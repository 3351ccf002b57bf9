package io.backupalarm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.delivery.Notification;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.OutboxStore;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link OutboxStore} must meet. A host with a durable outbox extends this
 * class and returns a fresh, empty outbox from {@link #createStore()}.
 *
 * <p>Not thread-safe; JUnit creates one instance per test.
 */
public abstract class OutboxStoreContractTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private OutboxStore outbox;

    /** Creates the test. */
    protected OutboxStoreContractTest() {
    }

    /**
     * A fresh, empty outbox.
     *
     * @return the outbox under test
     * @throws Exception if it cannot be created
     */
    protected abstract OutboxStore createStore() throws Exception;

    @BeforeEach
    void create() throws Exception {
        outbox = createStore();
    }

    private static Notification notification(String key, Instant at) {
        OutboundMessage message = new OutboundMessage(key, "email", "a@example.com", OutboundMessage.Kind.FIRING,
                Locale.ENGLISH, "subject", "text", Map.of("instance", "i-1"));
        return Notification.create(message, AlarmType.CLIENT_DISCONNECTED, "i-1", "v-1", "acct-1", at);
    }

    @Test
    @DisplayName("adding the same key twice keeps the first and reports the second as a duplicate")
    void addIsIdempotent() {
        assertThat(outbox.add(notification("k1", T0))).isTrue();
        assertThat(outbox.add(notification("k1", T0.plusSeconds(5)))).isFalse();
        assertThat(outbox.find("k1").orElseThrow().createdAt()).isEqualTo(T0);
    }

    @Test
    @DisplayName("pending notifications are due by their next attempt, earliest first")
    void dueOrder() {
        outbox.add(notification("k2", T0.plusSeconds(20)));
        outbox.add(notification("k1", T0.plusSeconds(10)));
        assertThat(outbox.nextAttempt()).contains(T0.plusSeconds(10));
        assertThat(outbox.dueUpTo(T0.plusSeconds(15), 10)).extracting(Notification::key).containsExactly("k1");
        assertThat(outbox.dueUpTo(T0.plusSeconds(20), 10)).extracting(Notification::key).containsExactly("k1", "k2");
        assertThat(outbox.dueUpTo(T0.plusSeconds(20), 1)).hasSize(1);
    }

    @Test
    @DisplayName("the backlog counts pending notifications (retries too, not sent or dead ones) and knows the oldest")
    void backlogCountsPending() {
        assertThat(outbox.backlog()).isEqualTo(new OutboxStore.Backlog(0, java.util.Optional.empty()));
        Notification retried = notification("k1", T0.plusSeconds(10));
        outbox.add(retried);
        outbox.update(retried.retryAt("busy", T0.plusSeconds(70)));
        outbox.add(notification("k2", T0.plusSeconds(20)));
        Notification sent = notification("k3", T0);
        outbox.add(sent);
        outbox.update(sent.sent("r-1", T0.plusSeconds(1)));
        Notification dead = notification("k4", T0.plusSeconds(5));
        outbox.add(dead);
        outbox.update(dead.dead("refused", T0.plusSeconds(6), true));
        assertThat(outbox.backlog()).isEqualTo(new OutboxStore.Backlog(2, java.util.Optional.of(T0.plusSeconds(10))));
    }

    @Test
    @DisplayName("a retried notification is due at its new time only")
    void retryMovesDueTime() {
        Notification n = notification("k1", T0);
        outbox.add(n);
        outbox.update(n.retryAt("busy", T0.plusSeconds(60)));
        assertThat(outbox.dueUpTo(T0.plusSeconds(59), 10)).isEmpty();
        assertThat(outbox.find("k1").orElseThrow().attempts()).isEqualTo(1);
        assertThat(outbox.nextAttempt()).contains(T0.plusSeconds(60));
    }

    @Test
    @DisplayName("sent and dead notifications are no longer due, and are listed by status")
    void finishedAreNotDue() {
        Notification a = notification("a", T0);
        Notification b = notification("b", T0);
        outbox.add(a);
        outbox.add(b);
        outbox.update(a.sent("r1", T0));
        outbox.update(b.dead("refused", T0, true));
        assertThat(outbox.dueUpTo(Instant.MAX, 10)).isEmpty();
        assertThat(outbox.nextAttempt()).isEmpty();
        assertThat(outbox.withStatus(Notification.Status.SENT)).extracting(Notification::key).containsExactly("a");
        assertThat(outbox.withStatus(Notification.Status.DEAD)).extracting(Notification::key).containsExactly("b");
    }

    @Test
    @DisplayName("a re-driven dead letter is pending and due again")
    void redrive() {
        Notification n = notification("k1", T0);
        outbox.add(n);
        outbox.update(n.dead("refused", T0, true));
        outbox.update(outbox.find("k1").orElseThrow().redriven(T0.plusSeconds(5)));
        assertThat(outbox.dueUpTo(T0.plusSeconds(5), 10)).extracting(Notification::key).containsExactly("k1");
    }

    @Test
    @DisplayName("purging forgets only sent notifications older than the instant, and their keys can come back")
    void purge() {
        Notification old = notification("old", T0);
        Notification recent = notification("recent", T0);
        outbox.add(old);
        outbox.add(recent);
        outbox.update(old.sent("r", T0));
        outbox.update(recent.sent("r", T0.plusSeconds(100)));
        assertThat(outbox.purgeSentBefore(T0.plusSeconds(50))).isEqualTo(1);
        assertThat(outbox.find("old")).isEmpty();
        assertThat(outbox.find("recent")).isPresent();
    }
}
