package io.backupalarm.store.jdbc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the repositories of {@link JdbcConfigurationStore} share: the statements of their
 * transaction, and how a save tells a creation from a replacement. One instance per repository
 * per transaction; used on the transaction's thread only.
 */
abstract class JdbcRepository {

    /** The statements of the transaction this repository belongs to. */
    final Sql sql;
    /** Ids this transaction looked up and did not find: saving one of them is a creation. */
    private final Set<String> seenAbsent = new HashSet<>();

    JdbcRepository(Sql sql) {
        this.sql = sql;
    }

    /**
     * Saves a row: inserts it if this transaction looked the id up and found nothing (a
     * creation), else updates it, inserting if there was nothing to update. At
     * {@code READ COMMITTED} an update sees rows that other transactions committed after the
     * look-up; without the first rule, a creation racing another creation of the same id (in
     * another account, or the account itself) would overwrite the winner's row, or move it to
     * another account, instead of failing with a unique violation.
     */
    final void upsert(String id, String update, Object[] updateParameters, String insert, Object[] insertParameters) {
        if (seenAbsent.remove(id) || sql.update(update, updateParameters) == 0) {
            sql.update(insert, insertParameters);
        }
    }

    /** Records whether a look-up by id found the item, for {@link #upsert}. */
    final <T> Optional<T> noted(String id, Optional<T> found) {
        if (found.isPresent()) {
            seenAbsent.remove(id);
        } else {
            seenAbsent.add(id);
        }
        return found;
    }

    /** Pairs of a query's first and second column, grouped by the first. */
    final Map<String, Set<String>> links(String query, String parameter) {
        Map<String, Set<String>> links = new HashMap<>();
        sql.list(query, row -> links.computeIfAbsent(row.getString(1), k -> new HashSet<>()).add(row.getString(2)),
                parameter);
        return links;
    }

    /** The parameter rows of a batch that links one id to each of others. */
    static List<Object[]> rows(String first, Set<String> seconds) {
        List<Object[]> rows = new ArrayList<>(seconds.size());
        for (String second : seconds) {
            rows.add(new Object[] {first, second});
        }
        return rows;
    }

    static <T> Optional<T> first(List<T> items) {
        return items.isEmpty() ? Optional.empty() : Optional.of(items.get(0));
    }
}
