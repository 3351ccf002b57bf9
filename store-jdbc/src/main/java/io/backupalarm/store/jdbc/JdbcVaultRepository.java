package io.backupalarm.store.jdbc;

import io.backupalarm.config.AlarmPolicy;
import io.backupalarm.config.PolicyMode;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.spi.VaultRepository;
import java.util.List;
import java.util.Set;

/**
 * Vaults in table {@code ba_vault}, the targets of their policies in
 * {@code ba_vault_policy_contact} and {@code ba_vault_policy_group}, within one transaction.
 * Used on its thread only.
 */
final class JdbcVaultRepository extends JdbcPolicyHolderRepository<Vault> implements VaultRepository {

    private static final Tables TABLES =
            new Tables("ba_vault", "account_id", "ba_vault_policy_contact", "ba_vault_policy_group", "vault_id");

    JdbcVaultRepository(Sql sql) {
        super(sql, TABLES);
    }

    @Override
    public List<Vault> findByAccount(String accountId) {
        return findByParent(accountId);
    }

    @Override
    Vault item(String id, String parent, String mode, Set<String> contacts, Set<String> groups) {
        return new Vault(id, parent, new VaultAlarmPolicy(PolicyMode.valueOf(mode), contacts, groups));
    }

    @Override
    String id(Vault vault) {
        return vault.id();
    }

    @Override
    String parent(Vault vault) {
        return vault.account();
    }

    @Override
    String mode(Vault vault) {
        return vault.alarmPolicy().mode().name();
    }

    @Override
    AlarmPolicy policy(Vault vault) {
        return vault.alarmPolicy();
    }
}
