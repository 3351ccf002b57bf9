package io.backupalarm.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.backupalarm.config.Account;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.Vault;
import io.backupalarm.delivery.MessageTemplates;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmListener;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.spi.AlarmStore;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.spi.OutboxStore;
import io.backupalarm.spi.SecretResolver;
import io.backupalarm.spi.SilenceStore;
import io.backupalarm.spi.VerificationStore;
import io.backupalarm.store.jdbc.JdbcStore;
import io.backupalarm.testkit.RecordingChannel;
import io.backupalarm.verification.VerificationService;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;

/** Every condition and property of the auto-configuration, on a context built per test. */
class BackupAlarmAutoConfigurationTest {

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP);

    private static final AutoConfigurations BACKUP_ALARM = AutoConfigurations.of(BackupAlarmStoreAutoConfiguration.class,
            BackupAlarmAutoConfiguration.class, BackupAlarmActuatorAutoConfiguration.class);

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(BACKUP_ALARM);

    private final ApplicationContextRunner withH2 = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    BackupAlarmStoreAutoConfiguration.class, BackupAlarmAutoConfiguration.class,
                    BackupAlarmActuatorAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + "ctx" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");

    // --- beans and stores

    @Test
    void withoutDataSourceEveryBeanIsBuiltOnStoresInMemory() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            for (Class<?> type : new Class<?>[] {AlarmEngine.class, ConfigurationAdmin.class, VerificationService.class,
                    SecretResolver.class, MessageTemplates.class, BackupAlarmChannels.class, BackupAlarmLifecycle.class,
                    ConfigurationStore.class, AlarmStore.class, OutboxStore.class, SilenceStore.class,
                    VerificationStore.class, BackupAlarmHealthIndicator.class, BackupAlarmInfoContributor.class}) {
                assertThat(context).as(type.getSimpleName()).hasSingleBean(type);
            }
            assertThat(context).doesNotHaveBean(JdbcStore.class);
            assertThat(context.getBean(OutboxStore.class).getClass().getName()).startsWith("io.backupalarm.internal.InMemory");
            assertThat(context.getBean(AlarmEngine.class).health().healthy()).isTrue();
        });
    }

    @Test
    void withDataSourceTheJdbcStoreRunsItsOwnMigrations() {
        withH2.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(JdbcStore.class);
            JdbcStore store = context.getBean(JdbcStore.class);
            assertThat(context.getBean(ConfigurationStore.class)).isSameAs(store.configuration());
            assertThat(context.getBean(OutboxStore.class)).isSameAs(store.outbox());
            assertThat(context.getBean(AlarmStore.class)).isSameAs(store.alarms());
            assertThat(context.getBean(SilenceStore.class)).isSameAs(store.silences());
            assertThat(context.getBean(VerificationStore.class)).isSameAs(store.verifications());
            JdbcTemplate sql = new JdbcTemplate(context.getBean(DataSource.class));
            assertThat(sql.queryForObject("SELECT COUNT(*) FROM \"" + JdbcStore.HISTORY_TABLE + "\" WHERE \"success\"",
                    Integer.class)).isGreaterThanOrEqualTo(4);
        });
    }

    @Test
    void theConfiguredChannelsSignWithTheApplicationsSecretResolver() {
        SecretResolver hosts = SecretResolver.of(Map.of("ops-hook", "whsec_not-a-real-secret"));
        runner.withBean(SecretResolver.class, () -> hosts)
                .withPropertyValues("backup-alarm.channels.probe.label=signed")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    var probe = (ProbeChannelProvider.Probe) context.getBean(BackupAlarmChannels.class).channels()
                            .get("probe");
                    assertThat(probe.secrets).isSameAs(hosts);
                });
    }

    @Test
    void withDataSourceTheEngineWritesItsHistoryIntoTheDatabase() {
        withH2.run(context -> {
            ConfigurationAdmin admin = context.getBean(ConfigurationAdmin.class);
            admin.createAccount(new Account("acme", EmailAddress.of("ops@acme.example"), null));
            admin.createVault(new Vault("v1", "acme", null));
            admin.createInstance(new Instance("i-1", "v1", null));
            context.getBean(AlarmEngine.class).report(new AlarmEvent.ClientDisconnected("i-1", Instant.now()));
            JdbcTemplate sql = new JdbcTemplate(context.getBean(DataSource.class));
            assertThat(sql.queryForList("SELECT event, node FROM ba_alarm_history WHERE instance_id = 'i-1'"))
                    .singleElement().satisfies(row -> {
                        assertThat(row.get("EVENT")).isEqualTo("OPENED");
                        assertThat(row.get("NODE")).isEqualTo(context.getBean(JdbcStore.class).nodeId());
                    });
        });
    }

    @Test
    void theHostsFlywayAndTheStoresMigrationsKeepTheirOwnHistory() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
                        BackupAlarmStoreAutoConfiguration.class, BackupAlarmAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:flyway" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                        "spring.flyway.locations=classpath:db/host")
                // A host bean that needs the engine early still waits for the host's migrations.
                .withUserConfiguration(EarlyEngineUser.class)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(JdbcStore.class);
                    JdbcTemplate sql = new JdbcTemplate(context.getBean(DataSource.class));
                    // The host's Flyway ran on an empty schema, before the store's tables were created.
                    assertThat(sql.queryForList("SELECT \"script\" FROM \"flyway_schema_history\" WHERE \"type\" = 'SQL'", String.class))
                            .containsExactly("V1__host_tables.sql");
                    assertThat(sql.queryForList("SELECT \"script\" FROM \"" + JdbcStore.HISTORY_TABLE + "\"", String.class))
                            .contains("V1__configuration.sql").doesNotContain("V1__host_tables.sql");
                    assertThat(sql.queryForObject("SELECT COUNT(*) FROM host_clients", Integer.class)).isZero();
                });
    }

    @Test
    void migrateOffLeavesTheSchemaAlone() {
        withH2.withPropertyValues("backup-alarm.store.migrate=false", "backup-alarm.enabled=true")
                .withBean("backupAlarmEngine", AlarmEngine.class, () -> AlarmEngine.builder()
                        .configuration(ConfigurationStore.inMemory()).build())
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(JdbcStore.class);
                    JdbcTemplate sql = new JdbcTemplate(context.getBean(DataSource.class));
                    assertThat(sql.queryForObject("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE "
                            + "LOWER(TABLE_NAME) LIKE 'ba_%'", Integer.class)).isZero();
                });
    }

    @Test
    void storeTypeMemoryIgnoresTheDataSource() {
        withH2.withPropertyValues("backup-alarm.store.type=memory").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(JdbcStore.class).hasSingleBean(OutboxStore.class);
            assertThat(context.getBean(OutboxStore.class).getClass().getName()).startsWith("io.backupalarm.internal.InMemory");
        });
    }

    @Test
    void storeTypeJdbcWithoutDataSourceFailsNamingTheProperty() {
        runner.withPropertyValues("backup-alarm.store.type=jdbc").run(context -> assertThat(context).getFailure()
                .rootCause().hasMessageContaining("backup-alarm.store.type=jdbc").hasMessageContaining("none"));
    }

    @Test
    void severalDataSourcesWithoutAPrimaryOneFailNamingTheStore() {
        runner.withBean("first", DataSource.class, () -> h2("first"))
                .withBean("second", DataSource.class, () -> h2("second"))
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("backup-alarm.store.type=auto").hasMessageContaining("several"));
    }

    private static DataSource h2(String name) {
        org.h2.jdbcx.JdbcDataSource dataSource = new org.h2.jdbcx.JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + name + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        return dataSource;
    }

    @Test
    void nodeIdAndClaimLeaseReachTheJdbcStore() {
        withH2.withPropertyValues("backup-alarm.store.node-id=node-a", "backup-alarm.store.claim-lease=45s").run(context -> {
            JdbcStore store = context.getBean(JdbcStore.class);
            assertThat(store.nodeId()).isEqualTo("node-a");
            assertThat(store.claimLease()).isEqualTo(Duration.ofSeconds(45));
        });
    }

    @Test
    void disabledBuildsNothing() {
        withH2.withPropertyValues("backup-alarm.enabled=false").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(AlarmEngine.class).doesNotHaveBean(JdbcStore.class)
                    .doesNotHaveBean(ConfigurationStore.class).doesNotHaveBean(BackupAlarmHealthIndicator.class);
        });
    }

    @Test
    void everyBeanCanBeReplacedByTheHost() {
        ConfigurationStore configuration = ConfigurationStore.inMemory();
        AlarmStore alarms = AlarmStore.inMemory();
        OutboxStore outbox = OutboxStore.inMemory();
        SilenceStore silences = SilenceStore.inMemory();
        VerificationStore verifications = VerificationStore.inMemory();
        SecretResolver secrets = SecretResolver.of(Map.of("ding", "s3cret-value"));
        MessageTemplates templates = MessageTemplates.builtIn().with(Locale.ENGLISH, "TEST.email.subject", "Host test");
        ConfigurationAdmin admin = ConfigurationAdmin.on(configuration);
        VerificationService verification = VerificationService.builder().configuration(configuration).build();
        withH2.withBean(ConfigurationStore.class, () -> configuration)
                .withBean(AlarmStore.class, () -> alarms)
                .withBean(OutboxStore.class, () -> outbox)
                .withBean(SilenceStore.class, () -> silences)
                .withBean(VerificationStore.class, () -> verifications)
                .withBean(SecretResolver.class, () -> secrets)
                .withBean(MessageTemplates.class, () -> templates)
                .withBean(ConfigurationAdmin.class, () -> admin)
                .withBean(VerificationService.class, () -> verification)
                .withBean("hostHealth", BackupAlarmHealthIndicator.class,
                        () -> new BackupAlarmHealthIndicator(AlarmEngine.builder().configuration(configuration).build(),
                                Clock.systemUTC()))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ConfigurationStore.class)).isSameAs(configuration);
                    assertThat(context.getBean(AlarmStore.class)).isSameAs(alarms);
                    assertThat(context.getBean(OutboxStore.class)).isSameAs(outbox);
                    assertThat(context.getBean(SilenceStore.class)).isSameAs(silences);
                    assertThat(context.getBean(VerificationStore.class)).isSameAs(verifications);
                    assertThat(context.getBean(SecretResolver.class)).isSameAs(secrets);
                    assertThat(context.getBean(MessageTemplates.class)).isSameAs(templates);
                    assertThat(context.getBean(ConfigurationAdmin.class)).isSameAs(admin);
                    assertThat(context.getBean(VerificationService.class)).isSameAs(verification);
                    assertThat(context).getBeans(BackupAlarmHealthIndicator.class).containsOnlyKeys("hostHealth");
                    // The engine built on the host's stores: an alarm reported lands in the host's alarm store.
                    admin.createAccount(new Account("acme", EmailAddress.of("ops@acme.example"), null));
                    admin.createVault(new Vault("v1", "acme", null));
                    admin.createInstance(new Instance("i-1", "v1", null));
                    context.getBean(AlarmEngine.class).report(new AlarmEvent.ClientDisconnected("i-1", Instant.now()));
                    assertThat(alarms.all()).hasSize(1);
                });
    }

    @Test
    void theHostsEngineAndJdbcStoreReplaceOurs() {
        org.h2.jdbcx.JdbcDataSource hostDatabase = new org.h2.jdbcx.JdbcDataSource();
        hostDatabase.setURL("jdbc:h2:mem:host" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        withH2.withBean("hostStore", JdbcStore.class, () -> JdbcStore.builder(hostDatabase).nodeId("host-node").build().migrate())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).getBeans(JdbcStore.class).containsOnlyKeys("hostStore");
                    assertThat(context.getBean(OutboxStore.class)).isSameAs(context.getBean(JdbcStore.class).outbox());
                });
        AlarmEngine engine = AlarmEngine.builder().configuration(ConfigurationStore.inMemory()).build();
        runner.withBean("hostEngine", AlarmEngine.class, () -> engine).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).getBeans(AlarmEngine.class).containsOnlyKeys("hostEngine");
            assertThat(context.getBean(BackupAlarmHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
        });
    }

    // --- properties

    @Test
    void propertiesReachTheEngineWithRelaxedBinding() {
        runner.withPropertyValues("backup-alarm.alarm.disconnectGracePeriod=5m",
                        "backup-alarm.alarm.backup_failure_grace_period=PT2H",
                        "backup-alarm.alarm.repeat-interval=3h",
                        "backup-alarm.alarm.notify-on-resolved=true",
                        "backup-alarm.alarm.inhibit-backup-failures-while-disconnected=false",
                        "backup-alarm.delivery.max-attempts=3", "backup-alarm.delivery.sender-threads=1",
                        "backup-alarm.verification.code-length=8")
                .withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                        new SystemEnvironmentPropertySource("test-systemEnvironment", Map.of("BACKUPALARM_ALARM_GROUPWAIT", "0s"))))
                .run(context -> {
                    BackupAlarmProperties properties = context.getBean(BackupAlarmProperties.class);
                    AlarmSettings settings = properties.alarmSettings();
                    assertThat(settings.disconnectGracePeriod()).isEqualTo(Duration.ofMinutes(5));
                    assertThat(settings.gracePeriod(AlarmType.BACKUP_FAILED)).isEqualTo(Duration.ofHours(2));
                    assertThat(settings.repeatInterval()).contains(Duration.ofHours(3));
                    assertThat(settings.notifyOnResolved()).isTrue();
                    assertThat(settings.groupWait()).isZero();
                    assertThat(settings.inhibitBackupFailuresWhileDisconnected()).isFalse();
                    assertThat(properties.deliverySettings().maxAttempts()).isEqualTo(3);
                    assertThat(properties.deliverySettings().senderThreads()).isEqualTo(1);
                    assertThat(properties.verificationSettings().codeLength()).isEqualTo(8);
                });
    }

    @Test
    void everyDeliveryAndVerificationPropertyReachesItsSetting() {
        runner.withPropertyValues("backup-alarm.delivery.max-attempts=4", "backup-alarm.delivery.initial-backoff=3s",
                        "backup-alarm.delivery.backoff-multiplier=3.5", "backup-alarm.delivery.jitter=0.25",
                        "backup-alarm.delivery.max-backoff=10m", "backup-alarm.delivery.sender-threads=3",
                        "backup-alarm.delivery.queue-capacity=500", "backup-alarm.delivery.sent-retention=2d",
                        "backup-alarm.delivery.sweep-interval=10s", "backup-alarm.delivery.send-timeout=20s",
                        "backup-alarm.delivery.close-wait=30s",
                        "backup-alarm.verification.code-length=7", "backup-alarm.verification.code-validity=15m",
                        "backup-alarm.verification.max-wrong-tries=3", "backup-alarm.verification.resend-interval=2m",
                        "backup-alarm.verification.send-attempts=2", "backup-alarm.verification.send-retry-wait=2s")
                .run(context -> {
                    BackupAlarmProperties properties = context.getBean(BackupAlarmProperties.class);
                    var delivery = properties.deliverySettings();
                    assertThat(delivery.maxAttempts()).isEqualTo(4);
                    assertThat(delivery.initialBackoff()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(delivery.backoffMultiplier()).isEqualTo(3.5);
                    assertThat(delivery.jitter()).isEqualTo(0.25);
                    assertThat(delivery.maxBackoff()).isEqualTo(Duration.ofMinutes(10));
                    assertThat(delivery.senderThreads()).isEqualTo(3);
                    assertThat(delivery.queueCapacity()).isEqualTo(500);
                    assertThat(delivery.sentRetention()).isEqualTo(Duration.ofDays(2));
                    assertThat(delivery.sweepInterval()).isEqualTo(Duration.ofSeconds(10));
                    assertThat(delivery.sendTimeout()).isEqualTo(Duration.ofSeconds(20));
                    assertThat(delivery.closeWait()).isEqualTo(Duration.ofSeconds(30));
                    var verification = properties.verificationSettings();
                    assertThat(verification.codeLength()).isEqualTo(7);
                    assertThat(verification.codeValidity()).isEqualTo(Duration.ofMinutes(15));
                    assertThat(verification.maxWrongTries()).isEqualTo(3);
                    assertThat(verification.resendInterval()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(verification.sendAttempts()).isEqualTo(2);
                    assertThat(verification.sendRetryWait()).isEqualTo(Duration.ofSeconds(2));
                });
    }

    @Test
    void withoutTheirModulesTheJdbcStoreHealthAndInfoStepAside() {
        withH2.withClassLoader(new FilteredClassLoader(JdbcStore.class)).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(JdbcStore.class).hasSingleBean(AlarmEngine.class);
            assertThat(context.getBean(OutboxStore.class).getClass().getName()).startsWith("io.backupalarm.internal.InMemory");
        });
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class, InfoContributor.class)).run(context ->
                assertThat(context).hasNotFailed().hasSingleBean(AlarmEngine.class)
                        .doesNotHaveBean(BackupAlarmHealthIndicator.class).doesNotHaveBean(BackupAlarmInfoContributor.class));
    }

    @Test
    void leftOutPropertiesKeepTheLibrarysDefaults() {
        runner.run(context -> {
            BackupAlarmProperties properties = context.getBean(BackupAlarmProperties.class);
            assertThat(properties.alarmSettings()).isEqualTo(AlarmSettings.ofDefaults());
            assertThat(properties.deliverySettings().maxAttempts()).isEqualTo(8);
            assertThat(properties.verificationSettings().codeLength()).isEqualTo(6);
        });
    }

    @Test
    void badPropertiesFailStartupNamingTheKey() {
        Map<String, String> bad = Map.ofEntries(
                Map.entry("backup-alarm.alarm.group-wait=2h", "backup-alarm.alarm.group-wait"),
                Map.entry("backup-alarm.alarm.disconnect-grace-period=-5m", "backup-alarm.alarm.disconnect-grace-period"),
                Map.entry("backup-alarm.alarm.repeat-interval=10s", "backup-alarm.alarm.repeat-interval"),
                Map.entry("backup-alarm.delivery.max-attempts=0", "backup-alarm.delivery.max-attempts"),
                Map.entry("backup-alarm.delivery.jitter=1.5", "backup-alarm.delivery.jitter"),
                Map.entry("backup-alarm.delivery.close-wait=-1s", "backup-alarm.delivery.close-wait"),
                Map.entry("backup-alarm.delivery.max-backoff=1s", "backup-alarm.delivery"),
                Map.entry("backup-alarm.verification.code-length=3", "backup-alarm.verification.code-length"),
                Map.entry("backup-alarm.store.node-id= ", "backup-alarm.store.node-id"),
                Map.entry("backup-alarm.store.claim-lease=0s", "backup-alarm.store.claim-lease"),
                Map.entry("backup-alarm.alarm.group-wait=soon", "backup-alarm.alarm.group-wait"),
                Map.entry("backup-alarm.store.type=disk", "backup-alarm.store.type"),
                Map.entry("backup-alarm.alarm.grace=1h", "backup-alarm.alarm.grace"),
                Map.entry("backup-alarm.templates.en.[NO.SUCH.key]=x", "backup-alarm.templates.en.[NO.SUCH.key]"),
                Map.entry("backup-alarm.templates.english.[TEST.email.subject]=x", "backup-alarm.templates.english"),
                Map.entry("backup-alarm.channels.pager.number=1", "backup-alarm.channels.pager"),
                Map.entry("backup-alarm.channels.probe.attempts=2", "backup-alarm.channels.probe.label"),
                Map.entry("backup-alarm.channels.probe.lable=x", "backup-alarm.channels.probe"),
                Map.entry("backup-alarm.channels.email.from=alarms@example.com", "backup-alarm.channels.email.smtp-host"));
        bad.forEach((property, key) -> runner.withPropertyValues(property).run(context -> {
            assertThat(context).as(property).hasFailed();
            assertThat(messages(context.getStartupFailure())).as(property).contains(key);
        }));
    }

    @Test
    void aSecretInAChannelSettingIsNeverShown() {
        runner.withPropertyValues("backup-alarm.channels.sms.gateway=webhook",
                        "backup-alarm.channels.sms.webhook-url=https://relay.example/sms",
                        "backup-alarm.channels.sms.webhook-secret=short\u0001secret")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure())).contains("backup-alarm.channels.sms.webhook-secret")
                            .doesNotContain("short");
                });
    }

    @Test
    void templatesFromPropertiesReplaceTheBuiltInOnes() {
        runner.withPropertyValues("backup-alarm.templates.en.[TEST.email.subject]=Test from {account}",
                        "backup-alarm.templates.zh.[TEST.email.subject]=测试 {account}")
                .run(context -> {
                    MessageTemplates templates = context.getBean(MessageTemplates.class);
                    assertThat(templates.render(Locale.ENGLISH, OutboundMessage.Kind.TEST, null, Channel.EMAIL,
                            Map.of("account", "acme")).subject()).isEqualTo("Test from acme");
                    assertThat(templates.render(Locale.CHINESE, OutboundMessage.Kind.TEST, null, Channel.EMAIL,
                            Map.of("account", "acme")).subject()).isEqualTo("测试 acme");
                });
    }

    // --- channels and lifecycle

    @Test
    void anAlarmFiresThroughTheEmailChannelConfiguredByProperties() {
        runner.withPropertyValues("backup-alarm.alarm.disconnect-grace-period=0s", "backup-alarm.alarm.group-wait=0s",
                        "backup-alarm.channels.email.smtp-host=127.0.0.1",
                        "backup-alarm.channels.email.smtp-port=" + MAIL.getSmtp().getPort(),
                        "backup-alarm.channels.email.smtp-security=none",
                        "backup-alarm.channels.email.smtp-ehlo-name=localhost",
                        "backup-alarm.channels.email.from=alarms@backup.example")
                .run(context -> {
                    ConfigurationAdmin admin = context.getBean(ConfigurationAdmin.class);
                    admin.createAccount(new Account("acme", EmailAddress.of("ops@acme.example"), null));
                    admin.createVault(new Vault("v1", "acme", null));
                    admin.createInstance(new Instance("i-web1", "v1", null));
                    context.getBean(AlarmEngine.class).report(new AlarmEvent.ClientDisconnected("i-web1", Instant.now()));
                    assertThat(MAIL.waitForIncomingEmail(30_000, 1)).isTrue();
                    MimeMessage mail = MAIL.getReceivedMessages()[0];
                    assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ops@acme.example");
                    assertThat(mail.getSubject()).contains("i-web1");
                    assertThat(context.getBean(BackupAlarmInfoContributor.class)).satisfies(info -> {
                        Info.Builder builder = new Info.Builder();
                        info.contribute(builder);
                        @SuppressWarnings("unchecked")
                        Map<String, Object> details = (Map<String, Object>) builder.build().get("backup-alarm");
                        assertThat(details).containsEntry("store", "memory").containsKey("version")
                                .doesNotContainKey("node");
                        assertThat(details.get("channels")).isEqualTo(java.util.List.of("email"));
                    });
                });
    }

    @Test
    void theHostsChannelsAndListenersJoinTheConfiguredOnes() {
        RecordingChannel recording = new RecordingChannel(Channel.EMAIL, Clock.systemUTC());
        CountDownLatch sent = new CountDownLatch(1);
        Channel hostEmail = new Channel() {
            @Override
            public String name() {
                return Channel.EMAIL;
            }

            @Override
            public DeliveryResult send(OutboundMessage message) {
                DeliveryResult result = recording.send(message);
                sent.countDown();
                return result;
            }
        };
        CountDownLatch listened = new CountDownLatch(1);
        AlarmListener listener = new AlarmListener() {
            @Override
            public void onFired(io.backupalarm.lifecycle.OpenAlarm alarm) {
                listened.countDown();
            }
        };
        ProbeChannelProvider.CREATED.clear();
        runner.withPropertyValues("backup-alarm.alarm.disconnect-grace-period=0s", "backup-alarm.alarm.group-wait=0s",
                        "backup-alarm.channels.probe.label=from-properties",
                        // The host's email channel bean replaces these settings, which are never read.
                        "backup-alarm.channels.email.from=alarms@example.com")
                .withBean("hostEmail", Channel.class, () -> hostEmail)
                .withBean(AlarmListener.class, () -> listener)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(BackupAlarmChannels.class).channels()).containsOnlyKeys("email", "probe")
                            .containsEntry("email", hostEmail);
                    ConfigurationAdmin admin = context.getBean(ConfigurationAdmin.class);
                    admin.createAccount(new Account("acme", EmailAddress.of("ops@acme.example"), null));
                    admin.createVault(new Vault("v1", "acme", null));
                    admin.createInstance(new Instance("i-web1", "v1", null));
                    context.getBean(AlarmEngine.class).report(new AlarmEvent.ClientDisconnected("i-web1", Instant.now()));
                    assertThat(sent.await(30, TimeUnit.SECONDS)).isTrue();
                    assertThat(listened.await(30, TimeUnit.SECONDS)).isTrue();
                    assertThat(recording.sent()).extracting(one -> one.message().address()).containsExactly("ops@acme.example");
                });
        assertThat(ProbeChannelProvider.CREATED).hasSize(1);
        assertThat(ProbeChannelProvider.CREATED.get(0).label).isEqualTo("from-properties");
    }

    @Test
    void closingTheContextStopsTheEngineAndClosesTheChannelsItCreated() {
        ProbeChannelProvider.CREATED.clear();
        RecordingChannel hostChannel = new RecordingChannel("host", Clock.systemUTC());
        AlarmEngine[] engine = new AlarmEngine[1];
        BackupAlarmHealthIndicator[] health = new BackupAlarmHealthIndicator[1];
        runner.withPropertyValues("backup-alarm.channels.probe.label=closing")
                .withBean("hostChannel", Channel.class, () -> hostChannel)
                .run(context -> {
                    engine[0] = context.getBean(AlarmEngine.class);
                    health[0] = context.getBean(BackupAlarmHealthIndicator.class);
                    assertThat(health[0].health().getStatus()).isEqualTo(Status.UP);
                    assertThat(context.getBean(BackupAlarmLifecycle.class).isRunning()).isTrue();
                    assertThat(ProbeChannelProvider.CREATED.get(0).closed).isFalse();
                });
        assertThat(ProbeChannelProvider.CREATED.get(0).closed).isTrue();
        assertThatThrownBy(() -> engine[0].report(new AlarmEvent.ClientDisconnected("i-1", Instant.now())))
                .isInstanceOf(IllegalStateException.class);
        assertThat(engine[0].health().schedulerRunning()).isFalse();
        assertThat(health[0].health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health[0].health().getDetails()).containsEntry("schedulerRunning", false).containsKey("outboxBacklog");
    }

    @Test
    void aContextStoppedAndStartedAgainKeepsAWorkingEngine() {
        runner.run(context -> {
            AlarmEngine engine = context.getBean(AlarmEngine.class);
            context.stop(); // as a paused test context is
            assertThat(context.getBean(BackupAlarmLifecycle.class).isRunning()).isFalse();
            context.start();
            assertThat(context.getBean(BackupAlarmLifecycle.class).isRunning()).isTrue();
            assertThat(engine.health().schedulerRunning()).isTrue();
            assertThatThrownBy(() -> engine.report(new AlarmEvent.ClientDisconnected("i-none", Instant.now())))
                    .as("open: it refuses the unknown instance, not a closed engine")
                    .isInstanceOf(io.backupalarm.NotFoundException.class);
        });
    }

    @Test
    void healthAndInfoCanBeSwitchedOff() {
        runner.withPropertyValues("management.health.backup-alarm.enabled=false", "management.info.backup-alarm.enabled=false")
                .run(context -> assertThat(context).hasSingleBean(AlarmEngine.class)
                        .doesNotHaveBean(BackupAlarmHealthIndicator.class).doesNotHaveBean(BackupAlarmInfoContributor.class));
    }

    @Test
    void infoNamesTheJdbcStoreAndThisNode() {
        withH2.withPropertyValues("backup-alarm.store.node-id=node-7").run(context -> {
            Info.Builder builder = new Info.Builder();
            context.getBean(BackupAlarmInfoContributor.class).contribute(builder);
            @SuppressWarnings("unchecked")
            Map<String, Object> details = (Map<String, Object>) builder.build().get("backup-alarm");
            assertThat(details).containsEntry("store", "jdbc").containsEntry("node", "node-7");
            assertThat((String) details.get("version")).matches("\\d+\\.\\d+\\.\\d+.*");
        });
    }

    /** A host's configuration whose bean, created before any auto-configured one, needs the engine. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class EarlyEngineUser {
        @org.springframework.context.annotation.Bean
        String hostService(AlarmEngine engine) {
            return "uses " + engine.getClass().getSimpleName();
        }
    }

    static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

}
