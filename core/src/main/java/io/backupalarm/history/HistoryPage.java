package io.backupalarm.history;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a history query: newest first, and the cursor of the next (older) page.
 *
 * <p>Immutable and thread-safe.
 *
 * @param items the entries, newest first; at most the query's limit
 * @param nextCursor what {@link HistoryQuery.Builder#after(String)} takes to read on; empty on the
 *        last page
 * @param <T> {@link AlarmHistoryEntry} or {@link DeliveryRecord}
 */
public record HistoryPage<T>(List<T> items, Optional<String> nextCursor) {

    /** Copies the items. */
    public HistoryPage {
        items = List.copyOf(items);
        Objects.requireNonNull(nextCursor, "nextCursor");
    }
}
