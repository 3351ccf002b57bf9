package io.backupalarm.config;

import io.backupalarm.internal.Checks;

/**
 * A backup client (on a cloud instance, a local host or a local VM). It belongs to exactly one
 * vault, and through it to the vault's account.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the instance id
 * @param vault the id of its vault
 * @param alarmPolicy the instance's policy; {@code null} means
 *        {@link InstanceAlarmPolicy#SAME_AS_VAULT}
 */
public record Instance(String id, String vault, InstanceAlarmPolicy alarmPolicy) {

    /** Validates the instance; an absent policy becomes {@code SAME_AS_VAULT}. */
    public Instance {
        Checks.id(id, "instance id");
        Checks.id(vault, "instance " + id + " vault");
        if (alarmPolicy == null) {
            alarmPolicy = InstanceAlarmPolicy.SAME_AS_VAULT;
        }
    }

    /**
     * An instance that follows its vault's policy ({@code SAME_AS_VAULT}).
     *
     * @param id the instance id
     * @param vault the id of its vault
     */
    public Instance(String id, String vault) {
        this(id, vault, InstanceAlarmPolicy.SAME_AS_VAULT);
    }

    /**
     * A copy with another policy.
     *
     * @param policy the new policy
     * @return the copy
     */
    public Instance withAlarmPolicy(InstanceAlarmPolicy policy) {
        return new Instance(id, vault, policy);
    }
}
