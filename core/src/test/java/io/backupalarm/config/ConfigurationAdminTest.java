package io.backupalarm.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.backupalarm.InUseException;
import io.backupalarm.NotFoundException;
import io.backupalarm.ValidationException;
import io.backupalarm.ValidationException.Problem;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ConfigurationAdmin")
final class ConfigurationAdminTest {

    private static final EmailAddress ALICE_MAIL = EmailAddress.of("alice@example.com");
    private static final MobileNumber ALICE_MOBILE = MobileNumber.of("+8613800138000");

    private ConfigurationAdmin admin;

    @BeforeEach
    void seed() {
        admin = ConfigurationAdmin.on(ConfigurationStore.inMemory());
        admin.createAccount(new Account("a-1", EmailAddress.of("owner@example.com"), null));
        admin.createAccount(new Account("a-2", null, MobileNumber.of("+8613900139000")));
        admin.importContact(Contact.verified("c-alice", "a-1", "Alice", ALICE_MAIL, ALICE_MOBILE));
        admin.importContact(Contact.verified("c-bob", "a-1", "Bob", EmailAddress.of("bob@example.com"), null));
        admin.importContact(Contact.verified("c-zed", "a-2", "Zed", EmailAddress.of("zed@example.com"), null));
        admin.createGroup(new ContactGroup("g-ops", "a-1", "Ops", Set.of("c-alice", "c-bob")));
        admin.createGroup(new ContactGroup("g-dev", "a-1", "Dev", Set.of("c-alice")));
        admin.createGroup(new ContactGroup("g-zed", "a-2", "Zed's", Set.of("c-zed")));
        admin.createVault(new Vault("v-prod", "a-1", VaultAlarmPolicy.customized(Set.of("c-alice"), Set.of("g-ops"))));
        admin.createVault(new Vault("v-test", "a-1", null));
        admin.createVault(new Vault("v-zed", "a-2", null));
        admin.createInstance(new Instance("i-web", "v-prod", InstanceAlarmPolicy.customized(Set.of("c-alice"), Set.of("g-ops"))));
        admin.createInstance(new Instance("i-db", "v-prod", null));
    }

    /** Runs a change that must be rejected and checks that it changed nothing. */
    private <T extends Throwable> T rejected(Class<T> type, ThrowingCallable change) {
        Configuration before = admin.snapshot();
        T thrown = catchThrowableOfType(type, change);
        assertThat(thrown).as("expected %s", type.getSimpleName()).isNotNull();
        assertThat(admin.snapshot()).isEqualTo(before);
        return thrown;
    }

    @Test
    @DisplayName("a contact held by groups and named by policies cannot be deleted, and every holder is listed")
    void contactInUse() {
        InUseException e = rejected(InUseException.class, () -> admin.deleteContact("c-alice"));
        assertThat(e.kind()).isEqualTo("contact");
        assertThat(e.id()).isEqualTo("c-alice");
        assertThat(e.heldBy()).containsExactly("group g-dev", "group g-ops", "instance i-web policy", "vault v-prod policy");
        assertThat(e.getMessage()).isEqualTo(
                "contact c-alice is in use by group g-dev, group g-ops, instance i-web policy, vault v-prod policy");
    }

    @Test
    @DisplayName("a contact only held by a group cannot be deleted either")
    void contactHeldByGroupOnly() {
        InUseException e = rejected(InUseException.class, () -> admin.deleteContact("c-bob"));
        assertThat(e.heldBy()).containsExactly("group g-ops");
    }

    @Test
    @DisplayName("a contact can be deleted once nothing holds it")
    void contactDeletedWhenFree() {
        admin.setInstancePolicy("i-web", InstanceAlarmPolicy.DEFAULT);
        admin.setVaultPolicy("v-prod", VaultAlarmPolicy.customized(Set.of(), Set.of("g-ops")));
        admin.updateGroup(new ContactGroup("g-ops", "a-1", "Ops", Set.of("c-bob")));
        assertThat(rejected(InUseException.class, () -> admin.deleteContact("c-alice")).heldBy())
                .containsExactly("group g-dev");
        admin.deleteGroup("g-dev");
        admin.deleteContact("c-alice");
        assertThat(admin.snapshot().contact("c-alice")).isEmpty();
        rejected(NotFoundException.class, () -> admin.deleteContact("c-alice"));
    }

