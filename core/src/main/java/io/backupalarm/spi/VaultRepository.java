package io.backupalarm.spi;

import io.backupalarm.config.Vault;
import java.util.List;

/**
 * Keeps vaults with their policies, with the reverse look-ups that integrity needs.
 *
 * <p>Used only inside a store transaction, on one thread; see {@link Repository} for thread safety.
 */
public interface VaultRepository extends Repository<Vault> {

    /**
     * The vaults of an account.
     *
     * @param accountId the account id
     * @return the vaults, in any order; never {@code null}
     */
    List<Vault> findByAccount(String accountId);

    /**
     * The vaults whose policy names a contact.
     *
     * @param contactId the contact id
     * @return the vaults, in any order; never {@code null}
     */
    List<Vault> findByPolicyContact(String contactId);

    /**
     * The vaults whose policy names a group.
     *
     * @param groupId the group id
     * @return the vaults, in any order; never {@code null}
     */
    List<Vault> findByPolicyGroup(String groupId);
}
