package io.backupalarm.spi;

/**
 * The six repositories, as seen inside one transaction of a {@link ConfigurationStore}.
 *
 * <p>Used only on the thread that runs the transaction, inside the call; needs no thread safety of its own.
 */
public interface Repositories {

    /** @return the accounts */
    AccountRepository accounts();

    /** @return the contacts */
    ContactRepository contacts();

    /** @return the contact groups */
    ContactGroupRepository groups();

    /** @return the vaults */
    VaultRepository vaults();

    /** @return the instances */
    InstanceRepository instances();

    /** @return the maintenance windows */
    MaintenanceWindowRepository maintenanceWindows();
}
