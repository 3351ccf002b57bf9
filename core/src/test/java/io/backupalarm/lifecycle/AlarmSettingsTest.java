package io.backupalarm.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

final class AlarmSettingsTest {

    @Test
    @DisplayName("settings reject bad values at once, naming the setting, and from() copies what was set")
    void settingsValidation() {
        assertThatThrownBy(() -> AlarmSettings.custom().disconnectGracePeriod(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("disconnectGracePeriod");
        assertThatThrownBy(() -> AlarmSettings.custom().repeatInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeatInterval");
        assertThat(AlarmSettings.from(AlarmSettings.custom().notifyOnResolved(true).build()).build().notifyOnResolved())
                .isTrue();
    }
}
