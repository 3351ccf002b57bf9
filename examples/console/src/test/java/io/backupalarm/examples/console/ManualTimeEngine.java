package io.backupalarm.examples.console;

import io.backupalarm.delivery.MessageTemplates;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmListener;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.ManualTime;
import io.backupalarm.spi.AlarmStore;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.HistoryStore;
import io.backupalarm.spi.OutboxStore;
import io.backupalarm.spi.SilenceStore;
import io.backupalarm.spring.boot.BackupAlarmChannels;
import io.backupalarm.spring.boot.BackupAlarmProperties;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The example's engine as the auto-configuration builds it, but on a {@link ManualClock}: the
 * tests make an alarm fire by moving the clock past the grace period, without waiting.
 */
@TestConfiguration(proxyBeanMethods = false)
class ManualTimeEngine {

    @Bean
    ManualClock manualClock() {
        return new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    @Bean(destroyMethod = "close")
    AlarmEngine backupAlarmEngine(ManualClock clock, BackupAlarmProperties properties, ConfigurationStore configuration,
                                  AlarmStore alarms, OutboxStore outbox, SilenceStore silences, BackupAlarmChannels channels,
                                  MessageTemplates templates, ObjectProvider<AlarmListener> listeners,
                                  HistoryStore history) {
        AlarmEngine.Builder builder = AlarmEngine.builder()
                .configuration(configuration)
                .alarmStore(alarms)
                .outbox(outbox)
                .silences(silences)
                .history(history)
                .settings(properties.alarmSettings())
                .delivery(properties.deliverySettings())
                .templates(templates)
                .manualTime(clock);
        channels.channels().values().forEach(builder::channel);
        listeners.orderedStream().forEach(builder::listener);
        return builder.build();
    }

    @Bean
    ManualTime manualTime(AlarmEngine engine) {
        return ManualTime.of(engine);
    }
}
