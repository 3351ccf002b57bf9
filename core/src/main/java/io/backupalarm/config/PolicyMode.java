package io.backupalarm.config;

/**
 * The modes of a vault policy, which are also the modes a policy can resolve to.
 *
 * <p>Immutable and thread-safe.
 */
public enum PolicyMode {
    /** Nobody is told. */
    DISABLED,
    /** The account's email and mobile are told. */
    DEFAULT,
    /** The contacts and groups the policy names are told. */
    CUSTOMIZED
}
