package io.backupalarm.config;

import io.backupalarm.internal.Checks;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/**
 * The instance-level alarm policy. Any mode but {@code SAME_AS_VAULT} takes precedence over the
 * vault's policy. An instance without a policy is {@code SAME_AS_VAULT}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param mode the mode
 * @param contacts the contacts a {@code CUSTOMIZED} policy names; empty otherwise
 * @param groups the groups a {@code CUSTOMIZED} policy names; empty otherwise
 */
public record InstanceAlarmPolicy(InstancePolicyMode mode, Set<String> contacts, Set<String> groups)
        implements AlarmPolicy {

    /** Nobody is told. */
    public static final InstanceAlarmPolicy DISABLED =
            new InstanceAlarmPolicy(InstancePolicyMode.DISABLED, Set.of(), Set.of());

    /** The vault's policy applies. */
    public static final InstanceAlarmPolicy SAME_AS_VAULT =
            new InstanceAlarmPolicy(InstancePolicyMode.SAME_AS_VAULT, Set.of(), Set.of());

    /** The account's addresses are told. */
    public static final InstanceAlarmPolicy DEFAULT =
            new InstanceAlarmPolicy(InstancePolicyMode.DEFAULT, Set.of(), Set.of());

    /** Validates the policy: a {@code CUSTOMIZED} policy names something, other modes nothing. */
    public InstanceAlarmPolicy {
        Objects.requireNonNull(mode, "mode");
        contacts = Checks.ids(contacts, "alarmPolicy contacts");
        groups = Checks.ids(groups, "alarmPolicy groups");
        PolicyRules.check(mode == InstancePolicyMode.CUSTOMIZED, mode.name(), contacts, groups);
    }

    /**
     * A {@code CUSTOMIZED} policy.
     *
     * @param contacts the contacts it names
     * @param groups the groups it names; at least one of the two is not empty
     * @return the policy
     */
    public static InstanceAlarmPolicy customized(Collection<String> contacts, Collection<String> groups) {
        return new InstanceAlarmPolicy(InstancePolicyMode.CUSTOMIZED, Set.copyOf(contacts), Set.copyOf(groups));
    }

    /**
     * A policy of a mode that names nothing.
     *
     * @param mode any mode but {@code CUSTOMIZED}
     * @return the policy
     * @throws IllegalArgumentException for {@code CUSTOMIZED}
     */
    public static InstanceAlarmPolicy of(InstancePolicyMode mode) {
        return new InstanceAlarmPolicy(mode, Set.of(), Set.of());
    }
}
