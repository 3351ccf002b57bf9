package io.backupalarm.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DeliverySettingsTest {

    @Test
    @DisplayName("the defaults are the documented ones")
    void defaults() {
        DeliverySettings settings = DeliverySettings.ofDefaults();
        assertThat(settings.maxAttempts()).isEqualTo(8);
        assertThat(settings.senderThreads()).isEqualTo(2);
        assertThat(settings.queueCapacity()).isEqualTo(10_000);
        assertThat(settings.sentRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(settings.sweepInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.sendTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.closeWait()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    @DisplayName("a sweep interval must be more than zero, and the message names it")
    void sweepInterval() {
        assertThat(DeliverySettings.custom().sweepInterval(Duration.ofMillis(100)).build().sweepInterval())
                .isEqualTo(Duration.ofMillis(100));
        assertThatThrownBy(() -> DeliverySettings.custom().sweepInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sweepInterval");
        assertThatThrownBy(() -> DeliverySettings.custom().sweepInterval(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("sweepInterval");
    }

    @Test
    @DisplayName("bad values are rejected with the setting's name")
    void badValues() {
        assertThatThrownBy(() -> DeliverySettings.custom().maxAttempts(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> DeliverySettings.custom().senderThreads(65))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("senderThreads");
        assertThatThrownBy(() -> DeliverySettings.custom().jitter(1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jitter");
        assertThatThrownBy(() -> DeliverySettings.custom().initialBackoff(Duration.ofMinutes(5))
                .maxBackoff(Duration.ofMinutes(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBackoff");
    }

    @Test
    @DisplayName("a send timeout is 1 second to 1 hour, and the message names it")
    void sendTimeout() {
        assertThat(DeliverySettings.custom().sendTimeout(Duration.ofSeconds(1)).build().sendTimeout())
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(DeliverySettings.custom().sendTimeout(Duration.ofHours(1)).build().sendTimeout())
                .isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> DeliverySettings.custom().sendTimeout(Duration.ofMillis(999)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sendTimeout");
        assertThatThrownBy(() -> DeliverySettings.custom().sendTimeout(Duration.ofHours(1).plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sendTimeout");
    }

    @Test
    @DisplayName("closing waits zero to 10 minutes, and the message names the setting")
    void closeWait() {
        assertThat(DeliverySettings.custom().closeWait(Duration.ZERO).build().closeWait()).isZero();
        assertThat(DeliverySettings.custom().closeWait(Duration.ofMinutes(10)).build().closeWait())
                .isEqualTo(Duration.ofMinutes(10));
        assertThatThrownBy(() -> DeliverySettings.custom().closeWait(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("closeWait");
        assertThatThrownBy(() -> DeliverySettings.custom().closeWait(Duration.ofMinutes(10).plusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("closeWait");
        assertThatThrownBy(() -> DeliverySettings.custom().closeWait(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("closeWait");
    }
}
