package io.backupalarm.policy;

import java.util.List;
import java.util.Objects;

/**
 * A recipient and every path that led to it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param recipient the channel and address
 * @param via every path, sorted: the account, then contacts named directly, then group paths
 */
public record ResolvedRecipient(Recipient recipient, List<Via> via) {

    /** Validates and copies. */
    public ResolvedRecipient {
        Objects.requireNonNull(recipient, "recipient");
        via = List.copyOf(via);
        if (via.isEmpty()) {
            throw new IllegalArgumentException("a resolved recipient has at least one path");
        }
    }
}
