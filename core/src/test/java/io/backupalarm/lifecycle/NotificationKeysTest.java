package io.backupalarm.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.quiet.TestTarget;
import io.backupalarm.testsupport.ManualEngine;
import io.backupalarm.testsupport.TestChannel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Idempotency keys are how an outbox recognises a notification, also after an upgrade: the same
 * alarm, occurrence and recipient must give the same key in every version. These values were
 * computed once; a change that alters them fails here.
 */
final class NotificationKeysTest {

    private static List<String> keys(ManualEngine kit) {
        return kit.deliveries().stream()
                .map(call -> call.message().kind() + " " + call.message().channel() + " " + call.message().idempotencyKey())
                .sorted().toList();
    }

    @Test
    @DisplayName("a firing, its resolution and a test keep their keys from version to version, one message each")
    void ungroupedKeysArePinned() {
        AlarmSettings ungrouped = AlarmSettings.custom().groupWait(Duration.ZERO).notifyOnResolved(true).build();
        try (ManualEngine kit = ManualEngine.start(DeliveryLogTest.configuration(), b -> b.settings(ungrouped))) {
            kit.disconnect("i-web1").advance(Duration.ofHours(1)).advance(Duration.ofMinutes(5));
            kit.connect("i-web1");
            kit.engine().sendTest(TestTarget.instance("i-web1"));
            assertThat(keys(kit)).containsExactly(
                    "FIRING email ba1-555fb69c8923c18a9bcd3055f8cfe2b996ad4afd",
                    "FIRING sms ba1-110cd7341d42a844e86c75bc05868ba0db2456da",
                    "RESOLVED email ba1-a1c35253ffb049e92ef3529599ded369e5caec16",
                    "RESOLVED sms ba1-b0bf7fb116ca26535a64ff966056167e8f28eab9",
                    "TEST email ba1-a49f97b3e2cad79bd2f91c977479c489166fc5b8",
                    "TEST sms ba1-6982848d758af0e3b8f7b9809bc70356aa4d3c21");
        }
    }

    @Test
    @DisplayName("a group's key (two alarms, one message per recipient) is pinned too")
    void groupKeysArePinned() {
        try (ManualEngine kit = ManualEngine.start(DeliveryLogTest.configuration(),
                b -> b.settings(AlarmSettings.ofDefaults()))) {
            kit.backupFailed("i-web1", "job-a", "disk full").backupFailed("i-web1", "job-b", null)
                    .advance(Duration.ofHours(1)).advance(Duration.ofMinutes(10));
            assertThat(kit.deliveries()).allSatisfy(call -> assertThat(call.message().items()).hasSize(2));
            assertThat(keys(kit)).containsExactly(
                    "GROUPED email ba1-627d38b9d701f975f83b48326558a77532fd01eb",
                    "GROUPED sms ba1-df6571d7780bfb693d3d9b0cb81cf7b44225df8e");
            assertThat(kit.deliveries().stream().flatMap(call -> call.message().items().stream())
                    .map(item -> item.job() + " " + item.key()).sorted().toList()).containsExactly(
                    "job-a ba1-da7c4542a042ba7a1d1f8c03bc7c4fa8aaf861a4",
                    "job-a ba1-e0b3a43780d8b21cf732f09a47fe33274d6b4e9e",
                    "job-b ba1-772c56743465f0ea1e8403c368440cb4b2f1e872",
                    "job-b ba1-e2556ca8bc91f253dca919d24d5da27c6d9b5564");
        }
    }
}
