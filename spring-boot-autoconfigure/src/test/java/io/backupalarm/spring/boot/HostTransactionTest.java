package io.backupalarm.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.NotFoundException;
import io.backupalarm.config.Account;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.Vault;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.OpenAlarm;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * When {@code report()} and the administration run in the host's Spring transaction: with
 * {@code backup-alarm.store.transactions=join} (the default) inside a read-write transaction on the
 * same DataSource, and never with {@code own}, outside a transaction, or in a read-only one.
 */
class HostTransactionTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    BackupAlarmStoreAutoConfiguration.class, BackupAlarmAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=jdbc:h2:mem:tx" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");

    @Test
    void joinedReportCommitsWithTheHostsTransaction() {
        runner.run(context -> {
            AlarmEngine engine = setUp(context);
            TransactionTemplate tx = transactions(context);
            tx.executeWithoutResult(status -> {
                engine.report(new AlarmEvent.ClientDisconnected("i-1", Instant.now()));
                // Inside the transaction the alarm is there; another thread does not see it before the commit.
                assertThat(engine.openAlarms()).hasSize(1);
                assertThat(elsewhere(engine::openAlarms)).isEmpty();
            });
            assertThat(engine.openAlarms()).extracting(alarm -> alarm.key().instance()).containsExactly("i-1");
        });
    }

    @Test
    void joinedReportIsUndoneWhenTheHostsTransactionRollsBack() {
        runner.run(context -> {
            AlarmEngine engine = setUp(context);
            ConfigurationAdmin admin = context.getBean(ConfigurationAdmin.class);
            transactions(context).executeWithoutResult(status -> {
                admin.createInstance(new Instance("i-2", "v1", null));
                engine.report(new AlarmEvent.ClientDisconnected("i-2", Instant.now()));
                assertThat(engine.openAlarms()).hasSize(1);
                status.setRollbackOnly();
            });
            assertThat(engine.openAlarms()).isEmpty();
            assertThat(admin.snapshot().instances()).extracting(Instance::id).containsExactly("i-1");
        });
    }

    @Test
    void withOwnTransactionsTheReportStaysWhenTheHostRollsBack() {
        runner.withPropertyValues("backup-alarm.store.transactions=own").run(context -> {
            AlarmEngine engine = setUp(context);
            transactions(context).executeWithoutResult(status -> {
                engine.report(new AlarmEvent.ClientDisconnected("i-1", Instant.now()));
                assertThat(elsewhere(engine::openAlarms)).hasSize(1);
                status.setRollbackOnly();
            });
            assertThat(engine.openAlarms()).hasSize(1);
        });
    }

    @Test
    void outsideATransactionOrInAReadOnlyOneTheReportCommitsAtOnce() {
        runner.run(context -> {
            AlarmEngine engine = setUp(context);
            engine.report(new AlarmEvent.ClientDisconnected("i-1", Instant.now()));
            assertThat(elsewhere(engine::openAlarms)).hasSize(1);
            TransactionTemplate readOnly = transactions(context);
            readOnly.setReadOnly(true);
            readOnly.executeWithoutResult(status -> {
                engine.report(new AlarmEvent.ClientConnected("i-1", Instant.now()));
                assertThat(elsewhere(engine::openAlarms)).isEmpty();
                status.setRollbackOnly();
            });
            assertThat(engine.openAlarms()).isEmpty();
        });
    }

    @Test
    void aFailedReportLeavesTheHostsTransactionToTheHost() {
        runner.run(context -> {
            AlarmEngine engine = setUp(context);
            ConfigurationAdmin admin = context.getBean(ConfigurationAdmin.class);
            transactions(context).executeWithoutResult(status -> {
                admin.createInstance(new Instance("i-3", "v1", null));
                try {
                    engine.report(new AlarmEvent.ClientDisconnected("no-such-instance", Instant.now()));
                } catch (NotFoundException expected) {
                    // The host decides: it carries on, and its transaction commits what it did.
                }
            });
            assertThat(admin.snapshot().instances()).extracting(Instance::id).containsExactlyInAnyOrder("i-1", "i-3");
        });
    }

    private static AlarmEngine setUp(AssertableApplicationContext context) {
        assertThat(context).hasNotFailed();
        ConfigurationAdmin admin = context.getBean(ConfigurationAdmin.class);
        admin.createAccount(new Account("acme", EmailAddress.of("ops@acme.example"), null));
        admin.createVault(new Vault("v1", "acme", null));
        admin.createInstance(new Instance("i-1", "v1", null));
        return context.getBean(AlarmEngine.class);
    }

    private static TransactionTemplate transactions(AssertableApplicationContext context) {
        return new TransactionTemplate(new JdbcTransactionManager(context.getBean(DataSource.class)));
    }

    /** What another thread, outside any transaction, reads. */
    private static List<OpenAlarm> elsewhere(java.util.function.Supplier<List<OpenAlarm>> read) {
        try {
            return CompletableFuture.supplyAsync(read).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
