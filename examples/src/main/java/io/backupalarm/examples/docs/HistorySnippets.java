package io.backupalarm.examples.docs;

import io.backupalarm.history.AlarmHistoryEntry;
import io.backupalarm.history.DeliveryRecord;
import io.backupalarm.history.HistoryPage;
import io.backupalarm.history.HistoryQuery;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.spi.Channel;
import io.backupalarm.store.jdbc.JdbcStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The history code shown in {@code docs/operations.md}. */
public final class HistorySnippets {

    private HistorySnippets() {
    }

    /**
     * Logs the last week of an instance's alarm history, newest first, page by page.
     *
     * @param engine the engine
     */
    public static void lastWeekOfAnInstance(AlarmEngine engine) {
        Logger log = LoggerFactory.getLogger(HistorySnippets.class);
        HistoryQuery query = HistoryQuery.builder()
                .instance("i-db1")
                .from(Instant.now().minus(Duration.ofDays(7)))
                .limit(50)
                .build();
        HistoryPage<AlarmHistoryEntry> page = engine.alarmHistory(query);
        page.items().forEach(e -> log.info("{} {} {}: {}", e.at(), e.key(), e.event(), e.detail()));
        while (page.nextCursor().isPresent()) {          // older entries, page by page
            page = engine.alarmHistory(query.toBuilder().after(page.nextCursor().get()).build());
            page.items().forEach(e -> log.info("{} {} {}: {}", e.at(), e.key(), e.event(), e.detail()));
        }
    }

    /**
     * The attempts that gave up on one address since an instant (first page).
     *
     * @param engine the engine
     * @param since the start of the range
     * @return the attempts, newest first
     */
    public static List<DeliveryRecord> deadAttempts(AlarmEngine engine, Instant since) {
        return engine.deliveryHistory(HistoryQuery.builder()
                .address("ops@example.com")
                .outcome(DeliveryRecord.Outcome.DEAD)
                .from(since)
                .build()).items();
    }

    /**
     * An engine whose history is in the database, under the node's name, kept 30 days.
     *
     * @param store the node's store
     * @param email the email channel
     * @return the engine
     */
    public static AlarmEngine engineWithHistory(JdbcStore store, Channel email) {
        return AlarmEngine.builder()
                .configuration(store.configuration())
                .alarmStore(store.alarms())
                .outbox(store.outbox())
                .silences(store.silences())
                .history(store.history())
                .node(store.nodeId())
                .historyRetention(Duration.ofDays(30))
                .channel(email)
                .build();
    }

    /**
     * Every alarm history entry of an account, all pages (for an export).
     *
     * @param engine the engine
     * @param account the account id
     * @return the entries, newest first
     */
    public static List<AlarmHistoryEntry> export(AlarmEngine engine, String account) {
        List<AlarmHistoryEntry> all = new ArrayList<>();
        HistoryQuery query = HistoryQuery.builder().account(account).limit(HistoryQuery.MAX_LIMIT).build();
        HistoryPage<AlarmHistoryEntry> page = engine.alarmHistory(query);
        all.addAll(page.items());
        while (page.nextCursor().isPresent()) {
            page = engine.alarmHistory(query.toBuilder().after(page.nextCursor().get()).build());
            all.addAll(page.items());
        }
        return all;
    }
}
