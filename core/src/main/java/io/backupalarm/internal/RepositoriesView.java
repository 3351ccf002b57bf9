package io.backupalarm.internal;

import io.backupalarm.config.Account;
import io.backupalarm.config.ConfigurationView;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactGroup;
import io.backupalarm.config.Instance;
import io.backupalarm.config.Vault;
import io.backupalarm.spi.Repositories;
import java.util.Optional;

/** A {@link ConfigurationView} over the repositories of one read transaction. */
public record RepositoriesView(Repositories repositories) implements ConfigurationView {

    @Override
    public Optional<Account> account(String id) {
        return repositories.accounts().find(id);
    }

    @Override
    public Optional<Contact> contact(String id) {
        return repositories.contacts().find(id);
    }

    @Override
    public Optional<ContactGroup> group(String id) {
        return repositories.groups().find(id);
    }

    @Override
    public Optional<Vault> vault(String id) {
        return repositories.vaults().find(id);
    }

    @Override
    public Optional<Instance> instance(String id) {
        return repositories.instances().find(id);
    }
}
