package io.backupalarm.examples.boot;

import io.backupalarm.NotFoundException;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the backup clients tell the server, and what the server reports to the alarm engine. Each
 * request writes the server's own tables and reports the event in one transaction: with the
 * starter's default {@code backup-alarm.store.transactions=join}, the alarm's change commits with
 * the server's row or not at all.
 *
 * <p>Thread-safe.
 */
@RestController
@RequestMapping("/api")
class ClientEventsController {

    /** A client's heartbeat. @param instance the client's instance id */
    record Heartbeat(String instance) {
    }

    /** A client the connection gateway saw drop. @param instance the client's instance id */
    record Disconnect(String instance) {
    }

    /**
     * The end of a backup job.
     *
     * @param instance the client's instance id
     * @param job the job's name
     * @param succeeded whether it succeeded
     * @param message what went wrong, for a failure
     */
    record JobResult(String instance, String job, boolean succeeded, String message) {
    }

    private final AlarmEngine engine;
    private final JdbcClient sql;

    ClientEventsController(AlarmEngine engine, JdbcClient sql) {
        this.engine = engine;
        this.sql = sql;
    }

    @PostMapping("/heartbeats")
    @Transactional
    public Map<String, Object> heartbeat(@RequestBody Heartbeat heartbeat) {
        Instant now = Instant.now();
        boolean wasAway = sql.sql("SELECT connected FROM backup_clients WHERE instance_id = ?")
                .param(heartbeat.instance()).query(Boolean.class).optional().map(connected -> !connected).orElse(true);
        int updated = sql.sql("UPDATE backup_clients SET last_heartbeat = ?, connected = TRUE WHERE instance_id = ?")
                .params(Timestamp.from(now), heartbeat.instance()).update();
        if (updated == 0) {
            sql.sql("INSERT INTO backup_clients (instance_id, last_heartbeat, connected) VALUES (?, ?, TRUE)")
                    .params(heartbeat.instance(), Timestamp.from(now)).update();
        }
        if (wasAway) {
            engine.report(new AlarmEvent.ClientConnected(heartbeat.instance(), now));
        }
        return Map.of("instance", heartbeat.instance(), "reported", wasAway);
    }

    @PostMapping("/disconnects")
    @Transactional
    public Map<String, Object> disconnect(@RequestBody Disconnect disconnect) {
        Instant now = Instant.now();
        int updated = sql.sql("UPDATE backup_clients SET connected = FALSE WHERE instance_id = ?")
                .param(disconnect.instance()).update();
        if (updated == 0) {
            sql.sql("INSERT INTO backup_clients (instance_id, last_heartbeat, connected) VALUES (?, ?, FALSE)")
                    .params(disconnect.instance(), Timestamp.from(now)).update();
        }
        // An unknown instance throws: the server's row above is rolled back with the report.
        engine.report(new AlarmEvent.ClientDisconnected(disconnect.instance(), now));
        return Map.of("instance", disconnect.instance(), "reported", true);
    }

    @PostMapping("/jobs")
    @Transactional
    public Map<String, Object> job(@RequestBody JobResult result) {
        Instant now = Instant.now();
        sql.sql("INSERT INTO backup_jobs (instance_id, job, succeeded, message, finished_at) VALUES (?, ?, ?, ?, ?)")
                .params(result.instance(), result.job(), result.succeeded(), result.message(), Timestamp.from(now)).update();
        engine.report(result.succeeded()
                ? new AlarmEvent.BackupSucceeded(result.instance(), result.job(), now)
                : new AlarmEvent.BackupFailed(result.instance(), result.job(),
                        result.message() == null ? "failed" : result.message(), now));
        return Map.of("instance", result.instance(), "job", result.job(), "reported", true);
    }

    @GetMapping("/alarms")
    public List<Map<String, Object>> alarms() {
        return engine.openAlarms().stream().map(alarm -> Map.<String, Object>of(
                "instance", alarm.key().instance(), "type", alarm.key().type().name(),
                "state", alarm.state().name(), "occurrences", alarm.occurrences())).toList();
    }

    @ExceptionHandler(NotFoundException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    public Map<String, String> notFound(NotFoundException e) {
        return Map.of("error", String.valueOf(e.getMessage()));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    public Map<String, String> invalid(IllegalArgumentException e) {
        return Map.of("error", String.valueOf(e.getMessage()));
    }
}
