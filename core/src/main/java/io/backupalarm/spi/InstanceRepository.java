package io.backupalarm.spi;

import io.backupalarm.config.Instance;
import java.util.List;

/**
 * Keeps instances with their policies, with the reverse look-ups that integrity needs.
 *
 * <p>Used only inside a store transaction, on one thread; see {@link Repository} for thread safety.
 */
public interface InstanceRepository extends Repository<Instance> {

    /**
     * The instances of a vault.
     *
     * @param vaultId the vault id
     * @return the instances, in any order; never {@code null}
     */
    List<Instance> findByVault(String vaultId);

    /**
     * The instances whose policy names a contact.
     *
     * @param contactId the contact id
     * @return the instances, in any order; never {@code null}
     */
    List<Instance> findByPolicyContact(String contactId);

    /**
     * The instances whose policy names a group.
     *
     * @param groupId the group id
     * @return the instances, in any order; never {@code null}
     */
    List<Instance> findByPolicyGroup(String groupId);
}
