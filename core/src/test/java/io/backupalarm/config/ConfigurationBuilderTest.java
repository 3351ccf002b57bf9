package io.backupalarm.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.backupalarm.NotFoundException;
import io.backupalarm.ValidationException;
import io.backupalarm.ValidationException.Problem;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Configuration.Builder")
final class ConfigurationBuilderTest {

    private static final EmailAddress EMAIL = EmailAddress.of("owner@example.com");

    private static Account account(String id) {
        return new Account(id, EmailAddress.of(id + "@example.com"), null);
    }

    private static Contact contact(String id, String account) {
        return Contact.verified(id, account, "Contact " + id, EmailAddress.of(id + "@example.com"), null);
    }

    private static Configuration.Builder valid() {
        return Configuration.builder()
                .account(account("a-1"))
                .account(account("a-2"))
                .contact(contact("c-1", "a-1"))
                .contact(contact("c-2", "a-1"))
                .contact(contact("c-9", "a-2"))
                .group(new ContactGroup("g-1", "a-1", "Ops", Set.of("c-1", "c-2")))
                .group(new ContactGroup("g-9", "a-2", "Other", Set.of("c-9")))
                .vault(new Vault("v-1", "a-1", VaultAlarmPolicy.customized(Set.of("c-1"), Set.of("g-1"))))
                .vault(new Vault("v-9", "a-2", null))
                .instance(new Instance("i-1", "v-1", InstanceAlarmPolicy.customized(Set.of("c-2"), Set.of("g-1"))))
                .instance(new Instance("i-9", "v-9", InstanceAlarmPolicy.DISABLED));
    }

    @Test
    @DisplayName("a configuration that keeps every rule builds, and holds what was added")
    void validBuilds() {
        Configuration configuration = valid().build();
        assertThat(configuration.accounts()).hasSize(2);
        assertThat(configuration.contact("c-9")).map(Contact::account).contains("a-2");
        assertThat(configuration.group("g-1")).map(ContactGroup::members).contains(Set.of("c-1", "c-2"));
        assertThat(configuration.instance("i-9")).map(Instance::alarmPolicy).contains(InstanceAlarmPolicy.DISABLED);
        assertThat(configuration.accountOf(configuration.instance("i-1").orElseThrow())).isEqualTo("a-1");
        assertThat(configuration.vault("v-none")).isEmpty();
        assertThat(configuration.toBuilder().build()).isEqualTo(configuration).hasSameHashCodeAs(configuration);
        assertThat(Configuration.empty().accounts()).isEmpty();
    }

