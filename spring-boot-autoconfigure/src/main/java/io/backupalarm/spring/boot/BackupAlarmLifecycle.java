package io.backupalarm.spring.boot;

import io.backupalarm.lifecycle.AlarmEngine;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Ties the engine to the application context. The engine runs from the moment the context builds
 * it; when the context closes, this closes it: sends under way finish (the engine waits up to
 * 5 seconds for them), whatever has not been sent stays in the outbox for the next start or
 * another node, and then Spring closes the channels. It stops in a phase below the web server's
 * graceful shutdown, so requests still being served can report their events first. A context
 * that is only stopped, and may be started again (a paused test context,
 * {@code ConfigurableApplicationContext.stop()}), keeps its engine: a closed engine cannot run
 * again.
 *
 * <p><b>Thread safety.</b> Thread-safe.
 */
public final class BackupAlarmLifecycle implements SmartLifecycle, ApplicationListener<ContextClosedEvent> {

    /** Below the web server's graceful shutdown ({@code DEFAULT_PHASE - 1024}) and its stop ({@code - 2048}). */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger LOG = LoggerFactory.getLogger(BackupAlarmLifecycle.class);

    private final AlarmEngine engine;
    private volatile boolean running;
    /** Set when the context starts closing; Spring publishes that before it stops its lifecycles. */
    private volatile boolean closing;

    /**
     * A lifecycle for an engine.
     *
     * @param engine the engine, already running
     */
    public BackupAlarmLifecycle(AlarmEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        if (running) {
            running = false;
            if (!closing) {
                LOG.debug("The application context stopped; the alarm engine keeps running until it closes");
                return;
            }
            LOG.info("Stopping the alarm engine: sends under way finish, the rest stays in the outbox");
            engine.close();
        }
    }

    /**
     * Notes that the context is closing, so that the stop that follows closes the engine.
     *
     * @param event the event
     */
    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        closing = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
