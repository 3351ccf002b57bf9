package io.backupalarm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.delivery.Notification;
import io.backupalarm.delivery.NotificationItem;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.OutboxStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ACCOUNT = "acct-1";

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
    @DisplayName("the backlog counts pending notifications (retries too, not sent or dead ones), knows the oldest, and counts dead letters")
    void backlogCountsPending() {
        assertThat(outbox.backlog()).isEqualTo(new OutboxStore.Backlog(0, java.util.Optional.empty(), 0));
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
        assertThat(outbox.backlog()).isEqualTo(new OutboxStore.Backlog(2, java.util.Optional.of(T0.plusSeconds(10)), 1));
        outbox.update(outbox.find("k4").orElseThrow().redriven(T0.plusSeconds(30)));
        assertThat(outbox.backlog()).isEqualTo(new OutboxStore.Backlog(3, java.util.Optional.of(T0.plusSeconds(5)), 0));
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

    // ---------------------------------------------------------------------------------- grouping

    /** A disconnect notification of instance {@code i-<key>} that fell due at an instant. */
    private static NotificationItem item(String key, Instant at) {
        return new NotificationItem(key, OutboundMessage.Kind.FIRING, AlarmType.CLIENT_DISCONNECTED, "i-" + key, "v-1",
                null, null, 1, at.minusSeconds(3600), at, null);
    }

    /** A group for {@code address} by email that opens at {@code at} with one item and is sent {@link #WAIT} later. */
    private static Notification group(String key, String address, Instant at, NotificationItem first) {
        OutboundMessage message = new OutboundMessage(key, "email", address, first.kind(), Locale.ENGLISH, "subject",
                "text", Map.of("instance", first.instance()));
        return Notification.of(message, ACCOUNT, List.of(first), at, at.plus(WAIT));
    }

    private Optional<String> openGroupKey(String account, String channel, String address, Instant at) {
        return outbox.openGroup(account, channel, address, at);
    }

    @Test
    @DisplayName("a group is its recipient's open group from its opening until the instant it is sent, and no one else's")
    void groupCollectsForItsRecipientUntilItIsSent() {
        assertThat(outbox.openGroup(ACCOUNT, "email", "a@example.com", T0)).as("before any group").isEmpty();
        Notification g1 = group("g1", "a@example.com", T0, item("n1", T0));
        assertThat(g1.collectsUntil()).isEqualTo(T0.plus(WAIT));
        assertThat(outbox.add(g1)).isTrue();

        assertThat(outbox.openGroup(ACCOUNT, "email", "a@example.com", T0)).contains("g1");
        assertThat(openGroupKey(ACCOUNT, "email", "a@example.com", T0.plus(WAIT).minusSeconds(1))).contains("g1");
        assertThat(openGroupKey(ACCOUNT, "email", "a@example.com", T0.plus(WAIT))).as("at its sending instant").isEmpty();
        assertThat(openGroupKey(ACCOUNT, "email", "a@example.com", T0.minusSeconds(1)))
                .as("handled late: fell due before it opened").contains("g1");

        assertThat(openGroupKey(ACCOUNT, "sms", "a@example.com", T0)).as("another channel").isEmpty();
        assertThat(openGroupKey(ACCOUNT, "email", "b@example.com", T0)).as("another address").isEmpty();
        assertThat(openGroupKey("acct-2", "email", "a@example.com", T0)).as("another account").isEmpty();
        assertThat(openGroupKey(null, "email", "a@example.com", T0)).as("no account").isEmpty();
        assertThat(outbox.find("g1")).contains(g1);
        assertThat(outbox.nextAttempt()).as("a group is due when it is sent").contains(T0.plus(WAIT));
        assertThat(outbox.dueUpTo(T0.plus(WAIT).minusSeconds(1), 10)).isEmpty();
    }

    @Test
    @DisplayName("items join a group in the order they are added, each key once, with every field kept")
    void itemsJoinInOrderOnce() {
        outbox.add(group("g1", "a@example.com", T0, item("n1", T0)));
        NotificationItem failure = new NotificationItem("n2", OutboundMessage.Kind.RESOLVED, AlarmType.BACKUP_FAILED,
                "i-2", "v-2", "nightly", "disk full", 3, T0.minusSeconds(7200), T0.plusSeconds(20), null);
        NotificationItem early = item("n3", T0.plusSeconds(5));
        assertThat(outbox.addToGroup("g1", failure)).isTrue();
        assertThat(outbox.addToGroup("g1", early)).isTrue();
        assertThat(outbox.addToGroup("g1", failure)).as("the same key again counts as added").isTrue();

        Notification stored = outbox.find("g1").orElseThrow();
        assertThat(stored.items()).containsExactly(item("n1", T0), failure, early);
        assertThat(stored.collectsUntil()).isEqualTo(T0.plus(WAIT));
        assertThat(outbox.openGroup(ACCOUNT, "email", "a@example.com", T0.plusSeconds(25))).contains("g1");
        assertThat(outbox.claimDue(T0.plus(WAIT), 10)).singleElement()
                .satisfies(claimed -> assertThat(claimed.items()).containsExactly(item("n1", T0), failure, early));
    }

    @Test
    @DisplayName("a group takes what fell due before it opened (handled late), nothing from its sending instant on, and an unknown group nothing")
    void groupRefusesWhatFallsDueFromItsSendingInstant() {
        outbox.add(group("g1", "a@example.com", T0, item("n1", T0)));
        assertThat(outbox.addToGroup("g1", item("late", T0.plus(WAIT)))).isFalse();
        assertThat(outbox.addToGroup("g1", item("early", T0.minusSeconds(1)))).isTrue();
        assertThat(outbox.addToGroup("g-none", item("n2", T0))).isFalse();
        assertThat(outbox.find("g1").orElseThrow().items()).extracting(NotificationItem::key)
                .containsExactly("n1", "early");
        assertThat(outbox.find("g-none")).isEmpty();
    }

    @Test
    @DisplayName("a group claimed for sending takes nothing more; the recipient's next group opens beside it")
    void claimSealsTheGroup() {
        outbox.add(group("g1", "a@example.com", T0, item("n1", T0)));
        assertThat(outbox.claimDue(T0.plus(WAIT), 10)).extracting(Notification::key).containsExactly("g1");

        assertThat(outbox.addToGroup("g1", item("n2", T0.plusSeconds(10)))).isFalse();
        assertThat(openGroupKey(ACCOUNT, "email", "a@example.com", T0.plusSeconds(10))).isEmpty();
        assertThat(outbox.find("g1").orElseThrow().items()).extracting(NotificationItem::key).containsExactly("n1");

        Notification g2 = group("g2", "a@example.com", T0.plusSeconds(10), item("n2", T0.plusSeconds(10)));
        assertThat(outbox.add(g2)).isTrue();
        assertThat(openGroupKey(ACCOUNT, "email", "a@example.com", T0.plusSeconds(11))).contains("g2");
        assertThat(outbox.addToGroup("g2", item("n3", T0.plusSeconds(11)))).isTrue();
    }

    @Test
    @DisplayName("a group that was attempted once takes nothing more")
    void attemptedGroupIsClosed() {
        Notification g1 = group("g1", "a@example.com", T0, item("n1", T0));
        outbox.add(g1);
        outbox.update(g1.retryAt("busy", T0.plusSeconds(90)));
        assertThat(outbox.addToGroup("g1", item("n2", T0.plusSeconds(1)))).isFalse();
        assertThat(openGroupKey(ACCOUNT, "email", "a@example.com", T0.plusSeconds(1))).isEmpty();
    }

    @Test
    @DisplayName("a message sent alone is never a group, even for the same recipient")
    void aMessageSentAloneIsNoGroup() {
        OutboundMessage message = new OutboundMessage("alone", "email", "a@example.com", OutboundMessage.Kind.FIRING,
                Locale.ENGLISH, "subject", "text", Map.of());
        Notification alone = Notification.of(message, ACCOUNT, List.of(item("n1", T0)), T0, T0);
        assertThat(alone.collectsUntil()).isNull();
        outbox.add(alone);
        assertThat(outbox.openGroup(ACCOUNT, "email", "a@example.com", T0)).isEmpty();
        assertThat(outbox.addToGroup("alone", item("n2", T0))).isFalse();
        assertThat(outbox.find("alone")).contains(alone);
    }

    @Test
    @DisplayName("an outcome is recorded with the message as it was sent (a group rendered with all it collected)")
    void outcomeKeepsTheMessageAsSent() {
        outbox.add(group("g1", "a@example.com", T0, item("n1", T0)));
        outbox.addToGroup("g1", item("n2", T0.plusSeconds(3)));
        Notification claimed = outbox.claimDue(T0.plus(WAIT), 10).get(0);
        OutboundMessage rendered = new OutboundMessage("g1", "email", "a@example.com", OutboundMessage.Kind.GROUPED,
                Locale.GERMAN, "2 Alarme", "i-n1, i-n2", Map.of("count", "2", "instances", "i-n1,i-n2"));
        Notification finished = new Notification(rendered, claimed.alarm(), claimed.instance(), claimed.vault(),
                claimed.account(), claimed.createdAt(), claimed.status(), claimed.attempts(), claimed.nextAttemptAt(),
                claimed.lastError(), claimed.receipt(), claimed.finishedAt(), claimed.items(), claimed.collectsUntil());
        Notification sent = finished.sent("r-1", T0.plus(WAIT));
        outbox.update(sent);

        assertThat(outbox.find("g1")).contains(sent);
        assertThat(outbox.withStatus(Notification.Status.SENT)).containsExactly(sent);
    }

    @Test
    @DisplayName("a test message, without alarm type or instance, is kept whole")
    void testMessage() {
        NotificationItem test = new NotificationItem("t-1", OutboundMessage.Kind.TEST, null, null, null, null, null, 1,
                T0, T0, "c-1");
        OutboundMessage message = new OutboundMessage("t-1", "sms", "+41790000000", OutboundMessage.Kind.TEST,
                Locale.ENGLISH, "", "Test", Map.of("contact", "c-1"));
        Notification n = Notification.of(message, ACCOUNT, List.of(test), T0, T0);
        assertThat(n.alarm()).isNull();
        assertThat(n.instance()).isNull();
        assertThat(outbox.add(n)).isTrue();
        assertThat(outbox.find("t-1")).contains(n);
        assertThat(outbox.dueUpTo(T0, 10)).containsExactly(n);
    }

    @Test
    @DisplayName("a re-driven group is due at once and collects no more")
    void redrivenGroupCollectsNoMore() {
        Notification g1 = group("g1", "a@example.com", T0, item("n1", T0));
        outbox.add(g1);
        outbox.update(g1.dead("refused", T0.plus(WAIT), true));
        outbox.update(outbox.find("g1").orElseThrow().redriven(T0.plusSeconds(10)));
        assertThat(outbox.find("g1").orElseThrow().collectsUntil()).isNull();
        assertThat(outbox.addToGroup("g1", item("n2", T0.plusSeconds(10)))).isFalse();
        assertThat(outbox.dueUpTo(T0.plusSeconds(10), 10)).extracting(Notification::key).containsExactly("g1");
    }

    @Test
    @DisplayName("purging a sent group forgets it with its items, and its key can come back")
    void purgeForgetsAGroupWithItsItems() {
        Notification g1 = group("g1", "a@example.com", T0, item("n1", T0));
        outbox.add(g1);
        outbox.addToGroup("g1", item("n2", T0.plusSeconds(1)));
        outbox.update(outbox.find("g1").orElseThrow().sent("r", T0.plus(WAIT)));
        assertThat(outbox.purgeSentBefore(T0.plus(WAIT).plusSeconds(1))).isEqualTo(1);
        assertThat(outbox.find("g1")).isEmpty();
        assertThat(outbox.openGroup(ACCOUNT, "email", "a@example.com", T0.plusSeconds(2))).isEmpty();
        assertThat(outbox.add(g1)).isTrue();
        assertThat(outbox.find("g1").orElseThrow().items()).extracting(NotificationItem::key).containsExactly("n1");
    }
}
