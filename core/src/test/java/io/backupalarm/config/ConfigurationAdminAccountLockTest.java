package io.backupalarm.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupalarm.AlarmException;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.Repositories;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The service looks an item's account up before its transaction (it decides what to lock). An item
 * deleted and re-created under another account in between must not be changed under the old
 * account's lock: with a store that serialises per account (the SPI's contract), the other
 * account's writes would run concurrently with the checks.
 */
final class ConfigurationAdminAccountLockTest {

    private final ConfigurationStore delegate = ConfigurationStore.inMemory();
    private final ConfigurationAdmin setup = ConfigurationAdmin.on(delegate);
    /** Runs once, between the service's look-up of the account and its transaction. */
    private final AtomicReference<Runnable> between = new AtomicReference<>();
    private final ConfigurationStore store = new ConfigurationStore() {
        @Override
        public <T> T read(Function<Repositories, T> work) {
            return delegate.read(work);
        }

        @Override
        public <T> T write(String accountId, Function<Repositories, T> work) {
            Runnable hook = between.getAndSet(null);
            if (hook != null) {
                hook.run();
            }
            return delegate.write(accountId, work);
        }
    };
    private final ConfigurationAdmin admin = ConfigurationAdmin.on(store);

    private java.util.Optional<Contact> contact(String id) {
        return delegate.<java.util.Optional<Contact>>read(r -> r.contacts().find(id));
    }

    private java.util.Optional<Vault> vault(String id) {
        return delegate.<java.util.Optional<Vault>>read(r -> r.vaults().find(id));
    }

    private java.util.Optional<ContactGroup> group(String id) {
        return delegate.<java.util.Optional<ContactGroup>>read(r -> r.groups().find(id));
    }

    @BeforeEach
    void setUp() {
        setup.createAccount(new Account("a-1", EmailAddress.of("owner@example.com"), null));
        setup.createAccount(new Account("a-2", EmailAddress.of("other@example.com"), null));
        setup.importContact(Contact.verified("c-1", "a-1", "One", EmailAddress.of("one@example.com"), null));
        setup.importContact(Contact.verified("c-2", "a-2", "Two", EmailAddress.of("two@example.com"), null));
        setup.createVault(new Vault("v-1", "a-1", VaultAlarmPolicy.DEFAULT));
    }

    @Test
    @DisplayName("deleteContact does not delete, under account a-1's lock, a contact that now belongs to a-2")
    void deleteContactMovedToAnotherAccount() {
        between.set(() -> {
            setup.deleteContact("c-1");
            setup.importContact(Contact.verified("c-1", "a-2", "One", EmailAddress.of("one@example.com"), null));
        });
        assertThatThrownBy(() -> admin.deleteContact("c-1")).isInstanceOf(AlarmException.class);
        assertThat(contact("c-1")).get().extracting(Contact::account).isEqualTo("a-2");
    }

    @Test
    @DisplayName("setVaultPolicy does not check and save, under account a-1's lock, a vault that now belongs to a-2")
    void setVaultPolicyMovedToAnotherAccount() {
        between.set(() -> {
            setup.deleteVault("v-1");
            setup.createVault(new Vault("v-1", "a-2", VaultAlarmPolicy.DEFAULT));
        });
        assertThatThrownBy(() -> admin.setVaultPolicy("v-1", VaultAlarmPolicy.customized(Set.of("c-2"), Set.of())))
                .isInstanceOf(AlarmException.class);
        assertThat(vault("v-1")).get().extracting(Vault::alarmPolicy)
                .isEqualTo(VaultAlarmPolicy.DEFAULT);
    }

    @Test
    @DisplayName("deleteVault does not delete, under account a-1's lock, a vault that now belongs to a-2")
    void deleteVaultMovedToAnotherAccount() {
        between.set(() -> {
            setup.deleteVault("v-1");
            setup.createVault(new Vault("v-1", "a-2", VaultAlarmPolicy.DEFAULT));
        });
        assertThatThrownBy(() -> admin.deleteVault("v-1")).isInstanceOf(AlarmException.class);
        assertThat(vault("v-1")).isPresent();
    }

    @Test
    @DisplayName("deleteGroup does not delete, under account a-1's lock, a group that now belongs to a-2")
    void deleteGroupMovedToAnotherAccount() {
        setup.createGroup(new ContactGroup("g-1", "a-1", "G", Set.of("c-1")));
        between.set(() -> {
            setup.deleteGroup("g-1");
            setup.createGroup(new ContactGroup("g-1", "a-2", "G", Set.of("c-2")));
        });
        assertThatThrownBy(() -> admin.deleteGroup("g-1")).isInstanceOf(AlarmException.class);
        assertThat(group("g-1")).isPresent();
    }

    @Test
    @DisplayName("markVerified does not change, under account a-1's lock, a contact that now belongs to a-2")
    void markVerifiedMovedToAnotherAccount() {
        between.set(() -> {
            setup.deleteContact("c-1");
            setup.importContact(Contact.unverified("c-1", "a-2", "One", EmailAddress.of("one@example.com"), null));
        });
        assertThatThrownBy(() -> admin.markVerified("c-1", "email", "one@example.com")).isInstanceOf(AlarmException.class);
        assertThat(contact("c-1")).get().extracting(Contact::emailVerified).isEqualTo(false);
    }
}
