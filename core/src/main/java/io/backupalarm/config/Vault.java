package io.backupalarm.config;

import io.backupalarm.internal.Checks;

/**
 * A vault: it holds backup clients (instances) and carries the vault-level alarm policy.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the vault id
 * @param account the id of the owning account
 * @param alarmPolicy the vault's policy; {@code null} means {@link VaultAlarmPolicy#DEFAULT}
 */
public record Vault(String id, String account, VaultAlarmPolicy alarmPolicy) {

    /** Validates the vault; an absent policy becomes {@code DEFAULT}. */
    public Vault {
        Checks.id(id, "vault id");
        Checks.id(account, "vault " + id + " account");
        if (alarmPolicy == null) {
            alarmPolicy = VaultAlarmPolicy.DEFAULT;
        }
    }

    /**
     * A vault with the {@code DEFAULT} policy.
     *
     * @param id the vault id
     * @param account the id of the owning account
     */
    public Vault(String id, String account) {
        this(id, account, VaultAlarmPolicy.DEFAULT);
    }

    /**
     * A copy with another policy.
     *
     * @param policy the new policy
     * @return the copy
     */
    public Vault withAlarmPolicy(VaultAlarmPolicy policy) {
        return new Vault(id, account, policy);
    }
}
