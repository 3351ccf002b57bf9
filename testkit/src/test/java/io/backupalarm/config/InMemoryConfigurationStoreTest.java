package io.backupalarm.config;

import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.testkit.ConfigurationStoreContractTest;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The in-memory configuration store")
final class InMemoryConfigurationStoreTest extends ConfigurationStoreContractTest {

    @Override
    protected ConfigurationStore createStore() {
        return ConfigurationStore.inMemory();
    }
}
