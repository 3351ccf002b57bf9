package io.backupalarm.testkit;

import io.backupalarm.spi.AlarmStore;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.HistoryStore;
import io.backupalarm.spi.OutboxStore;
import io.backupalarm.spi.SilenceStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/** The in-memory stores of core pass the store contracts. */
final class InMemoryStoresContractTest {

    @Nested
    @DisplayName("The in-memory configuration store")
    final class InMemoryConfigurationStoreTest extends ConfigurationStoreContractTest {
        @Override
        protected ConfigurationStore createStore() {
            return ConfigurationStore.inMemory();
        }
    }

    @Nested
    final class InMemoryAlarmStoreTest extends AlarmStoreContractTest {
        @Override
        protected AlarmStore createStore() {
            return AlarmStore.inMemory();
        }
    }

    @Nested
    final class InMemoryOutboxStoreTest extends OutboxStoreContractTest {
        @Override
        protected OutboxStore createStore() {
            return OutboxStore.inMemory();
        }
    }

    @Nested
    final class InMemorySilenceStoreTest extends SilenceStoreContractTest {
        @Override
        protected SilenceStore createStore() {
            return SilenceStore.inMemory();
        }
    }

    @Nested
    final class InMemoryHistoryStoreTest extends HistoryStoreContractTest {
        @Override
        protected HistoryStore createStore() {
            return HistoryStore.inMemory();
        }
    }
}
