package io.backupalarm.internal;

import io.backupalarm.config.Account;
import io.backupalarm.config.Configuration;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactGroup;
import io.backupalarm.config.Instance;
import io.backupalarm.config.MaintenanceWindow;
import io.backupalarm.config.Vault;
import io.backupalarm.spi.AccountRepository;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.ContactGroupRepository;
import io.backupalarm.spi.ContactRepository;
import io.backupalarm.spi.InstanceRepository;
import io.backupalarm.spi.MaintenanceWindowRepository;
import io.backupalarm.spi.Repositories;
import io.backupalarm.spi.VaultRepository;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A {@link ConfigurationStore} in memory. Writes are serialised by one lock (stronger than the
 * per-account contract asks) and undone from a journal when the work throws. Thread-safe.
 */
public final class InMemoryConfigurationStore implements ConfigurationStore {

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Deque<Runnable> undo = new ArrayDeque<>();
    private final Table<Account> accounts = new Table<>(Account::id);
    private final Table<Contact> contacts = new Table<>(Contact::id);
    private final Table<ContactGroup> groups = new Table<>(ContactGroup::id);
    private final Table<Vault> vaults = new Table<>(Vault::id);
    private final Table<Instance> instances = new Table<>(Instance::id);
    private final Table<MaintenanceWindow> windows = new Table<>(MaintenanceWindow::id);
    private final Repositories repositories = new Repos();

    /** Creates an empty store. */
    public InMemoryConfigurationStore() {
    }

    /**
     * Creates a store holding a configuration.
     *
     * @param seed the configuration, already checked
     */
    public InMemoryConfigurationStore(Configuration seed) {
        seed.accounts().forEach(a -> accounts.rows.put(a.id(), a));
        seed.contacts().forEach(c -> contacts.rows.put(c.id(), c));
        seed.groups().forEach(g -> groups.rows.put(g.id(), g));
        seed.vaults().forEach(v -> vaults.rows.put(v.id(), v));
        seed.instances().forEach(i -> instances.rows.put(i.id(), i));
        seed.maintenanceWindows().forEach(w -> windows.rows.put(w.id(), w));
    }

