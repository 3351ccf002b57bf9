package io.backupalarm.spi;

/**
 * The five repositories, as seen inside one transaction of a {@link ConfigurationStore}.
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
}
