package io.backupalarm.lifecycle;

import static io.backupalarm.testsupport.ManualEngine.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupalarm.NotFoundException;
import io.backupalarm.ValidationException;
import io.backupalarm.config.AlarmMatcher;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.MaintenanceWindow;
import io.backupalarm.quiet.AcknowledgeResult;
import io.backupalarm.quiet.Silence;
import io.backupalarm.testsupport.ManualEngine;
import io.backupalarm.testsupport.TestChannel;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Silences, maintenance windows, inhibition and acknowledgement, one example each, on manual time:
 * what is held back, and what is announced when it is released. (The random timelines are in the
 * quiet model property.)
 */
final class QuietTest {

    private static final AlarmKey DB_DISCONNECTED = new AlarmKey(AlarmType.CLIENT_DISCONNECTED, "i-db1", null);
    private static final AlarmKey DB_FAILED = new AlarmKey(AlarmType.BACKUP_FAILED, "i-db1", "daily");

    private ManualEngine kit = engine(AlarmSettings.custom().groupWait(Duration.ZERO).build());

    @AfterEach
    void close() {
        kit.close();
    }

    private static ManualEngine engine(AlarmSettings settings) {
        return ManualEngine.start(Fixtures.configuration(), builder -> builder.settings(settings));
    }

    private void settings(AlarmSettings settings) {
        kit.close();
        kit = engine(settings);
    }

    private static Silence silence(String id, AlarmMatcher matcher, Duration from, Duration to) {
        return Silence.of(id, "acct-1", matcher, T0.plus(from), T0.plus(to), "Alice", "planned work");
    }

    private List<String> sent() {
        return kit.deliveries().stream().map(c -> c.message().kind() + " " + c.message().data().get("instance") + " "
                + c.message().channel() + " @" + c.at()).toList();
    }

    @Nested
    @DisplayName("silences")
    final class Silences {

        @Test
        @DisplayName("an alarm that fires during a silence is announced when the silence ends, if it still fires")
        void heldThenReleased() {
            kit.engine().createSilence(silence("s-1", new AlarmMatcher(null, "i-db1", null), Duration.ZERO,
                    Duration.ofHours(3)));
            kit.disconnect("i-db1").advance(Duration.ofHours(2));
            assertThat(kit.deliveries()).isEmpty();
            assertThat(kit.engine().openAlarms()).singleElement()
                    .satisfies(a -> assertThat(a.state()).isEqualTo(AlarmState.FIRING));
            kit.advance(Duration.ofHours(2));
            assertThat(sent()).containsExactlyInAnyOrder("FIRING i-db1 email @" + T0.plus(Duration.ofHours(3)),
                    "FIRING i-db1 sms @" + T0.plus(Duration.ofHours(3)));
        }

        @Test
        @DisplayName("an alarm that closes while held back is never announced")
        void closedWhileHeld() {
            settings(AlarmSettings.custom().groupWait(Duration.ZERO).notifyOnResolved(true).build());
            kit.engine().createSilence(silence("s-1", AlarmMatcher.ANY, Duration.ZERO, Duration.ofHours(3)));
            kit.disconnect("i-db1").advance(Duration.ofHours(2)).connect("i-db1").advance(Duration.ofHours(4));
            assertThat(kit.deliveries()).isEmpty();
        }

        @Test
        @DisplayName("expiring a silence early announces what it held at once")
        void expiredEarly() {
            kit.engine().createSilence(silence("s-1", AlarmMatcher.ANY, Duration.ZERO, Duration.ofDays(1)));
            kit.disconnect("i-db1").advance(Duration.ofHours(2));
            Silence expired = kit.engine().expireSilence("s-1");
            assertThat(expired.end()).isEqualTo(T0.plus(Duration.ofHours(2)));
            assertThat(sent()).containsExactlyInAnyOrder("FIRING i-db1 email @" + T0.plus(Duration.ofHours(2)),
                    "FIRING i-db1 sms @" + T0.plus(Duration.ofHours(2)));
            assertThat(kit.engine().silences()).isEmpty();
        }

        @Test
        @DisplayName("a silence that has not started holds nothing; expired before it starts, it never does")
        void notStartedYet() {
            kit.engine().createSilence(silence("s-1", AlarmMatcher.ANY, Duration.ofHours(5), Duration.ofHours(9)));
            assertThat(kit.engine().silences()).extracting(Silence::id).containsExactly("s-1");
            kit.engine().expireSilence("s-1");
            assertThat(kit.engine().silences()).isEmpty();
            kit.advance(Duration.ofHours(5)).disconnect("i-db1").advance(Duration.ofHours(1));
            assertThat(kit.deliveries()).hasSize(2);
        }

