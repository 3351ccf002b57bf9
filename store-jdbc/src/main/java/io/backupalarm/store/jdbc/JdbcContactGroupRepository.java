package io.backupalarm.store.jdbc;

import io.backupalarm.config.ContactGroup;
import io.backupalarm.spi.ContactGroupRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Contact groups in table {@code ba_contact_group}, their members in {@code ba_group_member},
 * within one transaction. Used on its thread only.
 */
final class JdbcContactGroupRepository extends JdbcRepository implements ContactGroupRepository {

    JdbcContactGroupRepository(Sql sql) {
        super(sql);
    }

    @Override
    public Optional<ContactGroup> find(String id) {
        return noted(id, first(groups("id = ?", id)));
    }

    @Override
    public List<ContactGroup> findByAccount(String accountId) {
        return groups("account_id = ?", accountId);
    }

    @Override
    public List<ContactGroup> findByMember(String contactId) {
        return groups("id IN (SELECT group_id FROM ba_group_member WHERE contact_id = ?)", contactId);
    }

    @Override
    public void save(ContactGroup g) {
        upsert(g.id(),
                "UPDATE ba_contact_group SET account_id = ?, name = ? WHERE id = ?",
                new Object[] {g.account(), g.name(), g.id()},
                "INSERT INTO ba_contact_group (id, account_id, name) VALUES (?, ?, ?)",
                new Object[] {g.id(), g.account(), g.name()});
        sql.update("DELETE FROM ba_group_member WHERE group_id = ?", g.id());
        sql.batch("INSERT INTO ba_group_member (group_id, contact_id) VALUES (?, ?)", rows(g.id(), g.members()));
    }

    @Override
    public boolean delete(String id) {
        sql.update("DELETE FROM ba_group_member WHERE group_id = ?", id);
        return sql.update("DELETE FROM ba_contact_group WHERE id = ?", id) > 0;
    }

    /** The groups a condition selects, with their members: two statements in all. */
    private List<ContactGroup> groups(String where, String parameter) {
        List<String[]> rows = sql.list("SELECT id, account_id, name FROM ba_contact_group WHERE " + where,
                row -> new String[] {row.getString(1), row.getString(2), row.getString(3)}, parameter);
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, Set<String>> members = links("SELECT group_id, contact_id FROM ba_group_member "
                + "WHERE group_id IN (SELECT id FROM ba_contact_group WHERE " + where + ")", parameter);
        List<ContactGroup> result = new ArrayList<>(rows.size());
        for (String[] row : rows) {
            result.add(new ContactGroup(row[0], row[1], row[2], members.getOrDefault(row[0], Set.of())));
        }
        return result;
    }
}
