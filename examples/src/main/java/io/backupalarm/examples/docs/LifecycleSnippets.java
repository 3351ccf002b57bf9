package io.backupalarm.examples.docs;

import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmSettings;
import java.time.Duration;
import java.time.Instant;

/** The code shown in {@code docs/lifecycle.md}. */
public final class LifecycleSnippets {

    private LifecycleSnippets() {
    }

    /**
     * Reports that {@code i-web1} lost its connection.
     *
     * @param engine an engine whose configuration holds {@code i-web1}
     */
    public static void reportDisconnection(AlarmEngine engine) {
        engine.report(new AlarmEvent.ClientDisconnected("i-web1", Instant.parse("2026-01-01T00:00:00Z")));
    }

    /**
     * Alarm settings other than the defaults.
     *
     * @return the settings
     */
    public static AlarmSettings settings() {
        AlarmSettings settings = AlarmSettings.custom()
                .disconnectGracePeriod(Duration.ofMinutes(30))
                .backupFailureGracePeriod(Duration.ofHours(1))
                .repeatInterval(Duration.ofHours(4))
                .notifyOnResolved(true)
                .build();
        return settings;
    }
}