        @Test
        @DisplayName("a silence narrowed to an alarm type holds only that type")
        void matchers() {
            kit.engine().createSilence(silence("s-1", new AlarmMatcher("v-prod", null, AlarmType.BACKUP_FAILED),
                    Duration.ZERO, Duration.ofDays(1)));
            kit.disconnect("i-db1").backupFailed("i-db1", "daily", "disk full").advance(Duration.ofHours(1));
            assertThat(kit.deliveries()).extracting(c -> c.message().data().get("alarm"))
                    .containsOnly("CLIENT_DISCONNECTED");
        }

        @Test
        @DisplayName("repeats that fall due while silenced are skipped, not made up; RESOLVED is held too")
        void repeatsSkipped() {
            settings(AlarmSettings.custom().groupWait(Duration.ZERO).repeatInterval(Duration.ofMinutes(30))
                    .notifyOnResolved(true).build());
            kit.disconnect("i-db1").advance(Duration.ofMinutes(70));
            kit.engine().createSilence(Silence.of("s-1", "acct-1", AlarmMatcher.ANY, kit.clock().instant(),
                    T0.plus(Duration.ofMinutes(125)), null, null));
            kit.advance(Duration.ofMinutes(60)); // to 02:10: repeats due at 01:30 and 02:00 are skipped
            kit.advance(Duration.ofMinutes(20)); // 02:30: repeats again, on the slots of the announcement
            kit.engine().createSilence(Silence.of("s-2", "acct-1", AlarmMatcher.ANY, kit.clock().instant(),
                    T0.plus(Duration.ofHours(5)), null, null));
            kit.connect("i-db1");
            assertThat(kit.email().deliveries()).extracting(c -> c.message().kind() + "@" + c.at()).containsExactly(
                    "FIRING@2026-01-01T01:00:00Z", "REPEAT@2026-01-01T02:30:00Z");
        }

