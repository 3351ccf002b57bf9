package io.backupalarm.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.spi.OutboundMessage;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A notification with another message")
final class NotificationWithMessageTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static OutboundMessage message(String key, String text) {
        return new OutboundMessage(key, "email", "a@example.com", OutboundMessage.Kind.FIRING, Locale.ENGLISH,
                "subject", text, Map.of(), "<p>" + text + "</p>");
    }

    @Test
    @DisplayName("keeps everything but the message")
    void keepsTheRest() {
        Notification sent = Notification.create(message("k1", "first"), AlarmType.CLIENT_DISCONNECTED, "i-1", "v-1",
                "acct-1", T0).sent("r-1", T0.plusSeconds(5));

        Notification again = sent.withMessage(message("k1", "again"));

        assertThat(again.message().text()).isEqualTo("again");
        assertThat(again).usingRecursiveComparison().ignoringFields("message").isEqualTo(sent);
    }

    @Test
    @DisplayName("refuses a message with another key, naming both")
    void refusesAnotherKey() {
        Notification pending = Notification.create(message("k1", "first"), AlarmType.CLIENT_DISCONNECTED, "i-1", "v-1",
                "acct-1", T0);

        assertThatThrownBy(() -> pending.withMessage(message("k2", "other")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k2").hasMessageContaining("k1");
    }
}
