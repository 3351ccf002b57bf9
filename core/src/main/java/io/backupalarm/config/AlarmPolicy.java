package io.backupalarm.config;

import java.util.Set;

/**
 * What a vault or an instance says about who is told. The two levels are different types, so
 * that a vault set to {@code SAME_AS_VAULT} cannot even be written.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface AlarmPolicy permits VaultAlarmPolicy, InstanceAlarmPolicy {

    /**
     * The contacts a {@code CUSTOMIZED} policy names.
     *
     * @return an unmodifiable set of contact ids; empty for other modes
     */
    Set<String> contacts();

    /**
     * The groups a {@code CUSTOMIZED} policy names.
     *
     * @return an unmodifiable set of group ids; empty for other modes
     */
    Set<String> groups();

    /**
     * Whether the policy names the contact.
     *
     * @param contactId a contact id
     * @return {@code true} if it is among {@link #contacts()}
     */
    default boolean namesContact(String contactId) {
        return contacts().contains(contactId);
    }

    /**
     * Whether the policy names the group.
     *
     * @param groupId a group id
     * @return {@code true} if it is among {@link #groups()}
     */
    default boolean namesGroup(String groupId) {
        return groups().contains(groupId);
    }
}
