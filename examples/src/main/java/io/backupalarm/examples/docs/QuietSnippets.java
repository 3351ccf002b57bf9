package io.backupalarm.examples.docs;

import io.backupalarm.config.AlarmMatcher;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.MaintenanceWindow;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.quiet.AcknowledgeResult;
import io.backupalarm.quiet.Silence;
import io.backupalarm.quiet.TestNotification;
import io.backupalarm.quiet.TestTarget;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;

/** The code shown in {@code docs/quiet.md}. */
public final class QuietSnippets {

    private QuietSnippets() {
    }

    /**
     * Silences one vault for two hours of planned work, starting now.
     *
     * @param engine the engine
     * @param now the engine's current time
     * @return the silence
     */
    public static Silence silencePlannedWork(AlarmEngine engine, Instant now) {
        Silence silence = Silence.of("upgrade-2026-01", "acme", new AlarmMatcher("v-prod", null, null),
                now, now.plus(Duration.ofHours(2)), "Alice", "storage upgrade");
        return engine.createSilence(silence);   // engine.expireSilence("upgrade-2026-01") ends it early
    }

    /**
     * Keeps backup failures of one instance quiet every weekend night, in Shanghai time.
     *
     * @param admin the configuration admin
     */
    public static void weekendWindow(ConfigurationAdmin admin) {
        admin.saveMaintenanceWindow(new MaintenanceWindow("mw-weekend", "acme",
                new AlarmMatcher(null, "i-web1", AlarmType.BACKUP_FAILED), ZoneId.of("Asia/Shanghai"),
                Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), LocalTime.of(2, 0), Duration.ofHours(4)));
    }

    /**
     * Someone is on it: no more repeats for this occurrence.
     *
     * @param engine the engine
     * @return what happened
     */
    public static AcknowledgeResult acknowledge(AlarmEngine engine) {
        AlarmKey key = new AlarmKey(AlarmType.CLIENT_DISCONNECTED, "i-web1", null);
        return engine.acknowledge(key, "Alice", "rebooting the host");   // NOT_FIRING changes nothing
    }

    /**
     * Sends a test to everyone an alarm of an instance would reach now, and reads the outcome.
     *
     * @param engine the engine
     * @return the test
     */
    public static TestNotification test(AlarmEngine engine) {
        TestNotification test = engine.sendTest(TestTarget.instance("i-web1"));
        test.messages().forEach(m -> System.out.println(m.recipient() + " "
                + engine.notification(m.key()).map(n -> n.status().name()).orElse("?")));
        return test;   // test.reachesNobody(): the policy reaches nobody, nothing was sent
    }

    /**
     * The settings of quiet and grouping, spelled out with their defaults.
     *
     * @return the settings
     */
    public static AlarmSettings settings() {
        return AlarmSettings.custom()
                .groupWait(Duration.ofSeconds(30))                 // zero: every notification alone, at once
                .inhibitBackupFailuresWhileDisconnected(true)
                .build();
    }
}
