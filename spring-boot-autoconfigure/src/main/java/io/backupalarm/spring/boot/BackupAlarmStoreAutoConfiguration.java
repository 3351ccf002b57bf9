package io.backupalarm.spring.boot;

import io.backupalarm.spi.AlarmStore;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.OutboxStore;
import io.backupalarm.spi.SilenceStore;
import io.backupalarm.spi.VerificationStore;
import io.backupalarm.spring.boot.internal.HostTransactionDataSource;
import io.backupalarm.spi.HistoryStore;
import io.backupalarm.store.jdbc.JdbcStore;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The stores: on the application's {@link DataSource} through {@link JdbcStore} when there is one
 * (and {@code backup-alarm.store.type} is not {@code memory}), in memory otherwise, with a warning
 * that nothing survives a restart. Every store is a bean of its SPI type, built only when the
 * application has none of its own: a host replaces any store by declaring a bean of that type, or
 * the whole JDBC store by declaring a {@link JdbcStore} bean.
 *
 * <p>The JDBC store runs its own Flyway migrations with its own history table
 * ({@value JdbcStore#HISTORY_TABLE}), after the application's Flyway or Liquibase has run
 * ({@link DependsOnDatabaseInitialization}), so the two never meet.
 *
 * <p><b>Thread safety.</b> A Spring configuration; the beans it builds are thread-safe.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
        "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration"})
