package io.backupalarm.testkit;

import io.backupalarm.spi.VerificationStore;

/** Core's in-memory verification store passes the verification store contract, shared by eight services. */
final class InMemoryVerificationStoreContractTest extends VerificationStoreContractTest {

    @Override
    protected VerificationStore createStore() {
        return VerificationStore.inMemory();
    }
}
