package io.backupalarm.store.jdbc;

import io.backupalarm.spi.AlarmStore;
import io.backupalarm.spi.HistoryStore;
import io.backupalarm.spi.OutboxStore;
import io.backupalarm.spi.SilenceStore;
import io.backupalarm.testkit.AlarmStoreContractTest;
import io.backupalarm.testkit.HistoryStoreContractTest;
import io.backupalarm.testkit.OutboxStoreContractTest;
import io.backupalarm.testkit.SilenceStoreContractTest;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Nested;

/**
 * The testkit's contracts for the alarm store, the outbox, the silences and the history, on PostgreSQL (through a
 * connection pool, as a host runs the store) and on H2.
 */
final class JdbcEngineStoresContractTest {

    @Nested
    class AlarmsOnPostgres extends AlarmStoreContractTest {
        @AutoClose
        private final ConnectionPools pools = new ConnectionPools();

        @Override
        protected AlarmStore createStore() {
            return TestDatabases.migrated(pools.over(TestDatabases.postgres())).alarms();
        }
    }

    @Nested
    class OutboxOnPostgres extends OutboxStoreContractTest {
        @AutoClose
        private final ConnectionPools pools = new ConnectionPools();

        @Override
        protected OutboxStore createStore() {
            return TestDatabases.migrated(pools.over(TestDatabases.postgres())).outbox();
        }
    }

    @Nested
    class AlarmsOnH2 extends AlarmStoreContractTest {
        @Override
        protected AlarmStore createStore() {
            return TestDatabases.migrated(TestDatabases.h2()).alarms();
        }
    }

    @Nested
    class OutboxOnH2 extends OutboxStoreContractTest {
        @Override
        protected OutboxStore createStore() {
            return TestDatabases.migrated(TestDatabases.h2()).outbox();
        }
    }

    @Nested
    class SilencesOnPostgres extends SilenceStoreContractTest {
        @AutoClose
        private final ConnectionPools pools = new ConnectionPools();

        @Override
        protected SilenceStore createStore() {
            return TestDatabases.migrated(pools.over(TestDatabases.postgres())).silences();
        }
    }

    @Nested
    class SilencesOnH2 extends SilenceStoreContractTest {
        @Override
        protected SilenceStore createStore() {
            return TestDatabases.migrated(TestDatabases.h2()).silences();
        }
    }

    @Nested
    class HistoryOnPostgres extends HistoryStoreContractTest {
        @AutoClose
        private final ConnectionPools pools = new ConnectionPools();

        @Override
        protected HistoryStore createStore() {
            return TestDatabases.migrated(pools.over(TestDatabases.postgres())).history();
        }
    }

    @Nested
    class HistoryOnH2 extends HistoryStoreContractTest {
        @Override
        protected HistoryStore createStore() {
            return TestDatabases.migrated(TestDatabases.h2()).history();
        }
    }
}
