package io.backupalarm.config;

import io.backupalarm.ValidationException;
import io.backupalarm.ValidationException.Problem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A whole configuration, checked against every integrity rule: ids unique within a kind, every
 * reference to an existing item of the same account. An invalid configuration cannot be built.
 *
 * <p>Used to load a configuration file, to seed an in-memory store, and as a fast read-only
 * {@link ConfigurationView}. Immutable and thread-safe.
 */
public final class Configuration implements ConfigurationView {

    private static final Configuration EMPTY = builder().build();

    private final Map<String, Account> accounts;
    private final Map<String, Contact> contacts;
    private final Map<String, ContactGroup> groups;
    private final Map<String, Vault> vaults;
    private final Map<String, Instance> instances;
    private final Map<String, MaintenanceWindow> maintenanceWindows;

    private Configuration(Builder builder) {
        this.accounts = Collections.unmodifiableMap(new LinkedHashMap<>(builder.accounts));
        this.contacts = Collections.unmodifiableMap(new LinkedHashMap<>(builder.contacts));
        this.groups = Collections.unmodifiableMap(new LinkedHashMap<>(builder.groups));
        this.vaults = Collections.unmodifiableMap(new LinkedHashMap<>(builder.vaults));
        this.instances = Collections.unmodifiableMap(new LinkedHashMap<>(builder.instances));
        this.maintenanceWindows = Collections.unmodifiableMap(new LinkedHashMap<>(builder.maintenanceWindows));
    }

    /**
     * The configuration with nothing in it.
     *
     * @return the empty configuration
     */
    public static Configuration empty() {
        return EMPTY;
    }

    /**
     * A builder for a configuration.
     *
     * @return a new, empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder that starts with everything in this configuration.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        accounts.values().forEach(builder::account);
        contacts.values().forEach(builder::contact);
        groups.values().forEach(builder::group);
        vaults.values().forEach(builder::vault);
        instances.values().forEach(builder::instance);
        maintenanceWindows.values().forEach(builder::maintenanceWindow);
        return builder;
    }

    @Override
    public Optional<Account> account(String id) {
        return Optional.ofNullable(accounts.get(id));
    }

    @Override
    public Optional<Contact> contact(String id) {
        return Optional.ofNullable(contacts.get(id));
    }

    @Override
    public Optional<ContactGroup> group(String id) {
        return Optional.ofNullable(groups.get(id));
    }

    @Override
    public Optional<Vault> vault(String id) {
        return Optional.ofNullable(vaults.get(id));
    }

    @Override
    public Optional<Instance> instance(String id) {
        return Optional.ofNullable(instances.get(id));
    }

    /** @return every account, in insertion order */
    public Collection<Account> accounts() {
        return accounts.values();
    }

    /** @return every contact, in insertion order */
    public Collection<Contact> contacts() {
        return contacts.values();
    }

    /** @return every group, in insertion order */
    public Collection<ContactGroup> groups() {
        return groups.values();
    }

    /** @return every vault, in insertion order */
    public Collection<Vault> vaults() {
        return vaults.values();
    }

    /** @return every instance, in insertion order */
    public Collection<Instance> instances() {
        return instances.values();
    }

    /** @return every maintenance window, in insertion order */
    public Collection<MaintenanceWindow> maintenanceWindows() {
        return maintenanceWindows.values();
    }

    /**
     * The account an instance belongs to, through its vault.
     *
     * @param instance an instance of this configuration
     * @return the account id
     */
    public String accountOf(Instance instance) {
        return vaults.get(instance.vault()).account();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Configuration that
                && accounts.equals(that.accounts) && contacts.equals(that.contacts) && groups.equals(that.groups)
                && vaults.equals(that.vaults) && instances.equals(that.instances)
                && maintenanceWindows.equals(that.maintenanceWindows);
    }

    @Override
    public int hashCode() {
        return Objects.hash(accounts, contacts, groups, vaults, instances, maintenanceWindows);
    }

