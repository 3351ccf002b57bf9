package io.backupalarm.spring.boot;

import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.micrometer.BackupAlarmMetrics;
import io.backupalarm.spi.AlarmStore;
import io.backupalarm.spi.OutboxStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The meters of {@code backup-alarm-micrometer} in the application's {@link MeterRegistry}: a
 * {@link BackupAlarmMetrics} bean, which the engine takes as one of its listeners (counters and the
 * send timer), reading the gauges from the application's alarm store and outbox, and watching the
 * engine's health once the context is up. Built when the module and a registry are present (with
 * Spring Boot Actuator, for example) and the application has no {@code BackupAlarmMetrics} bean.
 *
 * <p><b>Thread safety.</b> A Spring configuration; the beans it builds are thread-safe.
 */
@AutoConfiguration(after = BackupAlarmStoreAutoConfiguration.class, before = BackupAlarmAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(name = {"io.backupalarm.micrometer.BackupAlarmMetrics", "io.micrometer.core.instrument.MeterRegistry"})
@ConditionalOnBean({MeterRegistry.class, AlarmStore.class, OutboxStore.class})
public class BackupAlarmMetricsAutoConfiguration {

    /** Creates the configuration; Spring calls it. */
    public BackupAlarmMetricsAutoConfiguration() {
    }

    /**
     * The meters; the engine adds this bean to its listeners, as it does every {@code AlarmListener} bean.
     *
     * @param registry the application's registry
     * @param alarms the alarm store the engine uses
     * @param outbox the outbox the engine uses
     * @return the meters
     */
    @Bean
    @ConditionalOnMissingBean
    public BackupAlarmMetrics backupAlarmMetrics(MeterRegistry registry, AlarmStore alarms, OutboxStore outbox) {
        return BackupAlarmMetrics.builder(registry, alarms, outbox).build();
    }

    /**
     * Adds the health gauges once every singleton exists: the engine needs the meters as a
     * listener before it is built, and the meters need the engine for its health.
     *
     * @param metrics the meters
     * @param engine the engine, if the application has one
     * @return the callback
     */
    @Bean
    public SmartInitializingSingleton backupAlarmMetricsWatchesTheEngine(BackupAlarmMetrics metrics,
                                                                       ObjectProvider<AlarmEngine> engine) {
        return () -> engine.ifAvailable(metrics::watch);
    }
}
