package io.backupalarm.spring.boot;

import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.spi.OutboxStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Properties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The engine in Spring Boot Actuator: a health indicator ({@code backupAlarm}, switched off by
 * {@code management.health.backup-alarm.enabled=false}) and an {@code info} contribution
 * ({@code backup-alarm}, switched off by {@code management.info.backup-alarm.enabled=false}).
 * Each is built only when its Spring Boot module is on the class path and the application has no
 * bean of that type.
 *
 * <p><b>Thread safety.</b> A Spring configuration; the beans it builds are thread-safe.
 */
@AutoConfiguration(after = BackupAlarmAutoConfiguration.class)
@ConditionalOnBean(AlarmEngine.class)
public class BackupAlarmActuatorAutoConfiguration {

    /** Creates the configuration; Spring calls it. */
    public BackupAlarmActuatorAutoConfiguration() {
    }

    /** The health indicator. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @ConditionalOnEnabledHealthIndicator("backup-alarm")
    static class HealthConfiguration {
        @Bean
        @ConditionalOnMissingBean
        BackupAlarmHealthIndicator backupAlarmHealthIndicator(AlarmEngine engine) {
            return new BackupAlarmHealthIndicator(engine, Clock.systemUTC());
        }
    }

    /** The info contribution. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.info.InfoContributor")
    @ConditionalOnBooleanProperty(name = "management.info.backup-alarm.enabled", matchIfMissing = true)
    static class InfoConfiguration {
        @Bean
        @ConditionalOnMissingBean
        BackupAlarmInfoContributor backupAlarmInfoContributor(BackupAlarmChannels channels, OutboxStore outbox,
                                                              ObjectProvider<StoreNode> node) {
            String type = outbox.getClass().getName();
            String store = type.startsWith("io.backupalarm.store.jdbc.") ? "jdbc"
                    : type.startsWith("io.backupalarm.internal.") ? "memory" : type;
            StoreNode shared = node.getIfAvailable();
            return new BackupAlarmInfoContributor(version(), store, shared == null ? null : shared.id(),
                    channels.channels().keySet());
        }
    }

    /** The library's version, written into the jar at build time. */
    static String version() {
        try (InputStream in = BackupAlarmActuatorAutoConfiguration.class.getResourceAsStream("/META-INF/backup-alarm-spring-boot.properties")) {
            if (in == null) {
                throw new IllegalStateException("META-INF/backup-alarm-spring-boot.properties is missing from the jar");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
