package io.backupalarm.store.jdbc;

import io.backupalarm.spi.AccountRepository;
import io.backupalarm.spi.ContactGroupRepository;
import io.backupalarm.spi.ContactRepository;
import io.backupalarm.spi.InstanceRepository;
import io.backupalarm.spi.MaintenanceWindowRepository;
import io.backupalarm.spi.Repositories;
import io.backupalarm.spi.VaultRepository;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The repositories of one transaction, on its statements. Used on the transaction's thread only.
 *
 * <p>{@link #remembering} answers the look-ups ({@code find...}) of a read inside a transaction at
 * the snapshot level that writes no configuration (a sweep of due alarms) from what the transaction
 * read before: every statement of such a transaction sees the same state, so a look-up made again
 * can only find what it found the first time. A sweep firing fifty alarms of one vault reads the
 * vault, its contacts and groups once, not fifty times.
 */
final class JdbcRepositories implements Repositories {

    private final AccountRepository accounts;
    private final ContactRepository contacts;
    private final ContactGroupRepository groups;
    private final VaultRepository vaults;
    private final InstanceRepository instances;
    private final MaintenanceWindowRepository windows;

    JdbcRepositories(Sql sql) {
        this.accounts = new JdbcAccountRepository(sql);
        this.contacts = new JdbcContactRepository(sql);
        this.groups = new JdbcContactGroupRepository(sql);
        this.vaults = new JdbcVaultRepository(sql);
        this.instances = new JdbcInstanceRepository(sql);
        this.windows = new JdbcMaintenanceWindowRepository(sql);
    }

    private JdbcRepositories(JdbcRepositories read, Map<List<Object>, Object> found) {
        this.accounts = remembering(AccountRepository.class, read.accounts, found);
        this.contacts = remembering(ContactRepository.class, read.contacts, found);
        this.groups = remembering(ContactGroupRepository.class, read.groups, found);
        this.vaults = remembering(VaultRepository.class, read.vaults, found);
        this.instances = remembering(InstanceRepository.class, read.instances, found);
        this.windows = remembering(MaintenanceWindowRepository.class, read.windows, found);
    }

    /**
     * Repositories whose look-ups answer from {@code found} what an earlier look-up of the same
     * transaction found (and add what they read to it); only for a transaction that sees one state
     * and writes no configuration. Lists come back unmodifiable.
     *
     * @param sql the transaction's statements, read-only
     * @param found what the transaction's look-ups found, by repository, method and arguments
     */
    static Repositories remembering(Sql sql, Map<List<Object>, Object> found) {
        return new JdbcRepositories(new JdbcRepositories(sql), found);
    }

    @SuppressWarnings("unchecked")
    private static <R> R remembering(Class<R> type, R repository, Map<List<Object>, Object> found) {
        return (R) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return call(repository, method, args);
            }
            boolean lookUp = method.getName().startsWith("find")
                    && (method.getReturnType() == Optional.class || method.getReturnType() == List.class);
            if (!lookUp) {
                return call(repository, method, args);
            }
            List<Object> key = new ArrayList<>();
            key.add(type);
            key.add(method.getName());
            if (args != null) {
                key.addAll(Arrays.asList(args));
            }
            Object known = found.get(key);
            if (known == null) {
                known = call(repository, method, args);
                if (known instanceof List<?> list) {
                    known = Collections.unmodifiableList(new ArrayList<>(list));
                }
                found.put(key, known);
            }
            return known;
        });
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public AccountRepository accounts() {
        return accounts;
    }

    @Override
    public ContactRepository contacts() {
        return contacts;
    }

    @Override
    public ContactGroupRepository groups() {
        return groups;
    }

    @Override
    public VaultRepository vaults() {
        return vaults;
    }

    @Override
    public InstanceRepository instances() {
        return instances;
    }

    @Override
    public MaintenanceWindowRepository maintenanceWindows() {
        return windows;
    }
}