        @Test
        @DisplayName("a silence is checked when created: account, matchers of its account, an end after now, a new id; a rejected one changes nothing")
        void validation() {
            kit.advance(Duration.ofHours(1));
            assertThatThrownBy(() -> kit.engine().createSilence(Silence.of("s-1", "acct-9", AlarmMatcher.ANY, T0,
                    T0.plus(Duration.ofHours(2)), null, null)))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("silences[s-1].account")
                    .hasMessageContaining("acct-9");
            assertThatThrownBy(() -> kit.engine().createSilence(silence("s-1", new AlarmMatcher("v-none", "i-none",
                    null), Duration.ZERO, Duration.ofHours(2))))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("silences[s-1].vault")
                    .hasMessageContaining("silences[s-1].instance");
            assertThatThrownBy(() -> kit.engine().createSilence(silence("s-1", AlarmMatcher.ANY, Duration.ZERO,
                    Duration.ofHours(1))))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("silences[s-1].ends")
                    .hasMessageContaining("not after now");
            assertThatThrownBy(() -> Silence.of("s-1", "acct-1", AlarmMatcher.ANY, T0, T0, null, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must end after it starts");
            kit.engine().createSilence(silence("s-1", AlarmMatcher.ANY, Duration.ZERO, Duration.ofHours(2)));
            assertThatThrownBy(() -> kit.engine().createSilence(silence("s-1", AlarmMatcher.ANY, Duration.ZERO,
                    Duration.ofHours(9))))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("already exists");
            assertThat(kit.engine().silences()).singleElement()
                    .satisfies(s -> assertThat(s.ends()).isEqualTo(T0.plus(Duration.ofHours(2))));
            assertThatThrownBy(() -> kit.engine().expireSilence("s-9")).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("s-9");
        }
    }

    @Nested
    @DisplayName("maintenance windows")
    final class Windows {

        @Test
        @DisplayName("a weekly window across midnight holds alarms of its instance, and releases them when it ends")
        void acrossMidnight() {
            // 2026-01-01 is a Thursday; the window runs Thursday 23:00 to Friday 03:00 in Shanghai (UTC+8).
            MaintenanceWindow window = new MaintenanceWindow("mw-1", "acct-1", new AlarmMatcher(null, "i-db1", null),
                    ZoneId.of("Asia/Shanghai"), Set.of(DayOfWeek.THURSDAY), LocalTime.of(23, 0), Duration.ofHours(4));
            Configuration configuration = Fixtures.configuration().toBuilder().maintenanceWindow(window).build();
            kit.close();
            kit = ManualEngine.start(configuration,
                    builder -> builder.settings(AlarmSettings.custom().groupWait(Duration.ZERO).build()));
            Instant windowStart = Instant.parse("2026-01-01T15:00:00Z");
            kit.advance(Duration.between(T0, windowStart).minusHours(1)).disconnect("i-db1");
            kit.advance(Duration.ofHours(2)); // fires at 15:00, as the window starts
            assertThat(kit.deliveries()).isEmpty();
            kit.advance(Duration.ofHours(4));
            assertThat(kit.deliveries()).extracting(TestChannel.Call::at).containsOnly(windowStart.plus(Duration.ofHours(4)));
        }

        @Test
        @DisplayName("ranges start at the zone's local time as java.time resolves it across a daylight-saving change")
        void daylightSaving() {
            // New York springs forward on 2026-03-08 at 02:00: a 02:30 start falls in the gap and moves to 03:30 EDT.
            MaintenanceWindow window = new MaintenanceWindow("mw-1", "acct-1", AlarmMatcher.ANY,
                    ZoneId.of("America/New_York"), Set.of(DayOfWeek.SUNDAY), LocalTime.of(2, 30), Duration.ofHours(1));
            assertThat(window.activeUntil(Instant.parse("2026-03-08T07:29:59Z"))).isEmpty();
            assertThat(window.activeUntil(Instant.parse("2026-03-08T07:30:00Z")))
                    .contains(Instant.parse("2026-03-08T08:30:00Z"));
            // The week before, 02:30 EST is 07:30 UTC as well; the week after, 02:30 EDT is 06:30 UTC.
            assertThat(window.activeAt(Instant.parse("2026-03-01T07:30:00Z"))).isTrue();
            assertThat(window.activeAt(Instant.parse("2026-03-15T06:30:00Z"))).isTrue();
            assertThat(window.activeAt(Instant.parse("2026-03-15T07:30:00Z"))).isFalse();
        }

        @Test
        @DisplayName("a window is checked when saved, and what it names cannot be deleted")
        void integrity() {
            MaintenanceWindow wrong = new MaintenanceWindow("mw-1", "acct-1", new AlarmMatcher("v-none", null, null),
                    ZoneId.of("UTC"), Set.of(DayOfWeek.MONDAY), LocalTime.NOON, Duration.ofHours(1));
            assertThatThrownBy(() -> kit.admin().saveMaintenanceWindow(wrong)).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("maintenanceWindows[mw-1].vault").hasMessageContaining("v-none");
            assertThat(kit.admin().snapshot().maintenanceWindows()).isEmpty();
            kit.admin().saveMaintenanceWindow(wrong.withMatcher(new AlarmMatcher(null, "i-db1", null)));
            assertThatThrownBy(() -> kit.admin().deleteInstance("i-db1")).hasMessageContaining("maintenance window mw-1");
            kit.admin().deleteMaintenanceWindow("mw-1");
            kit.admin().deleteInstance("i-db1");
            assertThatThrownBy(() -> new MaintenanceWindow("mw-2", "acct-1", AlarmMatcher.ANY, ZoneId.of("UTC"),
                    Set.of(), LocalTime.NOON, Duration.ofHours(1))).hasMessageContaining("at least one day");
            assertThatThrownBy(() -> new MaintenanceWindow("mw-2", "acct-1", AlarmMatcher.ANY, ZoneId.of("UTC"),
                    Set.of(DayOfWeek.MONDAY), LocalTime.NOON, Duration.ofDays(8))).hasMessageContaining("at most PT168H");
        }
    }

    @Nested
    @DisplayName("inhibition")
    final class Inhibition {

        @Test
        @DisplayName("a backup failure stays quiet while its client's disconnect alarm fires, and is announced when the client is back")
        void heldWhileDisconnected() {
            settings(AlarmSettings.custom().groupWait(Duration.ZERO).build());
            kit.disconnect("i-db1").backupFailed("i-db1", "daily", "unreachable").advance(Duration.ofHours(2));
            assertThat(kit.deliveries()).extracting(c -> c.message().data().get("alarm"))
                    .containsOnly("CLIENT_DISCONNECTED");
            kit.connect("i-db1");
            assertThat(sent()).filteredOn(line -> line.contains("@" + T0.plus(Duration.ofHours(2))))
                    .containsExactlyInAnyOrder("FIRING i-db1 email @" + T0.plus(Duration.ofHours(2)),
                            "FIRING i-db1 sms @" + T0.plus(Duration.ofHours(2)));
        }

        @Test
        @DisplayName("a release that fails when the client comes back stays due, and a later run announces it")
        void failedReleaseIsRetried() {
            java.util.concurrent.atomic.AtomicBoolean failNext = new java.util.concurrent.atomic.AtomicBoolean();
            kit.close();
            kit = ManualEngine.start(Fixtures.configuration(), builder -> builder
                    .settings(AlarmSettings.custom().groupWait(Duration.ZERO).build())
                    .outbox(new io.backupalarm.testsupport.ForwardingOutbox() {
                        @Override
                        public boolean add(io.backupalarm.delivery.Notification n) {
                            if (failNext.getAndSet(false)) {
                                throw new IllegalStateException("outbox unavailable");
                            }
                            return delegate.add(n);
                        }
                    }));
            kit.disconnect("i-db1").backupFailed("i-db1", "daily", "unreachable").advance(Duration.ofHours(2));
            failNext.set(true);
            assertThatThrownBy(() -> kit.connect("i-db1")).hasMessageContaining("outbox unavailable");
            assertThat(kit.engine().openAlarms()).singleElement().satisfies(a -> {
                assertThat(a.key()).isEqualTo(DB_FAILED);
                assertThat(a.nextDue()).isEqualTo(T0.plus(Duration.ofHours(2)));
            });
            kit.time().runDue();
            assertThat(sent()).filteredOn(line -> line.contains("@" + T0.plus(Duration.ofHours(2))))
                    .containsExactlyInAnyOrder("FIRING i-db1 email @" + T0.plus(Duration.ofHours(2)),
                            "FIRING i-db1 sms @" + T0.plus(Duration.ofHours(2)));
        }

        @Test
        @DisplayName("a pending disconnect alarm inhibits nothing; turned off, nothing is inhibited")
        void pendingInhibitsNothing() {
            settings(AlarmSettings.custom().groupWait(Duration.ZERO).disconnectGracePeriod(Duration.ofHours(3)).build());
            kit.disconnect("i-db1").backupFailed("i-db1", "daily", "x").advance(Duration.ofHours(1));
            assertThat(kit.deliveries()).extracting(c -> c.message().data().get("alarm")).containsOnly("BACKUP_FAILED");
            settings(AlarmSettings.custom().groupWait(Duration.ZERO).inhibitBackupFailuresWhileDisconnected(false).build());
            kit.disconnect("i-db1").backupFailed("i-db1", "daily", "x").advance(Duration.ofHours(1));
            assertThat(kit.deliveries()).hasSize(4);
        }
    }

    @Nested
    @DisplayName("acknowledgement")
    final class Acknowledgements {

        @Test
        @DisplayName("an acknowledged alarm repeats no more, still resolves, and its next occurrence starts unacknowledged")
        void stopsRepeats() {
            settings(AlarmSettings.custom().groupWait(Duration.ZERO).repeatInterval(Duration.ofMinutes(30))
                    .notifyOnResolved(true).build());
            kit.disconnect("i-db1").advance(Duration.ofMinutes(70));
            assertThat(kit.engine().acknowledge(DB_DISCONNECTED, "Alice", "on it")).isEqualTo(AcknowledgeResult.ACKNOWLEDGED);
            assertThat(kit.engine().acknowledge(DB_DISCONNECTED, "Bob", null))
                    .isEqualTo(AcknowledgeResult.ALREADY_ACKNOWLEDGED);
            assertThat(kit.engine().acknowledgedAlarms()).singleElement().satisfies(a -> {
                assertThat(a.acknowledgement().by()).isEqualTo("Alice");
                assertThat(a.acknowledgement().comment()).isEqualTo("on it");
            });
            kit.advance(Duration.ofHours(3)).connect("i-db1");
            assertThat(kit.email().deliveries()).extracting(c -> c.message().kind().name())
                    .containsExactly("FIRING", "RESOLVED");
            kit.disconnect("i-db1").advance(Duration.ofMinutes(90));
            assertThat(kit.email().deliveries()).extracting(c -> c.message().kind().name())
                    .containsExactly("FIRING", "RESOLVED", "FIRING", "REPEAT");
            assertThat(kit.engine().acknowledgedAlarms()).isEmpty();
        }

        @Test
        @DisplayName("acknowledging an alarm that is not firing changes nothing and says so; a held alarm acknowledged is never announced")
        void notFiring() {
            kit.disconnect("i-db1");
            assertThat(kit.engine().acknowledge(DB_DISCONNECTED, "Alice", null)).isEqualTo(AcknowledgeResult.NOT_FIRING);
            assertThat(kit.engine().acknowledge(DB_FAILED, "Alice", null)).isEqualTo(AcknowledgeResult.NOT_FIRING);
            assertThat(kit.engine().openAlarms()).singleElement().satisfies(a -> assertThat(a.acknowledged()).isFalse());
            kit.engine().createSilence(silence("s-1", AlarmMatcher.ANY, Duration.ZERO, Duration.ofHours(2)));
            kit.advance(Duration.ofHours(1));
            assertThat(kit.engine().acknowledge(DB_DISCONNECTED, "Alice", null)).isEqualTo(AcknowledgeResult.ACKNOWLEDGED);
            kit.advance(Duration.ofHours(3));
            assertThat(kit.deliveries()).isEmpty();
            assertThatThrownBy(() -> kit.engine().acknowledge(DB_DISCONNECTED, "", null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("acknowledgement by");
            assertThat(kit.engine().acknowledgedAlarms()).singleElement()
                    .satisfies(a -> assertThat(a.acknowledgement().by()).isEqualTo("Alice"));
        }
    }
}
