package io.backupalarm.examples;

import io.backupalarm.channels.email.EmailChannel;
import io.backupalarm.channels.email.EmailSettings;
import io.backupalarm.channels.email.SmtpSecurity;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.spi.ConfigurationStore;
import java.time.Instant;

/** The alarm function of a backup product: built once at start-up, closed at shut-down. */
public final class BackupAlarms implements AutoCloseable {

    private final ConfigurationAdmin admin;
    private final EmailChannel email;
    private final AlarmEngine engine;

    public BackupAlarms(ConfigurationStore store, String smtpPassword) {  // store: in memory, JdbcStore, or yours
        this.admin = ConfigurationAdmin.on(store);
        this.email = EmailChannel.create(EmailSettings.custom()
                .host("smtp.example.com").port(587).security(SmtpSecurity.STARTTLS)
                .username("alarms").password(smtpPassword)
                .from("alarms@example.com").build());
        this.engine = AlarmEngine.builder().configuration(store).channel(email).build();
    }

    public ConfigurationAdmin admin() {                  // accounts, contacts, groups, vaults, policies
        return admin;
    }

    public void clientDisconnected(String instance) {    // the backup server lost a client
        engine.report(new AlarmEvent.ClientDisconnected(instance, Instant.now()));
    }                                                    // not back within an hour: its owner is told

    public void clientConnected(String instance) {       // back: a pending alarm is cancelled
        engine.report(new AlarmEvent.ClientConnected(instance, Instant.now()));
    }

    public void backupFailed(String instance, String job, String message) {
        engine.report(new AlarmEvent.BackupFailed(instance, job, message, Instant.now()));
    }

    public void backupSucceeded(String instance, String job) {
        engine.report(new AlarmEvent.BackupSucceeded(instance, job, Instant.now()));
    }

    @Override
    public void close() {                                // at shut-down: the engine first, then its channel
        engine.close();
        email.close();
    }
}
