package io.backupalarm.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupalarm.spi.ConfigurationStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** All or nothing also holds when a write runs another write of the same thread inside it. */
final class InMemoryConfigurationStoreNestingTest {

    private final ConfigurationStore store = ConfigurationStore.inMemory();

    private static Account account(String id) {
        return new Account(id, EmailAddress.of(id + "@example.com"), null);
    }

    private boolean exists(String id) {
        return store.<Boolean>read(r -> r.accounts().find(id).isPresent());
    }

    @Test
    @DisplayName("an outer write that throws undoes its own writes and those of a nested write")
    void outerFailureUndoesEverything() {
        assertThatThrownBy(() -> store.write("a-1", repos -> {
            repos.accounts().save(account("a-1"));
            store.write("a-1", inner -> {
                inner.accounts().save(account("a-2"));
                return null;
            });
            throw new IllegalStateException("rejected");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(exists("a-1")).as("the outer write's account").isFalse();
        assertThat(exists("a-2")).as("the nested write's account").isFalse();
    }

    @Test
    @DisplayName("a nested write that throws undoes only its own writes")
    void innerFailureUndoesOnlyItself() {
        store.write("a-1", repos -> {
            repos.accounts().save(account("a-1"));
            try {
                store.write("a-1", inner -> {
                    inner.accounts().save(account("a-2"));
                    throw new IllegalStateException("rejected");
                });
            } catch (IllegalStateException expected) {
                // the outer work carries on
            }
            return null;
        });
        assertThat(exists("a-1")).isTrue();
        assertThat(exists("a-2")).isFalse();
    }
}
