package io.backupalarm.config;

import io.backupalarm.internal.RepositoriesView;
import io.backupalarm.spi.Repositories;
import java.util.Optional;

/**
 * Read access to a configuration by id: what the recipient resolver needs. A {@link Configuration}
 * snapshot is one; so is a host's store seen inside a read transaction.
 *
 * <p>Implementations say whether they are thread-safe; {@link Configuration} is.
 */
public interface ConfigurationView {

    /**
     * The view of a store's repositories, as a {@link io.backupalarm.spi.ConfigurationStore#read
     * read transaction} hands them out; valid while that transaction runs.
     *
     * @param repositories the repositories
     * @return the view
     */
    static ConfigurationView of(Repositories repositories) {
        return new RepositoriesView(repositories);
    }

    /**
     * Looks an account up.
     *
     * @param id the id
     * @return the account, or empty
     */
    Optional<Account> account(String id);

    /**
     * Looks a contact up.
     *
     * @param id the id
     * @return the contact, or empty
     */
    Optional<Contact> contact(String id);

    /**
     * Looks a contact group up.
     *
     * @param id the id
     * @return the group, or empty
     */
    Optional<ContactGroup> group(String id);

    /**
     * Looks a vault up.
     *
     * @param id the id
     * @return the vault, or empty
     */
    Optional<Vault> vault(String id);

    /**
     * Looks an instance up.
     *
     * @param id the id
     * @return the instance, or empty
     */
    Optional<Instance> instance(String id);
}
