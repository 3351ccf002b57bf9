package io.backupalarm.store.jdbc;

import io.backupalarm.spi.VerificationStore;
import io.backupalarm.testkit.VerificationStoreContractTest;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;

/**
 * The testkit's contract for the verification store, on PostgreSQL and on H2; in its concurrent
 * cases every service is a node with a {@link JdbcStore} of its own on the one database.
 */
final class JdbcVerificationStoreContractTest {

    /** Each node gets a store of its own, as separate processes would. */
    private abstract static class OnDatabase extends VerificationStoreContractTest {
        private DataSource dataSource;

        abstract DataSource newDatabase();

        @Override
        protected VerificationStore createStore() {
            dataSource = newDatabase();
            return TestDatabases.migrated(dataSource).verifications();
        }

        @Override
        protected VerificationStore sameDataAs(VerificationStore original) {
            return JdbcStore.builder(dataSource).build().verifications();
        }
    }

    @Nested
    final class OnPostgres extends OnDatabase {
        @Override
        DataSource newDatabase() {
            return TestDatabases.postgres();
        }
    }

    @Nested
    final class OnH2 extends OnDatabase {
        @Override
        DataSource newDatabase() {
            return TestDatabases.h2();
        }
    }
}
