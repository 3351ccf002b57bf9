package io.backupalarm.spi;

import io.backupalarm.config.Contact;
import java.util.List;

/** Keeps contacts. See {@link Repository} for the contract. */
public interface ContactRepository extends Repository<Contact> {

    /**
     * The contacts of an account.
     *
     * @param accountId the account id
     * @return the contacts, in any order; never {@code null}
     */
    List<Contact> findByAccount(String accountId);
}
