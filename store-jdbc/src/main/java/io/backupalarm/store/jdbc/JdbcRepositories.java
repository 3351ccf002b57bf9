package io.backupalarm.store.jdbc;

import io.backupalarm.spi.AccountRepository;
import io.backupalarm.spi.ContactGroupRepository;
import io.backupalarm.spi.ContactRepository;
import io.backupalarm.spi.InstanceRepository;
import io.backupalarm.spi.MaintenanceWindowRepository;
import io.backupalarm.spi.Repositories;
import io.backupalarm.spi.VaultRepository;

/** The repositories of one transaction, on its statements. Used on the transaction's thread only. */
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
