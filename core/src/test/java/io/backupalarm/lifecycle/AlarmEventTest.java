package io.backupalarm.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

final class AlarmEventTest {

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

    @Test
    @DisplayName("the events are a closed set, and each type says the key of its alarm and whether it opens it")
    void everyEventTypeSaysItsKeyAndWhetherItOpens() {
        AlarmKey disconnected = new AlarmKey(AlarmType.CLIENT_DISCONNECTED, "i-1", null);
        AlarmKey daily = new AlarmKey(AlarmType.BACKUP_FAILED, "i-1", "daily");
        AlarmKey anyJob = new AlarmKey(AlarmType.BACKUP_FAILED, "i-1", null);
        // One example of every event type, with the key and the "opens" it must report.
        Map<Class<?>, List<Object[]>> examples = Map.of(
                AlarmEvent.ClientDisconnected.class, List.<Object[]>of(
                        new Object[] {new AlarmEvent.ClientDisconnected("i-1", AT), disconnected, true}),
                AlarmEvent.ClientConnected.class, List.<Object[]>of(
                        new Object[] {new AlarmEvent.ClientConnected("i-1", AT), disconnected, false}),
                AlarmEvent.BackupFailed.class, List.<Object[]>of(
                        new Object[] {new AlarmEvent.BackupFailed("i-1", "daily", "disk full", AT), daily, true},
                        new Object[] {new AlarmEvent.BackupFailed("i-1", null, null, AT), anyJob, true}),
                AlarmEvent.BackupSucceeded.class, List.<Object[]>of(
                        new Object[] {new AlarmEvent.BackupSucceeded("i-1", "daily", AT), daily, false},
                        new Object[] {new AlarmEvent.BackupSucceeded("i-1", null, AT), anyJob, false}));

        assertThat(AlarmEvent.class.isSealed()).isTrue();
        assertThat(AlarmEvent.class.getPermittedSubclasses()).as("event types with an example here")
                .containsExactlyInAnyOrderElementsOf(examples.keySet());
        examples.values().stream().flatMap(List::stream).forEach(example -> {
            AlarmEvent event = (AlarmEvent) example[0];
            assertThat(event.key()).as("key of %s", event).isEqualTo(example[1]);
            assertThat(AlarmKey.of(event)).isEqualTo(example[1]);
            assertThat(event.opens()).as("opens of %s", event).isEqualTo(example[2]);
        });
    }
}