    @Test
    @DisplayName("a group named by policies cannot be deleted, and every policy is listed")
    void groupInUse() {
        InUseException e = rejected(InUseException.class, () -> admin.deleteGroup("g-ops"));
        assertThat(e.kind()).isEqualTo("group");
        assertThat(e.heldBy()).containsExactly("instance i-web policy", "vault v-prod policy");
        admin.deleteGroup("g-dev");
        rejected(NotFoundException.class, () -> admin.deleteGroup("g-dev"));
    }

    @Test
    @DisplayName("a vault with instances cannot be deleted, and every instance is listed")
    void vaultInUse() {
        InUseException e = rejected(InUseException.class, () -> admin.deleteVault("v-prod"));
        assertThat(e.kind()).isEqualTo("vault");
        assertThat(e.heldBy()).containsExactly("instance i-db", "instance i-web");
        admin.deleteVault("v-test");
        admin.deleteInstance("i-db");
        admin.deleteInstance("i-web");
        admin.deleteVault("v-prod");
        assertThat(admin.snapshot().vaults()).extracting(Vault::id).containsExactly("v-zed");
        rejected(NotFoundException.class, () -> admin.deleteInstance("i-web"));
        rejected(NotFoundException.class, () -> admin.deleteVault("v-prod"));
    }

    @Test
    @DisplayName("an account with anything in it cannot be deleted, and everything is listed")
    void accountInUse() {
        InUseException e = rejected(InUseException.class, () -> admin.deleteAccount("a-2"));
        assertThat(e.kind()).isEqualTo("account");
        assertThat(e.heldBy()).containsExactly("contact c-zed", "group g-zed", "vault v-zed");
        admin.deleteVault("v-zed");
        admin.deleteGroup("g-zed");
        assertThat(rejected(InUseException.class, () -> admin.deleteAccount("a-2")).heldBy())
                .containsExactly("contact c-zed");
        admin.deleteContact("c-zed");
        admin.deleteAccount("a-2");
        assertThat(admin.snapshot().account("a-2")).isEmpty();
        rejected(NotFoundException.class, () -> admin.deleteAccount("a-2"));
    }

    @Test
    @DisplayName("references to items of another account are rejected at every level")
    void crossAccount() {
        ValidationException e = rejected(ValidationException.class,
                () -> admin.createGroup(new ContactGroup("g-x", "a-1", "Mixed", Set.of("c-alice", "c-zed"))));
        assertThat(e.problems()).containsExactly(
                new Problem("groups[g-x].members", "contact c-zed belongs to account a-2, not a-1"));

        rejected(ValidationException.class,
                () -> admin.updateGroup(new ContactGroup("g-ops", "a-1", "Ops", Set.of("c-zed"))));
        e = rejected(ValidationException.class, () -> admin.setVaultPolicy("v-prod",
                VaultAlarmPolicy.customized(Set.of("c-zed"), Set.of("g-zed"))));
        assertThat(e.problems()).containsExactly(
                new Problem("vaults[v-prod].alarmPolicy.contacts", "contact c-zed belongs to account a-2, not a-1"),
                new Problem("vaults[v-prod].alarmPolicy.groups", "group g-zed belongs to account a-2, not a-1"));
        e = rejected(ValidationException.class, () -> admin.setInstancePolicy("i-web",
                InstanceAlarmPolicy.customized(Set.of(), Set.of("g-zed"))));
        assertThat(e.problems()).extracting(Problem::path).containsExactly("instances[i-web].alarmPolicy.groups");
        rejected(ValidationException.class, () -> admin.createVault(
                new Vault("v-x", "a-2", VaultAlarmPolicy.customized(Set.of("c-alice"), Set.of()))));
        rejected(ValidationException.class, () -> admin.createInstance(
                new Instance("i-x", "v-zed", InstanceAlarmPolicy.customized(Set.of("c-bob"), Set.of("g-dev")))));
        rejected(ValidationException.class, () -> admin.updateContact(
                Contact.unverified("c-alice", "a-2", "Alice", ALICE_MAIL, null)));
        rejected(ValidationException.class, () -> admin.updateGroup(
                new ContactGroup("g-ops", "a-2", "Ops", Set.of("c-zed"))));
    }

