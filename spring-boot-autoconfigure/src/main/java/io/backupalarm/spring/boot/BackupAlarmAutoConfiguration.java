package io.backupalarm.spring.boot;

import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.delivery.MessageTemplates;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmListener;
import io.backupalarm.spi.AlarmStore;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.HistoryStore;
import io.backupalarm.spi.OutboxStore;
import io.backupalarm.spi.SecretResolver;
import io.backupalarm.spi.SilenceStore;
import io.backupalarm.spi.VerificationStore;
import io.backupalarm.verification.VerificationService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The engine and everything around it, from {@code backup-alarm.*}: the channels, the secret
 * resolver, the templates, the {@link AlarmEngine}, the {@link ConfigurationAdmin} and the
 * {@link VerificationService}, each built only when the application has no bean of that type, and
 * the {@link BackupAlarmLifecycle} that stops the engine gracefully with the context. The host's
 * {@link AlarmListener} beans are added to the engine, and its {@link Channel} beans are installed
 * next to the configured channels.
 *
 * <p><b>Thread safety.</b> A Spring configuration; the beans it builds are thread-safe.
 */
@AutoConfiguration(after = BackupAlarmStoreAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "backup-alarm.enabled", matchIfMissing = true)
@EnableConfigurationProperties(BackupAlarmProperties.class)
public class BackupAlarmAutoConfiguration {

    /** Creates the configuration; Spring calls it. */
    public BackupAlarmAutoConfiguration() {
    }

    /**
     * Secrets for signed webhooks and robots, from {@code BACKUP_ALARM_SECRET_<ID>} environment
     * variables.
     *
     * @return {@link SecretResolver#environment()}
     */
    @Bean
    @ConditionalOnMissingBean
    public SecretResolver backupAlarmSecretResolver() {
        return SecretResolver.environment();
    }

    /**
     * The channels configured under {@code backup-alarm.channels} plus the host's channel beans.
     *
     * @param properties the properties
     * @param hostChannels the application's channel beans
     * @param secrets the secret resolver the configured channels sign with
     * @return the channels; Spring closes them after the engine
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public BackupAlarmChannels backupAlarmChannels(BackupAlarmProperties properties, ObjectProvider<Channel> hostChannels,
                                                   SecretResolver secrets) {
        return BackupAlarmChannels.create(properties.getChannels(), hostChannels.orderedStream().toList(), secrets,
                BackupAlarmAutoConfiguration.class.getClassLoader());
    }

    /**
     * The built-in templates with {@code backup-alarm.templates} in their place.
     *
     * @param properties the properties
     * @return the templates
     */
    @Bean
    @ConditionalOnMissingBean
    public MessageTemplates backupAlarmMessageTemplates(BackupAlarmProperties properties) {
        return properties.messageTemplates();
    }

    /**
     * The engine; its scheduler starts at once and picks up what the stores hold.
     *
     * @param properties the properties
     * @param configuration the configuration store
     * @param alarms the alarm store
     * @param outbox the outbox
     * @param silences the silence store
     * @param channels the channels
     * @param templates the templates
     * @param listeners the application's listeners
     * @param history where alarm transitions and delivery attempts are recorded
     * @param node this node's id in the shared store, if the store is shared
     * @return the engine; closed by {@link BackupAlarmLifecycle} or, at the latest, when the
     *         context is destroyed
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public AlarmEngine backupAlarmEngine(BackupAlarmProperties properties, ConfigurationStore configuration,
                                         AlarmStore alarms, OutboxStore outbox, SilenceStore silences,
                                         BackupAlarmChannels channels, MessageTemplates templates,
                                         ObjectProvider<AlarmListener> listeners, HistoryStore history,
                                         ObjectProvider<StoreNode> node) {
        AlarmEngine.Builder builder = AlarmEngine.builder()
                .configuration(configuration)
                .alarmStore(alarms)
                .outbox(outbox)
                .silences(silences)
                .history(history)
                .settings(properties.alarmSettings())
                .delivery(properties.deliverySettings())
                .templates(templates);
        channels.channels().values().forEach(builder::channel);
        listeners.orderedStream().forEach(builder::listener);
        node.ifAvailable(shared -> builder.node(shared.id()));
        return builder.build();
    }

    /**
     * Closes the engine when the context stops, after the web server stopped taking requests.
     *
     * @param engine the engine
     * @return the lifecycle
     */
    @Bean
    @ConditionalOnMissingBean
    public BackupAlarmLifecycle backupAlarmLifecycle(AlarmEngine engine) {
        return new BackupAlarmLifecycle(engine);
    }

    /**
     * Administration of accounts, contacts, groups, vaults and instances, with the integrity rules.
     *
     * @param configuration the configuration store
     * @return the administration
     */
    @Bean
    @ConditionalOnMissingBean
    public ConfigurationAdmin backupAlarmConfigurationAdmin(ConfigurationStore configuration) {
        return ConfigurationAdmin.on(configuration);
    }

    /**
     * Verification of contacts' email addresses and mobile numbers, through the same channels.
     *
     * @param properties the properties
     * @param configuration the configuration store
     * @param store where pending codes are kept
     * @param channels the channels
     * @param templates the templates
     * @param history where each send of a code is recorded (never the code)
     * @param node this node's id in the shared store, if the store is shared
     * @return the service
     */
    @Bean
    @ConditionalOnMissingBean
    public VerificationService backupAlarmVerificationService(BackupAlarmProperties properties,
                                                              ConfigurationStore configuration, VerificationStore store,
                                                              BackupAlarmChannels channels, MessageTemplates templates,
                                                              HistoryStore history, ObjectProvider<StoreNode> node) {
        VerificationService.Builder builder = VerificationService.builder()
                .configuration(configuration)
                .store(store)
                .history(history)
                .settings(properties.verificationSettings())
                .templates(templates);
        channels.channels().values().forEach(builder::channel);
        node.ifAvailable(shared -> builder.node(shared.id()));
        return builder.build();
    }
}