    @Test
    @DisplayName("duplicate ids of every kind are all reported, each with a path naming the id")
    void duplicates() {
        Configuration.Builder builder = valid()
                .account(account("a-1"))
                .contact(contact("c-1", "a-1"))
                .group(new ContactGroup("g-1", "a-1", "Again", Set.of("c-1")))
                .vault(new Vault("v-1", "a-1", null))
                .instance(new Instance("i-1", "v-1", null));

        ValidationException e = catchThrowableOfType(ValidationException.class, builder::build);

        assertThat(e.problems()).extracting(Problem::path)
                .containsExactlyInAnyOrder("accounts[a-1]", "contacts[c-1]", "groups[g-1]", "vaults[v-1]", "instances[i-1]");
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.message()).startsWith("duplicate id "));
        assertThat(e.getMessage()).startsWith("5 problems:").contains("contacts[c-1]: duplicate id c-1 in contacts");
    }

    @Test
    @DisplayName("references to missing items are all reported, each with a path naming the id of the holder")
    void missingReferences() {
        Configuration.Builder builder = valid()
                .contact(contact("c-orphan", "a-none"))
                .group(new ContactGroup("g-2", "a-1", "Ghosts", Set.of("c-1", "c-ghost")))
                .group(new ContactGroup("g-3", "a-gone", "Lost", Set.of("c-1")))
                .vault(new Vault("v-2", "a-1", VaultAlarmPolicy.customized(Set.of("c-ghost"), Set.of("g-ghost"))))
                .vault(new Vault("v-3", "a-void", null))
                .instance(new Instance("i-2", "v-ghost", null))
                .instance(new Instance("i-3", "v-1", InstanceAlarmPolicy.customized(Set.of("c-gone"), Set.of("g-gone"))));

        ValidationException e = catchThrowableOfType(ValidationException.class, builder::build);

        assertThat(e.problems()).containsExactlyInAnyOrder(
                new Problem("contacts[c-orphan].account", "account a-none does not exist"),
                new Problem("groups[g-2].members", "contact c-ghost does not exist"),
                new Problem("groups[g-3].account", "account a-gone does not exist"),
                // g-3's member c-1 belongs to a-1, not to the missing a-gone.
                new Problem("groups[g-3].members", "contact c-1 belongs to account a-1, not a-gone"),
                new Problem("vaults[v-2].alarmPolicy.contacts", "contact c-ghost does not exist"),
                new Problem("vaults[v-2].alarmPolicy.groups", "group g-ghost does not exist"),
                new Problem("vaults[v-3].account", "account a-void does not exist"),
                new Problem("instances[i-2].vault", "vault v-ghost does not exist"),
                new Problem("instances[i-3].alarmPolicy.contacts", "contact c-gone does not exist"),
                new Problem("instances[i-3].alarmPolicy.groups", "group g-gone does not exist"));
        assertThat(e.getMessage()).startsWith("10 problems:");
        e.problems().forEach(p -> assertThat(e.getMessage()).contains(p.toString()));
    }

    @Test
    @DisplayName("references to items of another account are all reported, naming both accounts")
    void crossAccountReferences() {
        Configuration.Builder builder = valid()
                .group(new ContactGroup("g-mixed", "a-1", "Mixed", Set.of("c-1", "c-9")))
                .vault(new Vault("v-x", "a-1", VaultAlarmPolicy.customized(Set.of("c-9"), Set.of("g-9"))))
                .instance(new Instance("i-x", "v-9", InstanceAlarmPolicy.customized(Set.of("c-1"), Set.of("g-1"))));

        ValidationException e = catchThrowableOfType(ValidationException.class, builder::build);

        assertThat(e.problems()).containsExactlyInAnyOrder(
                new Problem("groups[g-mixed].members", "contact c-9 belongs to account a-2, not a-1"),
                new Problem("vaults[v-x].alarmPolicy.contacts", "contact c-9 belongs to account a-2, not a-1"),
                new Problem("vaults[v-x].alarmPolicy.groups", "group g-9 belongs to account a-2, not a-1"),
                new Problem("instances[i-x].alarmPolicy.contacts", "contact c-1 belongs to account a-1, not a-2"),
                new Problem("instances[i-x].alarmPolicy.groups", "group g-1 belongs to account a-1, not a-2"));
    }

    @Test
    @DisplayName("a single problem is reported alone, with its path in the message")
    void singleProblem() {
        assertThatThrownBy(() -> Configuration.builder().account(new Account("a-1", EMAIL, null))
                .vault(new Vault("v-1", "a-2", null)).build())
                .isInstanceOf(ValidationException.class)
                .hasMessage("vaults[v-1].account: account a-2 does not exist");
    }

    @Test
    @DisplayName("vaultPolicy and instancePolicy replace a policy, and name a missing item")
    void replacePolicies() {
        Configuration configuration = valid()
                .vaultPolicy("v-1", VaultAlarmPolicy.DISABLED)
                .instancePolicy("i-1", InstanceAlarmPolicy.DEFAULT)
                .build();
        assertThat(configuration.vault("v-1")).map(Vault::alarmPolicy).contains(VaultAlarmPolicy.DISABLED);
        assertThat(configuration.instance("i-1")).map(Instance::alarmPolicy).contains(InstanceAlarmPolicy.DEFAULT);

        assertThatThrownBy(() -> valid().vaultPolicy("v-none", VaultAlarmPolicy.DEFAULT))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("vault v-none");
        assertThatThrownBy(() -> valid().instancePolicy("i-none", InstanceAlarmPolicy.DEFAULT))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("instance i-none");
        assertThatThrownBy(() -> valid().instancePolicy("i-1", InstanceAlarmPolicy.customized(List.of("c-9"), List.of())).build())
                .isInstanceOf(ValidationException.class)
                .hasMessage("instances[i-1].alarmPolicy.contacts: contact c-9 belongs to account a-2, not a-1");
    }
}