    @Test
    @DisplayName("references to missing items are rejected, listing every one")
    void missingReferences() {
        ValidationException e = rejected(ValidationException.class, () -> admin.setVaultPolicy("v-test",
                VaultAlarmPolicy.customized(Set.of("c-ghost", "c-alice", "c-nobody"), Set.of("g-ghost"))));
        assertThat(e.problems()).containsExactly(
                new Problem("vaults[v-test].alarmPolicy.contacts", "contact c-ghost does not exist"),
                new Problem("vaults[v-test].alarmPolicy.contacts", "contact c-nobody does not exist"),
                new Problem("vaults[v-test].alarmPolicy.groups", "group g-ghost does not exist"));
        rejected(ValidationException.class, () -> admin.createGroup(new ContactGroup("g-x", "a-1", "X", Set.of("c-ghost"))));
        rejected(ValidationException.class, () -> admin.createGroup(new ContactGroup("g-x", "a-9", "X", Set.of("c-alice"))));
        rejected(ValidationException.class, () -> admin.createContact(Contact.unverified("c-x", "a-9", "X", ALICE_MAIL, null)));
        rejected(ValidationException.class, () -> admin.createVault(new Vault("v-x", "a-9", null)));
        e = rejected(ValidationException.class, () -> admin.createInstance(new Instance("i-x", "v-ghost", null)));
        assertThat(e.problems()).containsExactly(new Problem("instances[i-x].vault", "vault v-ghost does not exist"));
        rejected(NotFoundException.class, () -> admin.setVaultPolicy("v-ghost", VaultAlarmPolicy.DEFAULT));
        rejected(NotFoundException.class, () -> admin.setInstancePolicy("i-ghost", InstanceAlarmPolicy.DEFAULT));
        rejected(NotFoundException.class, () -> admin.updateContact(Contact.unverified("c-ghost", "a-1", "X", ALICE_MAIL, null)));
        rejected(NotFoundException.class, () -> admin.updateGroup(new ContactGroup("g-ghost", "a-1", "X", Set.of("c-bob"))));
        rejected(NotFoundException.class, () -> admin.updateAccount(new Account("a-ghost", ALICE_MAIL, null)));
        rejected(NotFoundException.class, () -> admin.markVerified("c-ghost", Channel.EMAIL, "x@example.com"));
    }

    @Test
    @DisplayName("ids that are taken are rejected")
    void duplicates() {
        rejected(ValidationException.class, () -> admin.createAccount(new Account("a-1", ALICE_MAIL, null)));
        rejected(ValidationException.class, () -> admin.createContact(Contact.unverified("c-bob", "a-1", "B", ALICE_MAIL, null)));
        rejected(ValidationException.class, () -> admin.importContact(Contact.verified("c-bob", "a-1", "B", ALICE_MAIL, null)));
        rejected(ValidationException.class, () -> admin.createGroup(new ContactGroup("g-ops", "a-1", "Ops", Set.of("c-bob"))));
        rejected(ValidationException.class, () -> admin.createVault(new Vault("v-prod", "a-1", null)));
        rejected(ValidationException.class, () -> admin.createInstance(new Instance("i-web", "v-test", null)));
    }

    @Test
    @DisplayName("a new contact is stored unverified whatever it says; an imported one keeps its flags")
    void createUnverifiedImportAsGiven() {
        Contact created = admin.createContact(Contact.verified("c-new", "a-1", "New", ALICE_MAIL, ALICE_MOBILE));
        assertThat(created.emailVerified()).isFalse();
        assertThat(created.mobileVerified()).isFalse();
        assertThat(admin.snapshot().contact("c-new")).contains(created);
        assertThat(admin.snapshot().contact("c-alice")).map(c -> c.emailVerified() && c.mobileVerified()).contains(true);
    }

