package io.backupalarm.examples.docs;

import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.EngineHealth;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The code shown in {@code docs/operations.md}. */
public final class OperationsSnippets {

    private OperationsSnippets() {
    }

    /**
     * Logs the dead letters, then sends one of them again.
     *
     * @param engine the engine
     * @param key the idempotency key of the dead letter to send again, once its cause is fixed
     */
    public static void logAndRedrive(AlarmEngine engine, String key) {
        Logger log = LoggerFactory.getLogger(OperationsSnippets.class);
        engine.deadLetters().forEach(n -> log.warn("{} -> {}: {}", n.key(), n.message().address(), n.lastError()));
        engine.redrive(key);   // after fixing the cause: sent again with the same idempotency key
    }

    /**
     * A readiness check as a host would write it.
     *
     * @param engine the engine
     * @return {@code true} when the engine is healthy and nothing has waited more than 15 minutes
     */
    public static boolean ready(AlarmEngine engine) {
        EngineHealth health = engine.health();
        boolean backlogOld = health.oldestWaitingAge(Instant.now())
                .map(age -> age.compareTo(Duration.ofMinutes(15)) > 0).orElse(false);
        return health.healthy() && !backlogOld;   // lastError(), storeError() say why not
    }
}
