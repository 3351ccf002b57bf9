package io.backupalarm.config;

import io.backupalarm.internal.Checks;
import java.util.Set;

/**
 * A named set of one or more contacts of the same account. A member named twice counts once.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the group id
 * @param account the id of the owning account
 * @param name a display name, 1 to 64 characters without control characters
 * @param members the ids of its contacts; not empty
 */
public record ContactGroup(String id, String account, String name, Set<String> members) {

    /** Validates the group and copies its members. */
    public ContactGroup {
        Checks.id(id, "group id");
        Checks.id(account, "group " + id + " account");
        Checks.name(name, "group " + id + " name");
        members = Checks.ids(members, "group " + id + " members");
        if (members.isEmpty()) {
            throw new IllegalArgumentException("group " + id + " must have at least one member");
        }
    }
}
