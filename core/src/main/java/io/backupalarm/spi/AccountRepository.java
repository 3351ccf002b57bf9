package io.backupalarm.spi;

import io.backupalarm.config.Account;
import java.util.List;

/**
 * Keeps accounts. See {@link Repository} for the contract.
 *
 * <p>Used only inside a store transaction, on one thread; see {@link Repository} for thread safety.
 */
public interface AccountRepository extends Repository<Account> {

    /**
     * Every account.
     *
     * @return the accounts, in any order; never {@code null}
     */
    List<Account> findAll();
}
