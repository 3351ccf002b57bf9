package io.backupalarm.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.config.Account;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.Vault;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.micrometer.BackupAlarmMetrics;
import io.backupalarm.spi.AlarmStore;
import io.backupalarm.spi.OutboxStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The meters of backup-alarm-micrometer in the application's registry. */
class BackupAlarmMetricsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BackupAlarmStoreAutoConfiguration.class,
                    BackupAlarmMetricsAutoConfiguration.class, BackupAlarmAutoConfiguration.class));

    @Test
    void withARegistryTheEngineCountsIntoItAndItsHealthIsAGauge() {
        // Closing waits this long for the listener thread's queued calls, the meters among them.
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("backup-alarm.delivery.close-wait=10m").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(BackupAlarmMetrics.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.find("backupalarm.outbox.pending").gauge()).isNotNull();
            assertThat(registry.find("backupalarm.engine.healthy").gauge()).as("watching the engine").isNotNull();

            ConfigurationAdmin admin = context.getBean(ConfigurationAdmin.class);
            admin.createAccount(new Account("acme", EmailAddress.of("ops@acme.example"), null));
            admin.createVault(new Vault("v1", "acme", null));
            admin.createInstance(new Instance("i-web1", "v1", null));
            AlarmEngine engine = context.getBean(AlarmEngine.class);
            engine.report(new AlarmEvent.ClientDisconnected("i-web1", Instant.now()));
            engine.close(); // listeners are called on the engine's listener thread: closing lets it finish
            assertThat(registry.find("backupalarm.events").tag("event", "client_disconnected").counter())
                    .as("counted").isNotNull()
                    .satisfies(counter -> assertThat(counter.count()).isEqualTo(1.0));
        });
    }

    @Test
    void withoutARegistryOrTheModuleNoMetersAreBuilt() {
        runner.run(context -> assertThat(context).hasNotFailed().hasSingleBean(AlarmEngine.class)
                .doesNotHaveBean(BackupAlarmMetrics.class));
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withClassLoader(new FilteredClassLoader(BackupAlarmMetrics.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(BackupAlarmMetrics.class));
    }

    @Test
    void aHostsOwnMetersBeanWins() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean("hostMetrics", BackupAlarmMetrics.class, () -> BackupAlarmMetrics.builder(new SimpleMeterRegistry(),
                        AlarmStore.inMemory(), OutboxStore.inMemory()).build())
                .run(context -> assertThat(context).hasNotFailed().getBeans(BackupAlarmMetrics.class)
                        .containsOnlyKeys("hostMetrics"));
    }
}
