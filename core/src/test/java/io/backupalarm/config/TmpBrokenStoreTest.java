package io.backupalarm.config;

import io.backupalarm.spi.*;
import io.backupalarm.testkit.ConfigurationStoreContractTest;
import java.util.*;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

final class TmpBrokenStoreTest extends ConfigurationStoreContractTest {
    @Override
    protected ConfigurationStore createStore() {
        return new ConfigurationStore() {
            final Map<String, Account> a = new ConcurrentHashMap<>();
            final Map<String, Contact> c = new ConcurrentHashMap<>();
            final Map<String, ContactGroup> g = new ConcurrentHashMap<>();
            final Map<String, Vault> v = new ConcurrentHashMap<>();
            final Map<String, Instance> i = new ConcurrentHashMap<>();
            final Object lock = new Object();
            final Repositories repos = new Repositories() {
                public AccountRepository accounts() { return new AccountRepository() {
                    public Optional<Account> find(String id) { return Optional.ofNullable(a.get(id)); }
                    public void save(Account x) { a.put(x.id(), x); }
                    public boolean delete(String id) { return a.remove(id) != null; }
                    public List<Account> findAll() { return new ArrayList<>(a.values()); } }; }
                public ContactRepository contacts() { return new ContactRepository() {
                    public Optional<Contact> find(String id) { return Optional.ofNullable(c.get(id)); }
                    public void save(Contact x) { c.put(x.id(), x); }
                    public boolean delete(String id) { return c.remove(id) != null; }
                    public List<Contact> findByAccount(String acc) { return c.values().stream().filter(x -> x.account().equals(acc)).toList(); } }; }
                public ContactGroupRepository groups() { return new ContactGroupRepository() {
                    public Optional<ContactGroup> find(String id) { return Optional.ofNullable(g.get(id)); }
                    public void save(ContactGroup x) { g.put(x.id(), x); }
                    public boolean delete(String id) { return g.remove(id) != null; }
                    public List<ContactGroup> findByAccount(String acc) { return g.values().stream().filter(x -> x.account().equals(acc)).toList(); }
                    public List<ContactGroup> findByMember(String id) { return g.values().stream().filter(x -> x.members().contains(id)).toList(); } }; }
                public VaultRepository vaults() { return new VaultRepository() {
                    public Optional<Vault> find(String id) { return Optional.ofNullable(v.get(id)); }
                    public void save(Vault x) { v.put(x.id(), x); }
                    public boolean delete(String id) { return v.remove(id) != null; }
                    public List<Vault> findByAccount(String acc) { return v.values().stream().filter(x -> x.account().equals(acc)).toList(); }
                    public List<Vault> findByPolicyContact(String id) { return v.values().stream().filter(x -> x.alarmPolicy().namesContact(id)).toList(); }
                    public List<Vault> findByPolicyGroup(String id) { return v.values().stream().filter(x -> x.alarmPolicy().namesGroup(id)).toList(); } }; }
                public InstanceRepository instances() { return new InstanceRepository() {
                    public Optional<Instance> find(String id) { return Optional.ofNullable(i.get(id)); }
                    public void save(Instance x) { i.put(x.id(), x); }
                    public boolean delete(String id) { return i.remove(id) != null; }
                    public List<Instance> findByVault(String id) { return i.values().stream().filter(x -> x.vault().equals(id)).toList(); }
                    public List<Instance> findByPolicyContact(String id) { return i.values().stream().filter(x -> x.alarmPolicy().namesContact(id)).toList(); }
                    public List<Instance> findByPolicyGroup(String id) { return i.values().stream().filter(x -> x.alarmPolicy().namesGroup(id)).toList(); } }; }
            };
            // Reads are consistent (they take the lock); writes are not serialised: the bug under test.
            public <T> T read(Function<Repositories, T> work) { synchronized (lock) { return work.apply(repos); } }
            public <T> T write(String acc, Function<Repositories, T> work) { return work.apply(repos); }
        };
    }
}