    @Test
    @DisplayName("editing an address makes it unverified, while an unchanged address keeps its state")
    void editingAddresses() {
        Contact updated = admin.updateContact(Contact.verified("c-alice", "a-1", "Alice L.",
                EmailAddress.of("alice@example.org"), ALICE_MOBILE));
        assertThat(updated.name()).isEqualTo("Alice L.");
        assertThat(updated.emailVerified()).isFalse();
        assertThat(updated.mobileVerified()).isTrue();
        assertThat(admin.snapshot().contact("c-alice")).contains(updated);

        Contact renamed = admin.updateContact(Contact.unverified("c-alice", "a-1", "Alice", EmailAddress.of("alice@EXAMPLE.org"),
                MobileNumber.of("+86 138 0013 8000")));
        assertThat(renamed.emailVerified()).as("still the unverified new email").isFalse();
        assertThat(renamed.mobileVerified()).as("same number, spaced differently").isTrue();

        Contact newMobile = admin.updateContact(renamed.withMobile(MobileNumber.of("+447911123456")));
        assertThat(newMobile.mobileVerified()).isFalse();
    }

    @Test
    @DisplayName("a contact can swap its only address for one on the other channel")
    void swapOnlyAddress() {
        Contact updated = admin.updateContact(Contact.unverified("c-bob", "a-1", "Bob", null, ALICE_MOBILE));
        assertThat(updated.email()).isNull();
        assertThat(updated.mobile()).isEqualTo(ALICE_MOBILE);
        assertThat(updated.mobileVerified()).isFalse();
        assertThat(admin.snapshot().contact("c-bob")).contains(updated);
    }

    @Test
    @DisplayName("markVerified verifies the current address only")
    void markVerified() {
        admin.updateContact(Contact.unverified("c-alice", "a-1", "Alice", EmailAddress.of("new@example.com"), ALICE_MOBILE));
        assertThat(admin.markVerified("c-alice", Channel.EMAIL, "alice@example.com")).isFalse();
        assertThat(admin.snapshot().contact("c-alice")).map(Contact::emailVerified).contains(false);
        assertThat(admin.markVerified("c-alice", Channel.EMAIL, "new@example.com")).isTrue();
        assertThat(admin.snapshot().contact("c-alice")).map(Contact::emailVerified).contains(true);
        assertThat(admin.markVerified("c-alice", Channel.SMS, "+8613900139000")).isFalse();
        assertThat(admin.markVerified("c-bob", Channel.SMS, "+8613800138000")).as("bob has no mobile").isFalse();
    }

    @Test
    @DisplayName("an account can be updated, and its addresses become the default recipients")
    void updateAccount() {
        Account changed = new Account("a-1", null, ALICE_MOBILE, java.time.ZoneId.of("Asia/Shanghai"), java.util.Locale.CHINESE);
        admin.updateAccount(changed);
        assertThat(admin.snapshot().account("a-1")).contains(changed);
    }

    @Test
    @DisplayName("a snapshot holds everything in the store and is itself a valid configuration")
    void snapshot() {
        Configuration snapshot = admin.snapshot();
        assertThat(snapshot.toBuilder().build()).isEqualTo(snapshot);
        assertThat(Map.of("accounts", snapshot.accounts().size(), "contacts", snapshot.contacts().size(),
                "groups", snapshot.groups().size(), "vaults", snapshot.vaults().size(),
                "instances", snapshot.instances().size()))
                .isEqualTo(Map.of("accounts", 2, "contacts", 3, "groups", 3, "vaults", 3, "instances", 2));
        assertThat(ConfigurationAdmin.on(ConfigurationStore.inMemory(snapshot)).snapshot()).isEqualTo(snapshot);
    }

    @Test
    @DisplayName("null arguments are refused before anything is touched")
    void nulls() {
        for (ThrowingCallable call : List.<ThrowingCallable>of(
                () -> admin.createAccount(null), () -> admin.deleteContact(null), () -> admin.createGroup(null),
                () -> admin.setVaultPolicy("v-prod", null), () -> admin.setInstancePolicy(null, InstanceAlarmPolicy.DEFAULT),
                () -> admin.markVerified("c-alice", null, "x"))) {
            rejected(NullPointerException.class, call);
        }
        assertThatThrownBy(() -> ConfigurationAdmin.on(null)).isInstanceOf(NullPointerException.class);
    }
}
