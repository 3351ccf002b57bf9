package io.backupalarm.store.jdbc;

import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactAddress;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.spi.ContactRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Contacts in table {@code ba_contact}, their further addresses in {@code ba_further_address} (in
 * the contact's order), within one transaction. A look-up reads the contacts and then the
 * addresses of all of them: two statements, however many contacts. Used on its thread only.
 */
final class JdbcContactRepository extends JdbcRepository implements ContactRepository {

    private static final String SELECT =
            "SELECT id, account_id, name, email, mobile, email_verified, mobile_verified FROM ba_contact";
    private static final String SELECT_ADDRESSES =
            "SELECT contact_id, seq, channel, address, secret_id, verified FROM ba_further_address";

    JdbcContactRepository(Sql sql) {
        super(sql);
    }

    @Override
    public Optional<Contact> find(String id) {
        return noted(id, first(contacts("id = ?", id)));
    }

    @Override
    public List<Contact> findByAccount(String accountId) {
        return contacts("account_id = ?", accountId);
    }

    @Override
    public void save(Contact c) {
        String email = c.email() == null ? null : c.email().value();
        String mobile = c.mobile() == null ? null : c.mobile().value();
        upsert(c.id(),
                "UPDATE ba_contact SET account_id = ?, name = ?, email = ?, mobile = ?, "
                        + "email_verified = ?, mobile_verified = ? WHERE id = ?",
                new Object[] {c.account(), c.name(), email, mobile, c.emailVerified(), c.mobileVerified(), c.id()},
                "INSERT INTO ba_contact (id, account_id, name, email, mobile, email_verified, mobile_verified) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                new Object[] {c.id(), c.account(), c.name(), email, mobile, c.emailVerified(), c.mobileVerified()});
        // The contact's row first, then its addresses: they refer to it.
        sql.update("DELETE FROM ba_further_address WHERE contact_id = ?", c.id());
        List<Object[]> rows = new ArrayList<>(c.addresses().size());
        for (int i = 0; i < c.addresses().size(); i++) {
            ContactAddress a = c.addresses().get(i);
            rows.add(new Object[] {c.id(), i, a.channel(), a.address(), a.secret(), a.verified()});
        }
        sql.batch("INSERT INTO ba_further_address (contact_id, seq, channel, address, secret_id, verified) "
                + "VALUES (?, ?, ?, ?, ?, ?)", rows);
    }

    @Override
    public boolean delete(String id) {
        // Deleted before the contact, as V1 orders children and parents (the key also cascades).
        sql.update("DELETE FROM ba_further_address WHERE contact_id = ?", id);
        return sql.update("DELETE FROM ba_contact WHERE id = ?", id) > 0;
    }

    /** The contacts a condition selects, with their further addresses: two statements in all. */
    private List<Contact> contacts(String where, String parameter) {
        List<Row> rows = sql.list(SELECT + " WHERE " + where, JdbcContactRepository::row, parameter);
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, List<ContactAddress>> addresses = new HashMap<>();
        sql.list(SELECT_ADDRESSES + " WHERE contact_id IN (SELECT id FROM ba_contact WHERE " + where + ")"
                        + " ORDER BY contact_id, seq",
                row -> addresses.computeIfAbsent(row.getString("contact_id"), k -> new ArrayList<>())
                        .add(new ContactAddress(row.getString("channel"), row.getString("address"),
                                row.getString("secret_id"), row.getBoolean("verified"))),
                parameter);
        List<Contact> result = new ArrayList<>(rows.size());
        for (Row r : rows) {
            result.add(new Contact(r.id, r.account, r.name, r.email, r.mobile, r.emailVerified, r.mobileVerified,
                    addresses.getOrDefault(r.id, List.of())));
        }
        return result;
    }

    /** A contact's own row, waiting for its further addresses. */
    private record Row(String id, String account, String name, EmailAddress email, MobileNumber mobile,
                       boolean emailVerified, boolean mobileVerified) {
    }

    private static Row row(ResultSet row) throws SQLException {
        String email = row.getString("email");
        String mobile = row.getString("mobile");
        return new Row(row.getString("id"), row.getString("account_id"), row.getString("name"),
                email == null ? null : EmailAddress.of(email),
                mobile == null ? null : MobileNumber.of(mobile),
                row.getBoolean("email_verified"), row.getBoolean("mobile_verified"));
    }
}
