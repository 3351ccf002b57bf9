package io.backupalarm.policy;

import io.backupalarm.config.PolicyMode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who receives an alarm for an instance, and why.
 *
 * <p>Immutable and thread-safe.
 *
 * @param instance the instance id
 * @param vault its vault id
 * @param account its account id
 * @param decidedBy the level whose policy applied
 * @param mode the effective mode
 * @param recipients every recipient once, sorted by channel then address
 */
public record Resolution(String instance, String vault, String account, PolicyLevel decidedBy, PolicyMode mode,
                         List<ResolvedRecipient> recipients) {

    /** Validates and copies. */
    public Resolution {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(vault, "vault");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(decidedBy, "decidedBy");
        Objects.requireNonNull(mode, "mode");
        recipients = List.copyOf(recipients);
    }

    /**
     * The recipients without their paths.
     *
     * @return an unmodifiable set in the order of {@link #recipients()}
     */
    public Set<Recipient> recipientSet() {
        Set<Recipient> set = new LinkedHashSet<>();
        recipients.forEach(r -> set.add(r.recipient()));
        return java.util.Collections.unmodifiableSet(set);
    }
}
