package io.backupalarm.config;

import io.backupalarm.internal.Checks;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/**
 * The vault-level alarm policy: {@code DISABLED}, {@code DEFAULT} (the account's addresses) or
 * {@code CUSTOMIZED} (named contacts and groups). A vault without a policy is {@code DEFAULT}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param mode the mode
 * @param contacts the contacts a {@code CUSTOMIZED} policy names; empty otherwise
 * @param groups the groups a {@code CUSTOMIZED} policy names; empty otherwise
 */
public record VaultAlarmPolicy(PolicyMode mode, Set<String> contacts, Set<String> groups) implements AlarmPolicy {

    /** Nobody is told. */
    public static final VaultAlarmPolicy DISABLED = new VaultAlarmPolicy(PolicyMode.DISABLED, Set.of(), Set.of());

    /** The account's addresses are told. */
    public static final VaultAlarmPolicy DEFAULT = new VaultAlarmPolicy(PolicyMode.DEFAULT, Set.of(), Set.of());

    /** Validates the policy: a {@code CUSTOMIZED} policy names something, other modes nothing. */
    public VaultAlarmPolicy {
        Objects.requireNonNull(mode, "mode");
        contacts = Checks.ids(contacts, "alarmPolicy contacts");
        groups = Checks.ids(groups, "alarmPolicy groups");
        PolicyRules.check(mode == PolicyMode.CUSTOMIZED, mode.name(), contacts, groups);
    }

    /**
     * A {@code CUSTOMIZED} policy.
     *
     * @param contacts the contacts it names
     * @param groups the groups it names; at least one of the two is not empty
     * @return the policy
     */
    public static VaultAlarmPolicy customized(Collection<String> contacts, Collection<String> groups) {
        return new VaultAlarmPolicy(PolicyMode.CUSTOMIZED, Set.copyOf(contacts), Set.copyOf(groups));
    }

    /**
     * A policy of a mode that names nothing.
     *
     * @param mode {@code DISABLED} or {@code DEFAULT}
     * @return the policy
     * @throws IllegalArgumentException for {@code CUSTOMIZED}
     */
    public static VaultAlarmPolicy of(PolicyMode mode) {
        return new VaultAlarmPolicy(mode, Set.of(), Set.of());
    }
}
