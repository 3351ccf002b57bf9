package io.backupalarm.spi;

import io.backupalarm.config.ContactGroup;
import java.util.List;

/**
 * Keeps contact groups, with the reverse look-up that integrity needs.
 *
 * <p>Used only inside a store transaction, on one thread; see {@link Repository} for thread safety.
 */
public interface ContactGroupRepository extends Repository<ContactGroup> {

    /**
     * The groups of an account.
     *
     * @param accountId the account id
     * @return the groups, in any order; never {@code null}
     */
    List<ContactGroup> findByAccount(String accountId);

    /**
     * The groups that hold a contact (reverse look-up; index it in a database).
     *
     * @param contactId the contact id
     * @return the groups whose members include it, in any order; never {@code null}
     */
    List<ContactGroup> findByMember(String contactId);
}
