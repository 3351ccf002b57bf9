package io.backupalarm.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.backupalarm.delivery.Notification;
import io.backupalarm.lifecycle.AlarmType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The in-memory outbox hands each claimed notification out once: a backlog queued for senders is
 * not claimed again on every sweep, yet it stays pending, due and counted until its outcome is
 * recorded or its claim released. And against a model: claims come earliest first, each
 * instant's in the order its notifications became due there, and a purge forgets exactly the sent
 * notifications that finished before its instant, whatever order they finished in.
 */
final class InMemoryOutboxClaimsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Notification notification(String key) {
        OutboundMessage message = new OutboundMessage(key, "email", "a@example.com", OutboundMessage.Kind.FIRING,
                Locale.ENGLISH, "subject", "text", Map.of("instance", "i-1"));
        return Notification.create(message, AlarmType.CLIENT_DISCONNECTED, "i-1", "v-1", "acct-1", T0);
    }

    @Test
    @DisplayName("a claim passes over what is claimed; a released claim comes back after what was due with it")
    void claimsHandEachNotificationOutOnce() {
        OutboxStore outbox = OutboxStore.inMemory();
        for (String key : new String[] {"k1", "k2", "k3"}) {
            outbox.add(notification(key));
        }
        assertThat(outbox.claimDue(T0, 2)).extracting(Notification::key).containsExactly("k1", "k2");
        assertThat(outbox.claimDue(T0, 2)).extracting(Notification::key).containsExactly("k3");
        assertThat(outbox.claimDue(T0, 2)).isEmpty();

        assertThat(outbox.dueUpTo(T0, 10)).extracting(Notification::key).containsExactlyInAnyOrder("k1", "k2", "k3");
        assertThat(outbox.backlog().pending()).isEqualTo(3);

        outbox.releaseClaim("k1");
        outbox.update(outbox.find("k2").orElseThrow().sent("r-2", T0));
        assertThat(outbox.claimDue(T0, 10)).extracting(Notification::key).containsExactly("k1");
        assertThat(outbox.backlog().pending()).isEqualTo(2);

        outbox.update(outbox.find("k3").orElseThrow().retryAt("busy", T0.plusSeconds(30)));
        assertThat(outbox.claimDue(T0.plusSeconds(30), 10)).extracting(Notification::key).containsExactly("k3");
        assertThat(outbox.dueUpTo(T0.plusSeconds(30), 1)).extracting(Notification::key).containsExactly("k1");
    }

    /**
     * One step: 0 add, 1 claim due, 2 sent, 3 retry at, 4 release, 5 purge sent before, 6 sent
     * again (a sent one's finishing instant moves); on key {@code k}; at T0 + {@code seconds}.
     */
    record Step(int op, int k, int seconds) {
    }

    /** The model's notification: as stored, whether claimed, and its place among those due with it. */
    private static final class Entry {
        Notification stored;
        boolean claimed;
        long place;
    }

    @Test
    @DisplayName("for any adds, claims, outcomes, releases and purges, claims and purges match a model")
    void claimsMatchAModel() {
        qt().withExamples(300).withShrinkCycles(1_000)
                .forAll(lists().of(integers().between(0, 6).zip(integers().between(0, 4), integers().between(0, 3),
                        Step::new)).ofSizeBetween(1, 40))
                .checkAssert(InMemoryOutboxClaimsTest::replay);
    }

    private static void replay(List<Step> steps) {
        OutboxStore outbox = OutboxStore.inMemory();
        Map<String, Entry> model = new HashMap<>();
        long places = 0;
        for (Step step : steps) {
            String key = "k" + step.k();
            Instant at = T0.plusSeconds(step.seconds());
            Entry entry = model.get(key);
            boolean pending = entry != null && entry.stored.status() == Notification.Status.PENDING;
            switch (step.op()) {
                case 0 -> {
                    Notification added = notification(key).retryAt("later", at);
                    assertThat(outbox.add(added)).as("add %s", key).isEqualTo(entry == null);
                    if (entry == null) {
                        entry = new Entry();
                        entry.stored = added;
                        entry.place = ++places;
                        model.put(key, entry);
                    }
                }
                case 1 -> {
                    List<Entry> due = new ArrayList<>(model.values().stream()
                            .filter(e -> e.stored.status() == Notification.Status.PENDING && !e.claimed
                                    && !e.stored.nextAttemptAt().isAfter(at))
                            .sorted(Comparator.comparing((Entry e) -> e.stored.nextAttemptAt())
                                    .thenComparingLong(e -> e.place))
                            .limit(2).toList());
                    due.forEach(e -> e.claimed = true);
                    assertThat(outbox.claimDue(at, 2)).extracting(Notification::key).as("claim at %s", at)
                            .containsExactlyElementsOf(due.stream().map(e -> e.stored.key()).toList());
                }
                case 2, 3 -> {
                    if (pending) {
                        Notification after = step.op() == 2 ? entry.stored.sent("r", at) : entry.stored.retryAt("busy", at);
                        boolean staysInPlace = !entry.claimed && after.status() == Notification.Status.PENDING
                                && after.nextAttemptAt().equals(entry.stored.nextAttemptAt());
                        outbox.update(after);
                        entry.stored = after;
                        entry.claimed = false;
                        entry.place = staysInPlace ? entry.place : ++places;
                    }
                }
                case 5 -> {
                    List<String> finished = model.values().stream()
                            .filter(e -> e.stored.status() == Notification.Status.SENT && e.stored.finishedAt().isBefore(at))
                            .map(e -> e.stored.key()).toList();
                    assertThat(outbox.purgeSentBefore(at)).as("purge before %s", at).isEqualTo(finished.size());
                    finished.forEach(model::remove);
                }
                case 6 -> {
                    if (entry != null && entry.stored.status() == Notification.Status.SENT) {
                        entry.stored = entry.stored.sent("r-again", at);
                        outbox.update(entry.stored);
                    }
                }
                default -> {
                    outbox.releaseClaim(key);
                    if (entry != null && entry.claimed) {
                        entry.claimed = false;
                        entry.place = ++places;
                    }
                }
            }
        }
        for (int k = 0; k <= 4; k++) {
            String key = "k" + k;
            assertThat(outbox.find(key)).as("find %s", key).map(Notification::status)
                    .isEqualTo(Optional.ofNullable(model.get(key)).map(e -> e.stored.status()));
        }
        long stillPending = model.values().stream().filter(e -> e.stored.status() == Notification.Status.PENDING).count();
        assertThat(outbox.backlog().pending()).isEqualTo(stillPending);
        assertThat(outbox.nextAttempt()).isEqualTo(model.values().stream()
                .filter(e -> e.stored.status() == Notification.Status.PENDING && !e.claimed)
                .map(e -> e.stored.nextAttemptAt()).min(Comparator.naturalOrder()));
        assertThat(outbox.dueUpTo(T0.plusSeconds(10), 100)).extracting(Notification::key)
                .containsExactlyInAnyOrderElementsOf(model.values().stream()
                        .filter(e -> e.stored.status() == Notification.Status.PENDING).map(e -> e.stored.key()).toList());
    }
}
