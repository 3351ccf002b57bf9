package io.backupalarm.examples.docs;

import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.spi.Channel;
import io.backupalarm.store.jdbc.JdbcStore;
import java.time.Duration;
import javax.sql.DataSource;

/** The code shown in {@code docs/deployment.md}. */
public final class DeploymentSnippets {

    private DeploymentSnippets() {
    }

    /**
     * One node's engine and administration on the shared database.
     *
     * @param dataSource the node's connection pool
     * @param email the email channel
     * @param sms the SMS channel
     * @return the node's engine and administration
     */
    public static Node node(DataSource dataSource, Channel email, Channel sms) {
        JdbcStore store = JdbcStore.builder(dataSource)   // a pool: at least senderThreads + 2 connections
                .claimLease(Duration.ofMinutes(2))        // longer than any channel's longest send
                .build()
                .migrate();                               // creates or upgrades the schema (Flyway)
        AlarmEngine engine = AlarmEngine.builder()
                .configuration(store.configuration())
                .alarmStore(store.alarms())
                .outbox(store.outbox())
                .silences(store.silences())
                .channel(email)
                .channel(sms)
                .build();
        ConfigurationAdmin admin = ConfigurationAdmin.on(store.configuration());
        return new Node(engine, admin);
    }

    /**
     * What a node uses.
     *
     * @param engine the node's engine; close it when the node stops
     * @param admin the administration service on the shared configuration
     */
    public record Node(AlarmEngine engine, ConfigurationAdmin admin) {
    }
}
