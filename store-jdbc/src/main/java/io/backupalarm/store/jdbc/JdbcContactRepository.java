package io.backupalarm.store.jdbc;

import io.backupalarm.config.Contact;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.spi.ContactRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Contacts in table {@code ba_contact}, within one transaction. Used on its thread only. */
final class JdbcContactRepository extends JdbcRepository implements ContactRepository {

    private static final String SELECT =
            "SELECT id, account_id, name, email, mobile, email_verified, mobile_verified FROM ba_contact";

    JdbcContactRepository(Sql sql) {
        super(sql);
    }

    @Override
    public Optional<Contact> find(String id) {
        return noted(id, sql.one(SELECT + " WHERE id = ?", JdbcContactRepository::contact, id));
    }

    @Override
    public List<Contact> findByAccount(String accountId) {
        return sql.list(SELECT + " WHERE account_id = ?", JdbcContactRepository::contact, accountId);
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
    }

    @Override
    public boolean delete(String id) {
        return sql.update("DELETE FROM ba_contact WHERE id = ?", id) > 0;
    }

    private static Contact contact(ResultSet row) throws SQLException {
        String email = row.getString("email");
        String mobile = row.getString("mobile");
        return new Contact(row.getString("id"), row.getString("account_id"), row.getString("name"),
                email == null ? null : EmailAddress.of(email),
                mobile == null ? null : MobileNumber.of(mobile),
                row.getBoolean("email_verified"), row.getBoolean("mobile_verified"));
    }
}
