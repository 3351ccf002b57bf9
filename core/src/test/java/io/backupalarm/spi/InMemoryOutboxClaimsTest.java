package io.backupalarm.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.delivery.Notification;
import io.backupalarm.lifecycle.AlarmType;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The in-memory outbox hands each claimed notification out once: a backlog queued for senders is
 * not claimed again on every sweep, yet it stays pending, due and counted until its outcome is
 * recorded or its claim released.
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
}