@ConditionalOnBooleanProperty(name = "backup-alarm.enabled", matchIfMissing = true)
@EnableConfigurationProperties(BackupAlarmProperties.class)
@Import({BackupAlarmStoreAutoConfiguration.Jdbc.class, BackupAlarmStoreAutoConfiguration.InMemory.class})
public class BackupAlarmStoreAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BackupAlarmStoreAutoConfiguration.class);

    /** Creates the configuration; Spring calls it. */
    public BackupAlarmStoreAutoConfiguration() {
    }

    /** The JDBC store and the stores it offers. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.backupalarm.store.jdbc.JdbcStore", "org.springframework.jdbc.datasource.ConnectionHolder",
            "org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization"})
    @Conditional(JdbcWanted.class)
    @Import(DatabaseInitializationDependencyConfigurer.class)
    static class Jdbc {

        @Bean
        @ConditionalOnMissingBean
        @DependsOnDatabaseInitialization
        JdbcStore backupAlarmJdbcStore(ObjectProvider<DataSource> dataSources, BackupAlarmProperties properties) {
            BackupAlarmProperties.Store settings = properties.getStore();
            DataSource dataSource = dataSources.getIfUnique();
            if (dataSource == null) {
                throw new IllegalStateException("backup-alarm.store.type=" + settings.getType().name().toLowerCase(java.util.Locale.ROOT)
                        + " needs one DataSource (or one marked @Primary), and the application has "
                        + (dataSources.stream().findAny().isPresent() ? "several" : "none")
                        + "; declare a JdbcStore bean to choose, or set backup-alarm.store.type=memory");
            }
            DataSource used = settings.getTransactions() == BackupAlarmProperties.TransactionMode.JOIN
                    ? new HostTransactionDataSource(dataSource) : dataSource;
            JdbcStore.Builder builder = JdbcStore.builder(used).claimLease(settings.getClaimLease());
            if (settings.getNodeId() != null) {
                builder.nodeId(settings.getNodeId());
            }
            JdbcStore store = builder.build();
            if (settings.isMigrate()) {
                store.migrate();
            }
            LOG.info("Stores: JDBC on the application's DataSource, node {}, transactions {}", store.nodeId(),
                    settings.getTransactions().name().toLowerCase(java.util.Locale.ROOT));
            return store;
        }

        @Bean
        StoreNode backupAlarmStoreNode(JdbcStore store) {
            return new StoreNode(store.nodeId());
        }

        @Bean
        @ConditionalOnMissingBean
        ConfigurationStore backupAlarmConfigurationStore(JdbcStore store) {
            return store.configuration();
        }

        @Bean
        @ConditionalOnMissingBean
        AlarmStore backupAlarmAlarmStore(JdbcStore store) {
            return store.alarms();
        }

        @Bean
        @ConditionalOnMissingBean
        OutboxStore backupAlarmOutboxStore(JdbcStore store) {
            return store.outbox();
        }

        @Bean
        @ConditionalOnMissingBean
        SilenceStore backupAlarmSilenceStore(JdbcStore store) {
            return store.silences();
        }

        @Bean
        @ConditionalOnMissingBean
        VerificationStore backupAlarmVerificationStore(JdbcStore store) {
            return store.verifications();
        }

        @Bean
        @ConditionalOnMissingBean
        HistoryStore backupAlarmHistoryStore(JdbcStore store) {
            return store.history();
        }
    }

    /** The stores in memory, for whatever the application and the JDBC store left unset. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(JdbcNotWanted.class)
    static class InMemory {

        @Bean
        @ConditionalOnMissingBean
        ConfigurationStore backupAlarmConfigurationStore() {
            warn("configuration");
            return ConfigurationStore.inMemory();
        }

        @Bean
        @ConditionalOnMissingBean
        AlarmStore backupAlarmAlarmStore() {
            warn("alarm");
            return AlarmStore.inMemory();
        }

        @Bean
        @ConditionalOnMissingBean
        OutboxStore backupAlarmOutboxStore() {
            warn("outbox");
            return OutboxStore.inMemory();
        }

        @Bean
        @ConditionalOnMissingBean
        SilenceStore backupAlarmSilenceStore() {
            warn("silence");
            return SilenceStore.inMemory();
        }

        @Bean
        @ConditionalOnMissingBean
        VerificationStore backupAlarmVerificationStore() {
            warn("verification");
            return VerificationStore.inMemory();
        }

        @Bean
        @ConditionalOnMissingBean
        HistoryStore backupAlarmHistoryStore() {
            warn("history");
            return HistoryStore.inMemory();
        }

        private static void warn(String store) {
            LOG.warn("The backup-alarm {} store is in memory: nothing in it survives a restart. Give the application "
                    + "a DataSource (and backup-alarm-store-jdbc) to keep it in the database.", store);
        }
    }

    /**
     * Whether the JDBC store is wanted: {@code backup-alarm.store.type} is {@code jdbc}, or
     * {@code auto} and the application has a {@link DataSource}.
     */
    static class JdbcWanted extends SpringBootCondition implements ConfigurationCondition {
        @Override
        public ConfigurationPhase getConfigurationPhase() {
            // Decided once the application's and the DataSource auto-configuration's beans are registered.
            return ConfigurationPhase.REGISTER_BEAN;
        }

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return jdbc(context);
        }

        static ConditionOutcome jdbc(ConditionContext context) {
            BackupAlarmProperties.StoreType type = Binder.get(context.getEnvironment())
                    .bind("backup-alarm.store.type", BackupAlarmProperties.StoreType.class)
                    .orElse(BackupAlarmProperties.StoreType.AUTO);
            return switch (type) {
                case JDBC -> ConditionOutcome.match("backup-alarm.store.type is jdbc");
                case MEMORY -> ConditionOutcome.noMatch("backup-alarm.store.type is memory");
                case AUTO -> context.getBeanFactory() != null
                        && context.getBeanFactory().getBeanNamesForType(DataSource.class, true, false).length > 0
                        ? ConditionOutcome.match("the application has a DataSource")
                        : ConditionOutcome.noMatch("the application has no DataSource");
            };
        }
    }

    /**
     * Whether the stores are kept in memory: the JDBC store is not wanted, or its classes
     * ({@code backup-alarm-store-jdbc}, {@code spring-boot-jdbc}) are not on the class path.
     */
    static final class JdbcNotWanted extends JdbcWanted {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            ConditionOutcome jdbc = jdbc(context);
            if (!jdbc.isMatch()) {
                return ConditionOutcome.match(jdbc.getMessage());
            }
            ClassLoader loader = context.getClassLoader();
            for (String type : new String[] {"io.backupalarm.store.jdbc.JdbcStore",
                    "org.springframework.jdbc.datasource.ConnectionHolder",
                    "org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization"}) {
                if (!org.springframework.util.ClassUtils.isPresent(type, loader)) {
                    return ConditionOutcome.match(type + " is not on the class path");
                }
            }
            return ConditionOutcome.noMatch("the JDBC store keeps the data");
        }
    }
}
