package io.backupalarm.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AlarmEventTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    @DisplayName("a backup failure message may span lines, but not hold NUL nor exceed 4000 characters")
    void message() {
        assertThat(new AlarmEvent.BackupFailed("i-1", "daily", "disk full\nat /var", AT).message())
                .isEqualTo("disk full\nat /var");
        assertThatThrownBy(() -> new AlarmEvent.BackupFailed("i-1", "daily", "disk\0full", AT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
        assertThatThrownBy(() -> new AlarmEvent.BackupFailed("i-1", "daily", "x".repeat(4001), AT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4000");
    }
}