    @Override
    public <T> T read(Function<Repositories, T> work) {
        lock.readLock().lock();
        try {
            return work.apply(repositories);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Two look-ups under the read lock, without the default's lambdas: every opening event asks. */
    @Override
    public Optional<InstanceScope> scopeOf(String instanceId) {
        lock.readLock().lock();
        try {
            Instance instance = instances.rows.get(instanceId);
            if (instance == null) {
                return Optional.empty();
            }
            Vault vault = vaults.rows.get(instance.vault());
            return Optional.of(vault == null ? new InstanceScope(instance.id(), null, null)
                    : new InstanceScope(instance.id(), vault.id(), vault.account()));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public <T> T write(String accountId, Function<Repositories, T> work) {
        Objects.requireNonNull(accountId, "accountId");
        lock.writeLock().lock();
        // A write nested in another one (same thread, re-entrant lock) shares the journal: it undoes
        // only what it wrote itself, and only the outermost write forgets the journal.
        if (((ReentrantReadWriteLock) lock).getWriteHoldCount() == 1) {
            undo.clear();
        }
        int mark = undo.size();
        try {
            try {
                return work.apply(repositories);
            } catch (RuntimeException | Error e) {
                while (undo.size() > mark) {
                    undo.pop().run();
                }
                throw e;
            }
        } finally {
            if (((ReentrantReadWriteLock) lock).getWriteHoldCount() == 1) {
                undo.clear();
            }
            lock.writeLock().unlock();
        }
    }

    /** One map of rows by id; every write inside a transaction journals how to undo it. */
    private final class Table<T> {
        final Map<String, T> rows = new HashMap<>();
        final Function<T, String> id;

        Table(Function<T, String> id) {
            this.id = id;
        }

        Optional<T> find(String key) {
            return Optional.ofNullable(rows.get(key));
        }

        void save(T item) {
            requireWriting();
            String key = id.apply(Objects.requireNonNull(item, "item"));
            T previous = rows.put(key, item);
            undo.push(() -> restore(key, previous));
        }

        boolean delete(String key) {
            requireWriting();
            T previous = rows.remove(key);
            if (previous != null) {
                undo.push(() -> rows.put(key, previous));
            }
            return previous != null;
        }

        List<T> where(Predicate<T> filter) {
            List<T> out = new ArrayList<>();
            for (T row : rows.values()) {
                if (filter.test(row)) {
                    out.add(row);
                }
            }
            return out;
        }

        private void restore(String key, T previous) {
            if (previous == null) {
                rows.remove(key);
            } else {
                rows.put(key, previous);
            }
        }

        private void requireWriting() {
            if (!((ReentrantReadWriteLock) lock).isWriteLockedByCurrentThread()) {
                throw new IllegalStateException("the configuration can only be changed inside write()");
            }
        }
    }

    private final class Repos implements Repositories {
        private final AccountRepository accountRepository = new AccountRepository() {
            @Override public Optional<Account> find(String id) { return accounts.find(id); }
            @Override public void save(Account item) { accounts.save(item); }
            @Override public boolean delete(String id) { return accounts.delete(id); }
            @Override public List<Account> findAll() { return accounts.where(a -> true); }
        };
        private final ContactRepository contactRepository = new ContactRepository() {
            @Override public Optional<Contact> find(String id) { return contacts.find(id); }
            @Override public void save(Contact item) { contacts.save(item); }
            @Override public boolean delete(String id) { return contacts.delete(id); }
            @Override public List<Contact> findByAccount(String accountId) {
                return contacts.where(c -> c.account().equals(accountId));
            }
        };
        private final ContactGroupRepository groupRepository = new ContactGroupRepository() {
            @Override public Optional<ContactGroup> find(String id) { return groups.find(id); }
            @Override public void save(ContactGroup item) { groups.save(item); }
            @Override public boolean delete(String id) { return groups.delete(id); }
            @Override public List<ContactGroup> findByAccount(String accountId) {
                return groups.where(g -> g.account().equals(accountId));
            }
            @Override public List<ContactGroup> findByMember(String contactId) {
                return groups.where(g -> g.members().contains(contactId));
            }
        };
        private final VaultRepository vaultRepository = new VaultRepository() {
            @Override public Optional<Vault> find(String id) { return vaults.find(id); }
            @Override public void save(Vault item) { vaults.save(item); }
            @Override public boolean delete(String id) { return vaults.delete(id); }
            @Override public List<Vault> findByAccount(String accountId) {
                return vaults.where(v -> v.account().equals(accountId));
            }
            @Override public List<Vault> findByPolicyContact(String contactId) {
                return vaults.where(v -> v.alarmPolicy().namesContact(contactId));
            }
            @Override public List<Vault> findByPolicyGroup(String groupId) {
                return vaults.where(v -> v.alarmPolicy().namesGroup(groupId));
            }
        };
        private final InstanceRepository instanceRepository = new InstanceRepository() {
            @Override public Optional<Instance> find(String id) { return instances.find(id); }
            @Override public void save(Instance item) { instances.save(item); }
            @Override public boolean delete(String id) { return instances.delete(id); }
            @Override public List<Instance> findByVault(String vaultId) {
                return instances.where(i -> i.vault().equals(vaultId));
            }
            @Override public List<Instance> findByPolicyContact(String contactId) {
                return instances.where(i -> i.alarmPolicy().namesContact(contactId));
            }
            @Override public List<Instance> findByPolicyGroup(String groupId) {
                return instances.where(i -> i.alarmPolicy().namesGroup(groupId));
            }
        };
        private final MaintenanceWindowRepository windowRepository = new MaintenanceWindowRepository() {
            @Override public Optional<MaintenanceWindow> find(String id) { return windows.find(id); }
            @Override public void save(MaintenanceWindow item) { windows.save(item); }
            @Override public boolean delete(String id) { return windows.delete(id); }
            @Override public List<MaintenanceWindow> findByAccount(String accountId) {
                return windows.where(w -> w.account().equals(accountId));
            }
            @Override public List<MaintenanceWindow> findByVault(String vaultId) {
                return windows.where(w -> vaultId.equals(w.matcher().vault()));
            }
            @Override public List<MaintenanceWindow> findByInstance(String instanceId) {
                return windows.where(w -> instanceId.equals(w.matcher().instance()));
            }
        };

        @Override public AccountRepository accounts() { return accountRepository; }
        @Override public ContactRepository contacts() { return contactRepository; }
        @Override public ContactGroupRepository groups() { return groupRepository; }
        @Override public VaultRepository vaults() { return vaultRepository; }
        @Override public InstanceRepository instances() { return instanceRepository; }
        @Override public MaintenanceWindowRepository maintenanceWindows() { return windowRepository; }
    }
}
