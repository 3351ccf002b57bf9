package io.backupalarm.spring.boot;

import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.EngineHealth;
import java.time.Clock;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The engine's {@link AlarmEngine#health()} as a Spring Boot health indicator ({@code backupAlarm}
 * under {@code /actuator/health}): {@code UP} when the stores answer and the scheduler runs and its
 * last run succeeded, {@code DOWN} otherwise, with the details of {@link EngineHealth}.
 *
 * <p><b>Thread safety.</b> Thread-safe.
 */
public final class BackupAlarmHealthIndicator implements HealthIndicator {

    private final AlarmEngine engine;
    private final Clock clock;

    /**
     * An indicator for an engine.
     *
     * @param engine the engine
     * @param clock the clock that ages the oldest waiting notification
     */
    public BackupAlarmHealthIndicator(AlarmEngine engine, Clock clock) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Health health() {
        EngineHealth health = engine.health();
        Health.Builder builder = health.healthy() ? Health.up() : Health.down();
        builder.withDetail("schedulerRunning", health.schedulerRunning())
                .withDetail("schedulerFailing", health.schedulerFailing())
                .withDetail("storesReachable", health.storesReachable())
                .withDetail("outboxBacklog", health.outboxBacklog())
                .withDetail("listenerCallsDropped", health.listenerCallsDropped());
        health.lastSuccessfulRun().ifPresent(at -> builder.withDetail("lastSuccessfulRun", at.toString()));
        health.lastError().ifPresent(error -> builder.withDetail("lastError", error));
        health.lastErrorAt().ifPresent(at -> builder.withDetail("lastErrorAt", at.toString()));
        health.storeError().ifPresent(error -> builder.withDetail("storeError", error));
        health.oldestWaiting().ifPresent(at -> builder.withDetail("oldestWaiting", at.toString()));
        health.oldestWaitingAge(clock.instant()).ifPresent(age -> builder.withDetail("oldestWaitingAge", age.toString()));
        return builder.build();
    }
}
