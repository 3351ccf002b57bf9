package io.backupalarm.policy;

import java.util.Comparator;

/**
 * One path that led to an address: the account (a {@code DEFAULT} policy), a contact named
 * directly, or a contact reached through a group.
 *
 * <p>Immutable and thread-safe.
 *
 * @param account the account, for a {@code DEFAULT} policy; else {@code null}
 * @param contact the contact; {@code null} for a {@code DEFAULT} policy
 * @param group the group the contact was reached through, or {@code null} if named directly
 */
public record Via(String account, String contact, String group) implements Comparable<Via> {

    private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.<String>naturalOrder());
    private static final Comparator<Via> ORDER = Comparator.<Via, String>comparing(Via::account, NULLS_FIRST)
            .thenComparing(Via::group, NULLS_FIRST)
            .thenComparing(Via::contact, NULLS_FIRST);

    /** Checks that exactly one kind of path is described. */
    public Via {
        if ((account == null) == (contact == null)) {
            throw new IllegalArgumentException("a path names either an account or a contact");
        }
        if (group != null && contact == null) {
            throw new IllegalArgumentException("a group path names its contact");
        }
    }

    /**
     * The account's own address ({@code DEFAULT} policy).
     *
     * @param account the account id
     * @return the path
     */
    public static Via account(String account) {
        return new Via(account, null, null);
    }

    /**
     * A contact named by the policy.
     *
     * @param contact the contact id
     * @return the path
     */
    public static Via contact(String contact) {
        return new Via(null, contact, null);
    }

    /**
     * A contact reached through a group named by the policy.
     *
     * @param contact the contact id
     * @param group the group id
     * @return the path
     */
    public static Via group(String contact, String group) {
        return new Via(null, contact, group);
    }

    /** Orders the account first, then contacts named directly, then group paths. */
    @Override
    public int compareTo(Via other) {
        return ORDER.compare(this, other);
    }
}
