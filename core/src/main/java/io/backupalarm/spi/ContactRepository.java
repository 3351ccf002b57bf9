package io.backupalarm.spi;

import io.backupalarm.config.Contact;
import java.util.List;

/**
 * Keeps contacts. See {@link Repository} for the contract.
 *
 * <p>Used only inside a store transaction, on one thread; see {@link Repository} for thread safety.
 */
public interface ContactRepository extends Repository<Contact> {

    /**
     * The contacts of an account.
     *
     * @param accountId the account id
     * @return the contacts, in any order; never {@code null}
     */
    List<Contact> findByAccount(String accountId);
}
