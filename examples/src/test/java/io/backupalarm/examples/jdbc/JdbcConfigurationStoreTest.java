package io.backupalarm.examples.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.config.Account;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.testkit.ConfigurationStoreContractTest;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The JDBC configuration store on H2 meets the configuration store contract")
final class JdbcConfigurationStoreTest extends ConfigurationStoreContractTest {

    private JdbcDataSource dataSource;

    @Override
    protected ConfigurationStore createStore() {
        dataSource = new JdbcDataSource();
        // A database of its own per test; kept while the JVM runs, waiting up to 10 s for a row lock.
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        JdbcConfigurationStore.createSchema(dataSource);
        JdbcConfigurationStore.createSchema(dataSource);  // idempotent: a host may run it at every start
        return new JdbcConfigurationStore(dataSource);
    }

    @Test
    @DisplayName("a write waits while another write of the same account holds the account's row")
    void writesOfOneAccountAreSerialised() throws Exception {
        ConfigurationAdmin.on(store()).createAccount(new Account("a-1", EmailAddress.of("a-1@example.com"), null));
        CountDownLatch firstHoldsLock = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = pool.submit(() -> store().write("a-1", repos -> {
                firstHoldsLock.countDown();
                await(releaseFirst);
                repos.accounts().save(new Account("a-1", EmailAddress.of("first@example.com"), null));
                return null;
            }));
            assertThat(firstHoldsLock.await(5, TimeUnit.SECONDS)).isTrue();
            Future<String> second = pool.submit(() -> store().write("a-1",
                    repos -> repos.accounts().find("a-1").orElseThrow().email().value()));

            Thread.sleep(300);
            assertThat(second).as("the second write waits for the lock").isNotDone();
            releaseFirst.countDown();
            first.get(5, TimeUnit.SECONDS);
            assertThat(second.get(5, TimeUnit.SECONDS)).as("and then sees the first write").isEqualTo("first@example.com");
        } finally {
            releaseFirst.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("a write of another account does not wait for the lock of the first")
    void writesOfDifferentAccountsRunInParallel() throws Exception {
        ConfigurationAdmin admin = ConfigurationAdmin.on(store());
        admin.createAccount(new Account("a-1", EmailAddress.of("a-1@example.com"), null));
        admin.createAccount(new Account("a-2", EmailAddress.of("a-2@example.com"), null));
        CountDownLatch firstHoldsLock = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = pool.submit(() -> store().write("a-1", repos -> {
                firstHoldsLock.countDown();
                await(releaseFirst);
                return null;
            }));
            assertThat(firstHoldsLock.await(5, TimeUnit.SECONDS)).isTrue();
            Future<Boolean> other = pool.submit(() -> store().write("a-2",
                    repos -> repos.accounts().find("a-2").isPresent()));
            assertThat(other.get(5, TimeUnit.SECONDS)).isTrue();
            releaseFirst.countDown();
            first.get(5, TimeUnit.SECONDS);
        } finally {
            releaseFirst.countDown();
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
