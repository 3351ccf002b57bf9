package io.backupalarm.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.delivery.Notification;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.testsupport.ManualEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The listener calls a metrics binder counts: events, held alarms and channel attempts, in order. */
final class ListenerCallsTest {

    /** Records each call as one line. */
    private static final class Recorder implements AlarmListener {
        final List<String> calls = new ArrayList<>();

        @Override
        public void onEvent(AlarmEvent event) {
            calls.add("event " + event.getClass().getSimpleName() + " " + event.instance());
        }

        @Override
        public void onOpened(OpenAlarm alarm) {
            calls.add("opened " + alarm.key());
        }

        @Override
        public void onFired(OpenAlarm alarm) {
            calls.add("fired " + alarm.key());
        }

        @Override
        public void onHeld(OpenAlarm alarm) {
            calls.add("held " + alarm.key());
        }

        @Override
        public void onDelivered(Notification n) {
            calls.add("delivered " + n.message().channel() + " " + n.message().address());
        }

        @Override
        public void onDeliveryFailed(Notification n) {
            calls.add("failed " + n.message().channel() + " " + n.message().address());
        }

        @Override
        public void onDeadLettered(Notification n) {
            calls.add("dead " + n.message().channel() + " " + n.message().address());
        }

        @Override
        public void onAttempt(Notification n, Duration took) {
            calls.add("attempt " + n.message().channel() + " " + n.message().address() + " " + n.status()
                    + (took.isNegative() ? " took a negative time" : ""));
        }
    }

    @Test
    @DisplayName("an event is heard before what it changed; each attempt after its outcome; a held alarm right after it fired")
    void order() {
        Recorder recorder = new Recorder();
        try (ManualEngine kit = ManualEngine.start(Fixtures.configuration(), b -> b.listener(recorder)
                .settings(AlarmSettings.custom().groupWait(Duration.ZERO).inhibitBackupFailuresWhileDisconnected(true)
                        .build()))) {
            kit.email().answer(DeliveryResult.temporaryFailure("busy"));
            kit.disconnect("i-db1").advance(Duration.ofHours(1));
            kit.backupFailed("i-db1", "daily", "disk full").advance(Duration.ofHours(1));
            kit.connect("i-db1"); // resolves the disconnect; an unknown instance would be refused before any call

            assertThat(recorder.calls.subList(0, 2)).containsExactly("event ClientDisconnected i-db1",
                    "opened CLIENT_DISCONNECTED/i-db1");
            // i-db1 is DEFAULT: the account owner by email and SMS
            assertThat(recorder.calls).containsSubsequence("fired CLIENT_DISCONNECTED/i-db1",
                    "failed email " + Fixtures.OWNER_EMAIL, "attempt email " + Fixtures.OWNER_EMAIL + " PENDING");
            assertThat(recorder.calls).containsSubsequence("delivered sms " + Fixtures.OWNER_MOBILE,
                    "attempt sms " + Fixtures.OWNER_MOBILE + " SENT");
            assertThat(recorder.calls).containsSubsequence("delivered email " + Fixtures.OWNER_EMAIL,
                    "attempt email " + Fixtures.OWNER_EMAIL + " SENT");
            assertThat(recorder.calls).containsSubsequence("event BackupFailed i-db1", "opened BACKUP_FAILED/i-db1/daily",
                    "fired BACKUP_FAILED/i-db1/daily", "held BACKUP_FAILED/i-db1/daily", "event ClientConnected i-db1");
            assertThat(recorder.calls.stream().filter(c -> c.startsWith("held "))).hasSize(1);
            assertThat(recorder.calls.stream().filter(c -> c.startsWith("event "))).hasSize(3);
        }
    }

    @Test
    @DisplayName("a refused notification is dead after its attempt; one for a channel not installed is dead with no attempt")
    void deadWithAndWithoutAttempt() {
        Recorder recorder = new Recorder();
        try (ManualEngine kit = ManualEngine.start(DeliveryLogTest.configuration(), b -> b.listener(recorder))) {
            kit.sms().answer(DeliveryResult.permanentFailure("unknown number"));
            kit.disconnect("i-web1").advance(Duration.ofHours(1));
            assertThat(recorder.calls).containsSubsequence("dead sms +8613900139000", "attempt sms +8613900139000 DEAD");
            assertThat(recorder.calls).filteredOn(c -> c.contains("webhook")).hasSize(1).first(
                    org.assertj.core.api.InstanceOfAssertFactories.STRING).startsWith("dead webhook https://");
        }
    }
}