    @Override
    public String toString() {
        return "Configuration[" + accounts.size() + " accounts, " + contacts.size() + " contacts, "
                + groups.size() + " groups, " + vaults.size() + " vaults, " + instances.size() + " instances, "
                + maintenanceWindows.size() + " maintenance windows]";
    }

    /**
     * Collects items and checks them all at {@link #build()}. Adding an item of an id already
     * present is reported by {@code build()} as a duplicate. Not thread-safe.
     */
    public static final class Builder {

        private final Map<String, Account> accounts = new LinkedHashMap<>();
        private final Map<String, Contact> contacts = new LinkedHashMap<>();
        private final Map<String, ContactGroup> groups = new LinkedHashMap<>();
        private final Map<String, Vault> vaults = new LinkedHashMap<>();
        private final Map<String, Instance> instances = new LinkedHashMap<>();
        private final Map<String, MaintenanceWindow> maintenanceWindows = new LinkedHashMap<>();
        private final List<Problem> problems = new ArrayList<>();

        private Builder() {
        }

        /**
         * Adds an account.
         *
         * @param account the account
         * @return this builder
         */
        public Builder account(Account account) {
            return add(accounts, "accounts", account, Account::id);
        }

        /**
         * Adds a contact.
         *
         * @param contact the contact
         * @return this builder
         */
        public Builder contact(Contact contact) {
            return add(contacts, "contacts", contact, Contact::id);
        }

        /**
         * Adds a contact group.
         *
         * @param group the group
         * @return this builder
         */
        public Builder group(ContactGroup group) {
            return add(groups, "groups", group, ContactGroup::id);
        }

        /**
         * Adds a vault.
         *
         * @param vault the vault
         * @return this builder
         */
        public Builder vault(Vault vault) {
            return add(vaults, "vaults", vault, Vault::id);
        }

        /**
         * Adds an instance.
         *
         * @param instance the instance
         * @return this builder
         */
        public Builder instance(Instance instance) {
            return add(instances, "instances", instance, Instance::id);
        }

        /**
         * Adds a maintenance window.
         *
         * @param window the window
         * @return this builder
         */
        public Builder maintenanceWindow(MaintenanceWindow window) {
            return add(maintenanceWindows, "maintenanceWindows", window, MaintenanceWindow::id);
        }

        /**
         * Replaces a vault's policy.
         *
         * @param vaultId the vault
         * @param policy the new policy
         * @return this builder
         * @throws io.backupalarm.NotFoundException if the vault was not added
         */
        public Builder vaultPolicy(String vaultId, VaultAlarmPolicy policy) {
            Vault vault = vaults.get(vaultId);
            if (vault == null) {
                throw new io.backupalarm.NotFoundException("vault", vaultId);
            }
            vaults.put(vaultId, vault.withAlarmPolicy(policy));
            return this;
        }

        /**
         * Replaces an instance's policy.
         *
         * @param instanceId the instance
         * @param policy the new policy
         * @return this builder
         * @throws io.backupalarm.NotFoundException if the instance was not added
         */
        public Builder instancePolicy(String instanceId, InstanceAlarmPolicy policy) {
            Instance instance = instances.get(instanceId);
            if (instance == null) {
                throw new io.backupalarm.NotFoundException("instance", instanceId);
            }
            instances.put(instanceId, instance.withAlarmPolicy(policy));
            return this;
        }

