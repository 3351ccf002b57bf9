package io.backupalarm.store.jdbc;

import io.backupalarm.spi.AccountRepository;
import io.backupalarm.spi.ContactGroupRepository;
import io.backupalarm.spi.ContactRepository;
import io.backupalarm.spi.InstanceRepository;
import io.backupalarm.spi.Repositories;
import io.backupalarm.spi.VaultRepository;

/** The repositories of one transaction, on its statements. Used on the transaction's thread only. */
final class JdbcRepositories implements Repositories {

    private final AccountRepository accounts;
    private final ContactRepository contacts;
    private final ContactGroupRepository groups;
    private final VaultRepository vaults;
    private final InstanceRepository instances;

    JdbcRepositories(Sql sql) {
        this.accounts = new JdbcAccountRepository(sql);
        this.contacts = new JdbcContactRepository(sql);
        this.groups = new JdbcContactGroupRepository(sql);
        this.vaults = new JdbcVaultRepository(sql);
        this.instances = new JdbcInstanceRepository(sql);
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
    public io.backupalarm.spi.MaintenanceWindowRepository maintenanceWindows() {
        throw new UnsupportedOperationException("maintenance windows are not stored yet");
    }
}
