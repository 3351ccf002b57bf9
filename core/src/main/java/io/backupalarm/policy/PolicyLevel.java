package io.backupalarm.policy;

/**
 * The level whose policy decided who is told.
 *
 * <p>Immutable and thread-safe.
 */
public enum PolicyLevel {
    /** The instance's own policy (any mode but {@code SAME_AS_VAULT}). */
    INSTANCE,
    /** The vault's policy, because the instance is {@code SAME_AS_VAULT}. */
    VAULT
}
