package io.backupalarm.store.jdbc;

import io.backupalarm.config.AlarmPolicy;
import io.backupalarm.spi.Repository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Items that carry an alarm policy, vaults and instances, within one transaction. Both kinds are
 * kept alike: a table of the items ({@code id}, the parent's id, {@code policy_mode}) and two link
 * tables of one shape ({@code (owner, contact_id)} and {@code (owner, group_id)}) for the contacts
 * and groups a {@code CUSTOMIZED} policy names. A subclass names its tables and converts between
 * its item and a row. Used on its transaction's thread only.
 *
 * @param <T> the item
 */
abstract class JdbcPolicyHolderRepository<T> extends JdbcRepository implements Repository<T> {

    /**
     * The tables of one kind of policy holder.
     *
     * @param items the items' table
     * @param parent the column of the parent's id in {@code items}
     * @param contactLinks the table of the contacts the policies name
     * @param groupLinks the table of the groups the policies name
     * @param owner the column of the item's id in both link tables
     */
    record Tables(String items, String parent, String contactLinks, String groupLinks, String owner) {
    }

    private final Tables tables;

    JdbcPolicyHolderRepository(Sql sql, Tables tables) {
        super(sql);
        this.tables = tables;
    }

    /**
     * The item of a row and its policy's targets.
     *
     * @throws IllegalArgumentException if the row makes no valid item (a corrupt row)
     */
    abstract T item(String id, String parent, String mode, Set<String> contacts, Set<String> groups);

    abstract String id(T item);

    abstract String parent(T item);

    /** The name of the policy's mode, as kept in {@code policy_mode}. */
    abstract String mode(T item);

    abstract AlarmPolicy policy(T item);

    @Override
    public final Optional<T> find(String id) {
        return noted(id, first(select("id = ?", id)));
    }

    /** The items of a parent (the vaults of an account, the instances of a vault). */
    final List<T> findByParent(String parentId) {
        return select(tables.parent() + " = ?", parentId);
    }

    /** The items whose policy names the contact. */
    public final List<T> findByPolicyContact(String contactId) {
        return select("id IN (SELECT " + tables.owner() + " FROM " + tables.contactLinks() + " WHERE contact_id = ?)",
                contactId);
    }

    /** The items whose policy names the group. */
    public final List<T> findByPolicyGroup(String groupId) {
        return select("id IN (SELECT " + tables.owner() + " FROM " + tables.groupLinks() + " WHERE group_id = ?)",
                groupId);
    }

    @Override
    public final void save(T item) {
        String id = id(item);
        upsert(id,
                "UPDATE " + tables.items() + " SET " + tables.parent() + " = ?, policy_mode = ? WHERE id = ?",
                new Object[] {parent(item), mode(item), id},
                "INSERT INTO " + tables.items() + " (id, " + tables.parent() + ", policy_mode) VALUES (?, ?, ?)",
                new Object[] {id, parent(item), mode(item)});
        deleteTargets(id);
        AlarmPolicy policy = policy(item);
        sql.batch("INSERT INTO " + tables.contactLinks() + " (" + tables.owner() + ", contact_id) VALUES (?, ?)",
                rows(id, policy.contacts()));
        sql.batch("INSERT INTO " + tables.groupLinks() + " (" + tables.owner() + ", group_id) VALUES (?, ?)",
                rows(id, policy.groups()));
    }

    @Override
    public final boolean delete(String id) {
        deleteTargets(id);
        return sql.update("DELETE FROM " + tables.items() + " WHERE id = ?", id) > 0;
    }

    private void deleteTargets(String id) {
        sql.update("DELETE FROM " + tables.contactLinks() + " WHERE " + tables.owner() + " = ?", id);
        sql.update("DELETE FROM " + tables.groupLinks() + " WHERE " + tables.owner() + " = ?", id);
    }

    /** The items a condition selects, with their policies: three statements in all, however many. */
    private List<T> select(String where, String parameter) {
        List<String[]> rows = sql.list("SELECT id, " + tables.parent() + ", policy_mode FROM " + tables.items()
                        + " WHERE " + where,
                row -> new String[] {row.getString(1), row.getString(2), row.getString(3)}, parameter);
        if (rows.isEmpty()) {
            return List.of();
        }
        String owners = " WHERE " + tables.owner() + " IN (SELECT id FROM " + tables.items() + " WHERE " + where + ")";
        Map<String, Set<String>> contacts =
                links("SELECT " + tables.owner() + ", contact_id FROM " + tables.contactLinks() + owners, parameter);
        Map<String, Set<String>> groups =
                links("SELECT " + tables.owner() + ", group_id FROM " + tables.groupLinks() + owners, parameter);
        List<T> result = new ArrayList<>(rows.size());
        for (String[] row : rows) {
            result.add(item(row[0], row[1], row[2],
                    contacts.getOrDefault(row[0], Set.of()), groups.getOrDefault(row[0], Set.of())));
        }
        return result;
    }
}
