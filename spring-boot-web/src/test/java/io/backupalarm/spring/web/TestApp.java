package io.backupalarm.spring.web;

import java.security.Principal;
import java.time.Instant;
import java.util.Set;

import io.backupalarm.delivery.MessageTemplates;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.spi.AlarmStore;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.HistoryStore;
import io.backupalarm.spi.OutboxStore;
import io.backupalarm.spi.SilenceStore;
import io.backupalarm.spring.boot.BackupAlarmChannels;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The host application of the tests: the library's auto-configuration, an engine on a clock the
 * tests move, and a tenancy rule by name: {@code admin@acme} reads and changes {@code acme},
 * {@code viewer@acme} only reads it, {@code admin@acme+globex} changes both.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class TestApp {

    static final Instant START = Instant.parse("2026-11-30T08:00:00Z");

    @Bean
    ManualClock testClock() {
        return new ManualClock(START);
    }

    @Bean
    AccountAccess accountAccess() {
        return new AccountAccess() {
            @Override
            public Set<String> readableAccounts(Principal principal) {
                return accounts(principal.getName(), true);
            }

            @Override
            public Set<String> changeableAccounts(Principal principal) {
                return accounts(principal.getName(), false);
            }
        };
    }

    static Set<String> accounts(String name, boolean reading) {
        int at = name.indexOf('@');
        if (at < 0) {
            return Set.of();
        }
        String role = name.substring(0, at);
        if (role.equals("admin") || (reading && role.equals("viewer"))) {
            return Set.of(name.substring(at + 1).split("\\+"));
        }
        return Set.of();
    }

    /** The engine the auto-configuration would build, on manual time. */
    @Bean(destroyMethod = "close")
    AlarmEngine backupAlarmEngine(ConfigurationStore configuration, AlarmStore alarms, OutboxStore outbox,
                                  SilenceStore silences, HistoryStore history, BackupAlarmChannels channels,
                                  MessageTemplates templates, ManualClock clock) {
        AlarmEngine.Builder builder = AlarmEngine.builder().configuration(configuration).alarmStore(alarms)
                .outbox(outbox).silences(silences).history(history).templates(templates).manualTime(clock);
        channels.channels().values().forEach(builder::channel);
        return builder.build();
    }
}
