package io.backupalarm.config;

/**
 * The modes of an instance policy: those of {@link PolicyMode} plus {@link #SAME_AS_VAULT}.
 *
 * <p>Immutable and thread-safe.
 */
public enum InstancePolicyMode {
    /** Nobody is told, whatever the vault says. */
    DISABLED,
    /** The vault's policy applies. */
    SAME_AS_VAULT,
    /** The account's email and mobile are told, whatever the vault says. */
    DEFAULT,
    /** The contacts and groups the instance policy names are told, whatever the vault says. */
    CUSTOMIZED
}
