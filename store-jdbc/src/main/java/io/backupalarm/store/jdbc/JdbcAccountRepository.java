package io.backupalarm.store.jdbc;

import io.backupalarm.config.Account;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.spi.AccountRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Accounts in table {@code ba_account}, within one transaction. Used on its thread only. */
final class JdbcAccountRepository extends JdbcRepository implements AccountRepository {

    private static final String SELECT = "SELECT id, email, mobile, time_zone, locale FROM ba_account";

    JdbcAccountRepository(Sql sql) {
        super(sql);
    }

    @Override
    public Optional<Account> find(String id) {
        return noted(id, sql.one(SELECT + " WHERE id = ?", JdbcAccountRepository::account, id));
    }

    @Override
    public List<Account> findAll() {
        return sql.list(SELECT, JdbcAccountRepository::account);
    }

    @Override
    public void save(Account a) {
        String email = a.email() == null ? null : a.email().value();
        String mobile = a.mobile() == null ? null : a.mobile().value();
        String zone = a.timeZone() == null ? null : a.timeZone().getId();
        String locale = a.locale() == null ? null : a.locale().toLanguageTag();
        upsert(a.id(),
                "UPDATE ba_account SET email = ?, mobile = ?, time_zone = ?, locale = ? WHERE id = ?",
                new Object[] {email, mobile, zone, locale, a.id()},
                "INSERT INTO ba_account (id, email, mobile, time_zone, locale) VALUES (?, ?, ?, ?, ?)",
                new Object[] {a.id(), email, mobile, zone, locale});
    }

    @Override
    public boolean delete(String id) {
        return sql.update("DELETE FROM ba_account WHERE id = ?", id) > 0;
    }

    private static Account account(ResultSet row) throws SQLException {
        String email = row.getString("email");
        String mobile = row.getString("mobile");
        String zone = row.getString("time_zone");
        String locale = row.getString("locale");
        return new Account(row.getString("id"),
                email == null ? null : EmailAddress.of(email),
                mobile == null ? null : MobileNumber.of(mobile),
                zone == null ? null : ZoneId.of(zone),
                locale == null ? null : Locale.forLanguageTag(locale));
    }
}