        /**
         * Checks every rule and builds the configuration.
         *
         * @return the configuration
         * @throws ValidationException listing every problem found: duplicate ids, references to
         *         missing items or to items of another account
         */
        public Configuration build() {
            List<Problem> found = new ArrayList<>(problems);
            for (Contact contact : contacts.values()) {
                requireAccount(found, "contacts[" + contact.id() + "].account", contact.account());
            }
            for (ContactGroup group : groups.values()) {
                String path = "groups[" + group.id() + "]";
                requireAccount(found, path + ".account", group.account());
                for (String member : sorted(group.members())) {
                    requireContact(found, path + ".members", member, group.account());
                }
            }
            for (Vault vault : vaults.values()) {
                String path = "vaults[" + vault.id() + "]";
                requireAccount(found, path + ".account", vault.account());
                requirePolicyTargets(found, path + ".alarmPolicy", vault.alarmPolicy(), vault.account());
            }
            for (Instance instance : instances.values()) {
                String path = "instances[" + instance.id() + "]";
                Vault vault = vaults.get(instance.vault());
                if (vault == null) {
                    found.add(new Problem(path + ".vault", "vault " + instance.vault() + " does not exist"));
                } else {
                    requirePolicyTargets(found, path + ".alarmPolicy", instance.alarmPolicy(), vault.account());
                }
            }
            for (MaintenanceWindow window : maintenanceWindows.values()) {
                String path = "maintenanceWindows[" + window.id() + "]";
                requireAccount(found, path + ".account", window.account());
                requireMatcherTargets(found, path, window.matcher(), window.account());
            }
            if (!found.isEmpty()) {
                throw new ValidationException(found);
            }
            return new Configuration(this);
        }

        private <T> Builder add(Map<String, T> map, String kind, T item, Function<T, String> id) {
            Objects.requireNonNull(item, kind);
            String key = id.apply(item);
            if (map.putIfAbsent(key, item) != null) {
                problems.add(new Problem(kind + "[" + key + "]", "duplicate id " + key + " in " + kind));
            }
            return this;
        }

        private void requireAccount(List<Problem> found, String path, String accountId) {
            if (!accounts.containsKey(accountId)) {
                found.add(new Problem(path, "account " + accountId + " does not exist"));
            }
        }

        private void requireContact(List<Problem> found, String path, String contactId, String accountId) {
            Contact contact = contacts.get(contactId);
            if (contact == null) {
                found.add(new Problem(path, "contact " + contactId + " does not exist"));
            } else if (!contact.account().equals(accountId)) {
                found.add(new Problem(path, "contact " + contactId + " belongs to account " + contact.account()
                        + ", not " + accountId));
            }
        }

        private void requirePolicyTargets(List<Problem> found, String path, AlarmPolicy policy, String accountId) {
            for (String contactId : sorted(policy.contacts())) {
                requireContact(found, path + ".contacts", contactId, accountId);
            }
            for (String groupId : sorted(policy.groups())) {
                ContactGroup group = groups.get(groupId);
                if (group == null) {
                    found.add(new Problem(path + ".groups", "group " + groupId + " does not exist"));
                } else if (!group.account().equals(accountId)) {
                    found.add(new Problem(path + ".groups", "group " + groupId + " belongs to account "
                            + group.account() + ", not " + accountId));
                }
            }
        }

        private void requireMatcherTargets(List<Problem> found, String path, AlarmMatcher matcher, String accountId) {
            if (matcher.vault() != null) {
                Vault vault = vaults.get(matcher.vault());
                if (vault == null) {
                    found.add(new Problem(path + ".vault", "vault " + matcher.vault() + " does not exist"));
                } else if (!vault.account().equals(accountId)) {
                    found.add(new Problem(path + ".vault", "vault " + matcher.vault() + " belongs to account "
                            + vault.account() + ", not " + accountId));
                }
            }
            if (matcher.instance() != null) {
                Instance instance = instances.get(matcher.instance());
                Vault vault = instance == null ? null : vaults.get(instance.vault());
                if (instance == null) {
                    found.add(new Problem(path + ".instance", "instance " + matcher.instance() + " does not exist"));
                } else if (vault != null && !vault.account().equals(accountId)) {
                    found.add(new Problem(path + ".instance", "instance " + matcher.instance() + " belongs to account "
                            + vault.account() + ", not " + accountId));
                }
            }
        }

        private static List<String> sorted(Collection<String> ids) {
            List<String> list = new ArrayList<>(ids);
            Collections.sort(list);
            return list;
        }
    }
}
