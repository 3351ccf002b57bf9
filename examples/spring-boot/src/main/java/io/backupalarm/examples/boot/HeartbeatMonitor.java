package io.backupalarm.examples.boot;

import io.backupalarm.NotFoundException;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.text.SafeText;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes a client that sent no heartbeat for {@code example.heartbeat-timeout} as disconnected and
 * reports it, as of the moment its heartbeats stopped counting. Several nodes may sweep at once:
 * only the node whose update flips a client reports it.
 *
 * <p>Thread-safe.
 */
@Component
class HeartbeatMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatMonitor.class);

    private final AlarmEngine engine;
    private final JdbcClient sql;
    private final TransactionTemplate transactions;
    private final Duration timeout;
    private final Clock clock = Clock.systemUTC();

    HeartbeatMonitor(AlarmEngine engine, JdbcClient sql, TransactionTemplate transactions,
                     @Value("${example.heartbeat-timeout}") Duration timeout) {
        this.engine = engine;
        this.sql = sql;
        this.transactions = transactions;
        this.timeout = timeout;
    }

    @Scheduled(fixedDelayString = "${example.heartbeat-check:PT15S}")
    void sweep() {
        sweep(clock.instant());
    }

    /**
     * Reports every client silent for longer than the timeout at an instant.
     *
     * @param now the instant
     * @return the clients reported
     */
    List<String> sweep(Instant now) {
        Timestamp silentSince = Timestamp.from(now.minus(timeout));
        List<String> silent = sql.sql("SELECT instance_id FROM backup_clients WHERE connected AND last_heartbeat < ?")
                .param(silentSince).query(String.class).list();
        return silent.stream().filter(instance -> Boolean.TRUE.equals(transactions.execute(status -> {
            int flipped = sql.sql("UPDATE backup_clients SET connected = FALSE WHERE instance_id = ? AND connected "
                    + "AND last_heartbeat < ?").params(instance, silentSince).update();
            if (flipped == 0) {
                return false; // a heartbeat came in, or another node took it
            }
            Instant lastSeen = sql.sql("SELECT last_heartbeat FROM backup_clients WHERE instance_id = ?")
                    .param(instance).query(Timestamp.class).single().toInstant();
            try {
                engine.report(new AlarmEvent.ClientDisconnected(instance, lastSeen.plus(timeout)));
            } catch (NotFoundException e) {
                LOG.warn("Client {} is not an instance of the alarm configuration; not reported", SafeText.escape(instance));
            }
            return true;
        }))).toList();
    }
}
