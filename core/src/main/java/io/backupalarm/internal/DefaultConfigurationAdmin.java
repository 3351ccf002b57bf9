package io.backupalarm.internal;

import io.backupalarm.AlarmException;
import io.backupalarm.InUseException;
import io.backupalarm.NotFoundException;
import io.backupalarm.ValidationException;
import io.backupalarm.ValidationException.Problem;
import io.backupalarm.config.Account;
import io.backupalarm.config.AlarmMatcher;
import io.backupalarm.config.AlarmPolicy;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactAddress;
import io.backupalarm.config.ContactGroup;
import io.backupalarm.config.Instance;
import io.backupalarm.config.MaintenanceWindow;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.Repositories;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The administration service: integrity checks, then writes, inside one store transaction. */
public final class DefaultConfigurationAdmin implements ConfigurationAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultConfigurationAdmin.class);

    private final ConfigurationStore store;

    /**
     * Creates the service.
     *
     * @param store where the configuration lives
     */
    public DefaultConfigurationAdmin(ConfigurationStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public void createAccount(Account account) {
        Objects.requireNonNull(account, "account");
        store.write(account.id(), repos -> {
            if (repos.accounts().find(account.id()).isPresent()) {
                throw new ValidationException("accounts[" + account.id() + "]", "account " + account.id() + " already exists");
            }
            repos.accounts().save(account);
            return null;
        });
        LOG.debug("Account {} created", account.id());
    }

    @Override
    public void updateAccount(Account account) {
        Objects.requireNonNull(account, "account");
        store.write(account.id(), repos -> {
            existing(repos.accounts().find(account.id()).orElse(null), "account", account.id());
            repos.accounts().save(account);
            return null;
        });
    }

    @Override
    public void deleteAccount(String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        store.write(accountId, repos -> {
            existing(repos.accounts().find(accountId).orElse(null), "account", accountId);
            List<String> holders = new ArrayList<>();
            repos.contacts().findByAccount(accountId).forEach(c -> holders.add("contact " + c.id()));
            repos.groups().findByAccount(accountId).forEach(g -> holders.add("group " + g.id()));
            repos.vaults().findByAccount(accountId).forEach(v -> holders.add("vault " + v.id()));
            repos.maintenanceWindows().findByAccount(accountId).forEach(w -> holders.add("maintenance window " + w.id()));
            inUse("account", accountId, holders);
            repos.accounts().delete(accountId);
            return null;
        });
    }

    @Override
    public Contact createContact(Contact contact) {
        Objects.requireNonNull(contact, "contact");
        return insertContact(new Contact(contact.id(), contact.account(), contact.name(), contact.email(),
                contact.mobile(), false, false, contact.addresses().stream()
                .map(a -> ContactAddress.unverified(a.channel(), a.address(), a.secret())).toList()));
    }

    @Override
    public Contact importContact(Contact contact) {
        return insertContact(Objects.requireNonNull(contact, "contact"));
    }

    private Contact insertContact(Contact contact) {
        return store.write(contact.account(), repos -> {
            List<Problem> problems = new ArrayList<>();
            if (repos.contacts().find(contact.id()).isPresent()) {
                problems.add(new Problem("contacts[" + contact.id() + "]", "contact " + contact.id() + " already exists"));
            }
            requireAccount(repos, problems, "contacts[" + contact.id() + "].account", contact.account());
            reject(problems);
            repos.contacts().save(contact);
            return contact;
        });
    }

    @Override
    public Contact updateContact(Contact contact) {
        Objects.requireNonNull(contact, "contact");
        return store.write(contact.account(), repos -> {
            Contact stored = existing(repos.contacts().find(contact.id()).orElse(null), "contact", contact.id());
            if (!stored.account().equals(contact.account())) {
                throw new ValidationException("contacts[" + contact.id() + "].account",
                        "contact " + contact.id() + " belongs to account " + stored.account()
                                + "; it cannot move to " + contact.account());
            }
            // Built in one step: applying withEmail then withMobile would pass through a contact with
            // no address when an email-only contact becomes a mobile-only one (or the reverse).
            boolean sameEmail = contact.email() != null && contact.email().equals(stored.email());
            boolean sameMobile = contact.mobile() != null && contact.mobile().equals(stored.mobile());
            Contact updated = new Contact(stored.id(), stored.account(), contact.name(), contact.email(), contact.mobile(),
                    sameEmail && stored.emailVerified(), sameMobile && stored.mobileVerified(),
                    keptAddresses(stored, contact.addresses()));
            repos.contacts().save(updated);
            return updated;
        });
    }

    /**
     * The rule of {@link Contact#withAddresses}, applied here because that method would pass
     * through a contact with the stored email and mobile but the new further addresses, which may
     * hold no address at all.
     */
    private static List<ContactAddress> keptAddresses(Contact stored, List<ContactAddress> addresses) {
        List<ContactAddress> out = new ArrayList<>(addresses.size());
        for (ContactAddress a : addresses) {
            boolean kept = stored.address(a.channel(), a.address())
                    .filter(old -> old.verified() && Objects.equals(old.secret(), a.secret())).isPresent();
            out.add(new ContactAddress(a.channel(), a.address(), a.secret(), kept));
        }
        return out;
    }

    @Override
    public boolean markVerified(String contactId, String channel, String address) {
        return markVerified(contactId, channel, address, null, false);
    }

    @Override
    public boolean markVerified(String contactId, String channel, String address, String secret) {
        return markVerified(contactId, channel, address, secret, true);
    }

    private boolean markVerified(String contactId, String channel, String address, String secret,
                                 boolean sameSecret) {
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(address, "address");
        String account = accountOfContact(contactId);
        return store.write(account, repos -> {
            Contact stored = existing(repos.contacts().find(contactId).orElse(null), "contact", contactId);
            requireLocked(account, stored.account(), "contact " + contactId);
            Contact verified;
            if (Channel.EMAIL.equals(channel)) {
                if (stored.email() == null || !stored.email().value().equals(address)) {
                    return false;
                }
                verified = new Contact(stored.id(), stored.account(), stored.name(), stored.email(), stored.mobile(),
                        true, stored.mobileVerified(), stored.addresses());
            } else if (Channel.SMS.equals(channel)) {
                if (stored.mobile() == null || !stored.mobile().value().equals(address)) {
                    return false;
                }
                verified = new Contact(stored.id(), stored.account(), stored.name(), stored.email(), stored.mobile(),
                        stored.emailVerified(), true, stored.addresses());
            } else {
                ContactAddress held = stored.address(channel, address).orElse(null);
                if (held == null || (sameSecret && !Objects.equals(held.secret(), secret))) {
                    return false;
                }
                verified = stored.withAddressVerified(channel, address);
            }
            repos.contacts().save(verified);
            return true;
        });
    }

    @Override
    public void deleteContact(String contactId) {
        Objects.requireNonNull(contactId, "contactId");
        String account = accountOfContact(contactId);
        store.write(account, repos -> {
            Contact stored = existing(repos.contacts().find(contactId).orElse(null), "contact", contactId);
            requireLocked(account, stored.account(), "contact " + contactId);
            List<String> holders = new ArrayList<>();
            repos.groups().findByMember(contactId).forEach(g -> holders.add("group " + g.id()));
            repos.vaults().findByPolicyContact(contactId).forEach(v -> holders.add("vault " + v.id() + " policy"));
            repos.instances().findByPolicyContact(contactId).forEach(i -> holders.add("instance " + i.id() + " policy"));
            inUse("contact", contactId, holders);
            repos.contacts().delete(contactId);
            return null;
        });
    }

    @Override
    public void createGroup(ContactGroup group) {
        Objects.requireNonNull(group, "group");
        store.write(group.account(), repos -> {
            List<Problem> problems = new ArrayList<>();
            if (repos.groups().find(group.id()).isPresent()) {
                problems.add(new Problem("groups[" + group.id() + "]", "group " + group.id() + " already exists"));
            }
            checkGroup(repos, problems, group);
            reject(problems);
            repos.groups().save(group);
            return null;
        });
    }

    @Override
    public void updateGroup(ContactGroup group) {
        Objects.requireNonNull(group, "group");
        store.write(group.account(), repos -> {
            ContactGroup stored = existing(repos.groups().find(group.id()).orElse(null), "group", group.id());
            List<Problem> problems = new ArrayList<>();
            if (!stored.account().equals(group.account())) {
                problems.add(new Problem("groups[" + group.id() + "].account", "group " + group.id()
                        + " belongs to account " + stored.account() + "; it cannot move to " + group.account()));
            }
            checkGroup(repos, problems, group);
            reject(problems);
            repos.groups().save(group);
            return null;
        });
    }

    @Override
    public void deleteGroup(String groupId) {
        Objects.requireNonNull(groupId, "groupId");
        String account = store.read(repos -> existing(repos.groups().find(groupId).orElse(null), "group", groupId).account());
        store.write(account, repos -> {
            ContactGroup stored = existing(repos.groups().find(groupId).orElse(null), "group", groupId);
            requireLocked(account, stored.account(), "group " + groupId);
            List<String> holders = new ArrayList<>();
            repos.vaults().findByPolicyGroup(groupId).forEach(v -> holders.add("vault " + v.id() + " policy"));
            repos.instances().findByPolicyGroup(groupId).forEach(i -> holders.add("instance " + i.id() + " policy"));
            inUse("group", groupId, holders);
            repos.groups().delete(groupId);
            return null;
        });
    }

    @Override
    public void createVault(Vault vault) {
        Objects.requireNonNull(vault, "vault");
        store.write(vault.account(), repos -> {
            List<Problem> problems = new ArrayList<>();
            String path = "vaults[" + vault.id() + "]";
            if (repos.vaults().find(vault.id()).isPresent()) {
                problems.add(new Problem(path, "vault " + vault.id() + " already exists"));
            }
            if (requireAccount(repos, problems, path + ".account", vault.account())) {
                checkPolicy(repos, problems, path + ".alarmPolicy", vault.alarmPolicy(), vault.account());
            }
            reject(problems);
            repos.vaults().save(vault);
            return null;
        });
    }

    @Override
    public void setVaultPolicy(String vaultId, VaultAlarmPolicy policy) {
        Objects.requireNonNull(vaultId, "vaultId");
        Objects.requireNonNull(policy, "policy");
        String account = store.read(repos -> existing(repos.vaults().find(vaultId).orElse(null), "vault", vaultId).account());
        store.write(account, repos -> {
            Vault vault = existing(repos.vaults().find(vaultId).orElse(null), "vault", vaultId);
            requireLocked(account, vault.account(), "vault " + vaultId);
            List<Problem> problems = new ArrayList<>();
            checkPolicy(repos, problems, "vaults[" + vaultId + "].alarmPolicy", policy, vault.account());
            reject(problems);
            repos.vaults().save(vault.withAlarmPolicy(policy));
            return null;
        });
    }

    @Override
    public void deleteVault(String vaultId) {
        Objects.requireNonNull(vaultId, "vaultId");
        String account = store.read(repos -> existing(repos.vaults().find(vaultId).orElse(null), "vault", vaultId).account());
        store.write(account, repos -> {
            Vault stored = existing(repos.vaults().find(vaultId).orElse(null), "vault", vaultId);
            requireLocked(account, stored.account(), "vault " + vaultId);
            List<String> holders = new ArrayList<>();
            repos.instances().findByVault(vaultId).forEach(i -> holders.add("instance " + i.id()));
            repos.maintenanceWindows().findByVault(vaultId).forEach(w -> holders.add("maintenance window " + w.id()));
            inUse("vault", vaultId, holders);
            repos.vaults().delete(vaultId);
            return null;
        });
    }

    @Override
    public void createInstance(Instance instance) {
        Objects.requireNonNull(instance, "instance");
        String path = "instances[" + instance.id() + "]";
        String account = store.read(repos -> repos.vaults().find(instance.vault()).map(Vault::account).orElseThrow(
                () -> new ValidationException(path + ".vault", "vault " + instance.vault() + " does not exist")));
        store.write(account, repos -> {
            List<Problem> problems = new ArrayList<>();
            if (repos.instances().find(instance.id()).isPresent()) {
                problems.add(new Problem(path, "instance " + instance.id() + " already exists"));
            }
            Vault vault = repos.vaults().find(instance.vault()).orElse(null);
            if (vault == null) {
                problems.add(new Problem(path + ".vault", "vault " + instance.vault() + " does not exist"));
            } else {
                requireLocked(account, vault.account(), "vault " + vault.id());
                checkPolicy(repos, problems, path + ".alarmPolicy", instance.alarmPolicy(), vault.account());
            }
            reject(problems);
            repos.instances().save(instance);
            return null;
        });
    }

    @Override
    public void setInstancePolicy(String instanceId, InstanceAlarmPolicy policy) {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(policy, "policy");
        String account = accountOfInstance(instanceId);
        store.write(account, repos -> {
            Instance instance = existing(repos.instances().find(instanceId).orElse(null), "instance", instanceId);
            Vault vault = existing(repos.vaults().find(instance.vault()).orElse(null), "vault", instance.vault());
            requireLocked(account, vault.account(), "instance " + instanceId);
            List<Problem> problems = new ArrayList<>();
            checkPolicy(repos, problems, "instances[" + instanceId + "].alarmPolicy", policy, account);
            reject(problems);
            repos.instances().save(instance.withAlarmPolicy(policy));
            return null;
        });
    }

    @Override
    public void deleteInstance(String instanceId) {
        Objects.requireNonNull(instanceId, "instanceId");
        String account = accountOfInstance(instanceId);
        store.write(account, repos -> {
            Instance stored = existing(repos.instances().find(instanceId).orElse(null), "instance", instanceId);
            Vault vault = repos.vaults().find(stored.vault()).orElse(null);
            if (vault != null) {
                requireLocked(account, vault.account(), "instance " + instanceId);
            }
            List<String> holders = new ArrayList<>();
            repos.maintenanceWindows().findByInstance(instanceId).forEach(w -> holders.add("maintenance window " + w.id()));
            inUse("instance", instanceId, holders);
            repos.instances().delete(instanceId);
            return null;
        });
    }

    @Override
    public void saveMaintenanceWindow(MaintenanceWindow window) {
        Objects.requireNonNull(window, "window");
        String path = "maintenanceWindows[" + window.id() + "]";
        store.write(window.account(), repos -> {
            List<Problem> problems = new ArrayList<>();
            MaintenanceWindow existing = repos.maintenanceWindows().find(window.id()).orElse(null);
            if (existing != null && !existing.account().equals(window.account())) {
                problems.add(new Problem(path + ".account", "maintenance window " + window.id()
                        + " belongs to account " + existing.account() + ", not " + window.account()));
            }
            if (requireAccount(repos, problems, path + ".account", window.account())) {
                checkMatcher(repos, problems, path, window.matcher(), window.account());
            }
            reject(problems);
            repos.maintenanceWindows().save(window);
            return null;
        });
    }

    @Override
    public void deleteMaintenanceWindow(String windowId) {
        Objects.requireNonNull(windowId, "windowId");
        String account = store.read(repos -> existing(repos.maintenanceWindows().find(windowId).orElse(null),
                "maintenance window", windowId).account());
        store.write(account, repos -> {
            MaintenanceWindow stored = existing(repos.maintenanceWindows().find(windowId).orElse(null),
                    "maintenance window", windowId);
            requireLocked(account, stored.account(), "maintenance window " + windowId);
            repos.maintenanceWindows().delete(windowId);
            return null;
        });
    }

    @Override
    public Configuration snapshot() {
        return store.read(repos -> {
            Configuration.Builder builder = Configuration.builder();
            List<Vault> vaults = new ArrayList<>();
            for (Account account : repos.accounts().findAll()) {
                builder.account(account);
                repos.contacts().findByAccount(account.id()).forEach(builder::contact);
                repos.groups().findByAccount(account.id()).forEach(builder::group);
                vaults.addAll(repos.vaults().findByAccount(account.id()));
            }
            vaults.forEach(builder::vault);
            vaults.forEach(v -> repos.instances().findByVault(v.id()).forEach(builder::instance));
            repos.accounts().findAll().forEach(a ->
                    repos.maintenanceWindows().findByAccount(a.id()).forEach(builder::maintenanceWindow));
            return builder.build();
        });
    }

    private String accountOfContact(String contactId) {
        return store.read(repos -> existing(repos.contacts().find(contactId).orElse(null), "contact", contactId).account());
    }

    private String accountOfInstance(String instanceId) {
        return store.read(repos -> {
            Instance instance = existing(repos.instances().find(instanceId).orElse(null), "instance", instanceId);
            return existing(repos.vaults().find(instance.vault()).orElse(null), "vault", instance.vault()).account();
        });
    }

    /**
     * The account is looked up before its transaction starts (it decides what to lock). Nothing moves
     * between accounts, but an item can be deleted and re-created under another account in
     * between; then this change must not run under the wrong lock.
     */
    private static void requireLocked(String locked, String actual, String what) {
        if (!locked.equals(actual)) {
            throw new AlarmException(what + " moved from account " + locked + " to " + actual
                    + " while this change was being made; nothing was changed, try again");
        }
    }

    private static <T> T existing(T item, String kind, String id) {
        if (item == null) {
            throw new NotFoundException(kind, id);
        }
        return item;
    }

    private static boolean requireAccount(Repositories repos, List<Problem> problems, String path, String accountId) {
        if (repos.accounts().find(accountId).isEmpty()) {
            problems.add(new Problem(path, "account " + accountId + " does not exist"));
            return false;
        }
        return true;
    }

    private static void checkGroup(Repositories repos, List<Problem> problems, ContactGroup group) {
        String path = "groups[" + group.id() + "]";
        if (requireAccount(repos, problems, path + ".account", group.account())) {
            for (String member : new TreeSet<>(group.members())) {
                checkContact(repos, problems, path + ".members", member, group.account());
            }
        }
    }

    private static void checkContact(Repositories repos, List<Problem> problems, String path, String contactId,
                                     String accountId) {
        Contact contact = repos.contacts().find(contactId).orElse(null);
        if (contact == null) {
            problems.add(new Problem(path, "contact " + contactId + " does not exist"));
        } else if (!contact.account().equals(accountId)) {
            problems.add(new Problem(path, "contact " + contactId + " belongs to account " + contact.account()
                    + ", not " + accountId));
        }
    }

    private static void checkPolicy(Repositories repos, List<Problem> problems, String path, AlarmPolicy policy,
                                    String accountId) {
        for (String contactId : new TreeSet<>(policy.contacts())) {
            checkContact(repos, problems, path + ".contacts", contactId, accountId);
        }
        for (String groupId : new TreeSet<>(policy.groups())) {
            ContactGroup group = repos.groups().find(groupId).orElse(null);
            if (group == null) {
                problems.add(new Problem(path + ".groups", "group " + groupId + " does not exist"));
            } else if (!group.account().equals(accountId)) {
                problems.add(new Problem(path + ".groups", "group " + groupId + " belongs to account "
                        + group.account() + ", not " + accountId));
            }
        }
    }

    /** A silence's or window's matchers name things of its account (shared with the engine's silences). */
    static void checkMatcher(Repositories repos, List<Problem> problems, String path, AlarmMatcher matcher,
                             String accountId) {
        if (matcher.vault() != null) {
            Vault vault = repos.vaults().find(matcher.vault()).orElse(null);
            if (vault == null) {
                problems.add(new Problem(path + ".vault", "vault " + matcher.vault() + " does not exist"));
            } else if (!vault.account().equals(accountId)) {
                problems.add(new Problem(path + ".vault", "vault " + matcher.vault() + " belongs to account "
                        + vault.account() + ", not " + accountId));
            }
        }
        if (matcher.instance() != null) {
            Instance instance = repos.instances().find(matcher.instance()).orElse(null);
            Vault vault = instance == null ? null : repos.vaults().find(instance.vault()).orElse(null);
            if (instance == null) {
                problems.add(new Problem(path + ".instance", "instance " + matcher.instance() + " does not exist"));
            } else if (vault != null && !vault.account().equals(accountId)) {
                problems.add(new Problem(path + ".instance", "instance " + matcher.instance() + " belongs to account "
                        + vault.account() + ", not " + accountId));
            }
        }
    }

    private static void inUse(String kind, String id, List<String> holders) {
        if (!holders.isEmpty()) {
            holders.sort(null);
            throw new InUseException(kind, id, holders);
        }
    }

    private static void reject(List<Problem> problems) {
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }
}
