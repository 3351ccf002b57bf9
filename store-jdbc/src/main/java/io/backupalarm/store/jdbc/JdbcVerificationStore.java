package io.backupalarm.store.jdbc;

import io.backupalarm.spi.VerificationStore;
import io.backupalarm.verification.PendingVerification;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/**
 * The verification codes waiting for confirmation, in table {@code ba_verification}, so that a
 * code sent from one node can be confirmed on another. Only salted hashes are kept.
 *
 * <p>Each call is one statement in auto-commit mode. Wrong tries are counted by read-then-write
 * in {@code VerificationService}, which serialises its calls within one node: wrong codes tried
 * at the same instant on two nodes may be counted once, so the try limit holds per node.
 *
 * <p><b>Thread safety.</b> Thread-safe; each call uses its own connection.
 */
public final class JdbcVerificationStore implements VerificationStore {

    private static final String BY_KEY = " WHERE contact_id = ? AND channel = ?";

    private final Database database;

    JdbcVerificationStore(Database database) {
        this.database = database;
    }

    @Override
    public Optional<PendingVerification> find(String contactId, String channel) {
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(channel, "channel");
        return database.statements("find the verification of " + contactId, sql -> sql.one(
                "SELECT contact_id, channel, address, salt, code_hash, sent_at, expires_at, wrong_tries "
                        + "FROM ba_verification" + BY_KEY, JdbcVerificationStore::pending, contactId, channel));
    }

    @Override
    public void save(PendingVerification p) {
        Objects.requireNonNull(p, "pending");
        database.transaction("save the verification of " + p.contactId(), true, sql -> {
            sql.update("DELETE FROM ba_verification" + BY_KEY, p.contactId(), p.channel());
            sql.update("INSERT INTO ba_verification (contact_id, channel, address, salt, code_hash, sent_at, "
                            + "expires_at, wrong_tries) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    p.contactId(), p.channel(), p.address(), p.salt(), p.hash(), p.sentAt(), p.expiresAt(),
                    p.wrongTries());
            return null;
        });
    }

    @Override
    public void delete(String contactId, String channel) {
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(channel, "channel");
        database.statements("delete the verification of " + contactId, sql ->
                sql.update("DELETE FROM ba_verification" + BY_KEY, contactId, channel));
    }

    private static PendingVerification pending(ResultSet row) throws SQLException {
        return new PendingVerification(row.getString("contact_id"), row.getString("channel"),
                row.getString("address"), row.getBytes("salt"), row.getBytes("code_hash"),
                Sql.instant(row, "sent_at"), Sql.instant(row, "expires_at"), row.getInt("wrong_tries"));
    }
}
