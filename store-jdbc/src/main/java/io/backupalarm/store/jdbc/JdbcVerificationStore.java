package io.backupalarm.store.jdbc;

import io.backupalarm.spi.VerificationStore;
import io.backupalarm.verification.PendingVerification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The verification codes waiting for confirmation, in table {@code ba_verification}, so that a
 * code sent from one node can be confirmed on another. Only salted hashes are kept. A code is kept
 * under its contact, channel and a SHA-256 digest of its address.
 *
 * <p>{@link #takeTry} reads the code's row with {@code SELECT ... FOR UPDATE} and counts the try
 * in the same transaction. On PostgreSQL and H2 a concurrent locking read waits for that
 * transaction and then reads the row as it committed, so of tries made at once on any number of
 * nodes at most the limit are counted, and the verification service compares only counted
 * tries. {@link #remove} deletes the row only while it holds the same code (salt and hash). Every
 * other call is one statement in auto-commit mode, or {@link #save}'s delete and insert in one
 * transaction.
 *
 * <p><b>Thread safety.</b> Thread-safe; each call uses its own connection.
 */
public final class JdbcVerificationStore implements VerificationStore {

    private static final String BY_KEY = " WHERE contact_id = ? AND channel = ? AND address_key = ?";
    private static final String COLUMNS = "SELECT contact_id, channel, address, secret_id, salt, code_hash, sent_at, "
            + "expires_at, wrong_tries FROM ba_verification";

    private final Database database;

    JdbcVerificationStore(Database database) {
        this.database = database;
    }

    @Override
    public Optional<PendingVerification> find(String contactId, String channel, String address) {
        Object[] key = key(contactId, channel, address);
        return database.statements("find the verification of " + contactId, sql -> sql.one(
                COLUMNS + BY_KEY, JdbcVerificationStore::pending, key));
    }

    @Override
    public List<PendingVerification> findAll(String contactId, String channel) {
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(channel, "channel");
        return database.statements("find the verifications of " + contactId, sql -> sql.list(
                COLUMNS + " WHERE contact_id = ? AND channel = ?", JdbcVerificationStore::pending, contactId, channel));
    }

    @Override
    public void save(PendingVerification p) {
        Objects.requireNonNull(p, "pending");
        database.transaction("save the verification of " + p.contactId(), true, sql -> {
            sql.update("DELETE FROM ba_verification" + BY_KEY, key(p.contactId(), p.channel(), p.address()));
            sql.update("INSERT INTO ba_verification (contact_id, channel, address_key, address, secret_id, salt, "
                            + "code_hash, sent_at, expires_at, wrong_tries) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    p.contactId(), p.channel(), addressKey(p.address()), p.address(), p.secret(), p.salt(), p.hash(),
                    p.sentAt(), p.expiresAt(), p.wrongTries());
            return null;
        });
    }

    @Override
    public Optional<PendingVerification> takeTry(String contactId, String channel, String address, int maxTries,
                                                 Instant now) {
        Object[] key = key(contactId, channel, address);
        Objects.requireNonNull(now, "now");
        if (maxTries < 1) {
            throw new IllegalArgumentException("maxTries must be at least 1: " + maxTries);
        }
        return database.transaction("take a try of the verification of " + contactId, true, sql -> {
            Optional<PendingVerification> locked =
                    sql.one(COLUMNS + BY_KEY + " FOR UPDATE", JdbcVerificationStore::pending, key);
            if (locked.isEmpty() || locked.get().wrongTries() >= maxTries || !now.isBefore(locked.get().expiresAt())) {
                return Optional.empty();
            }
            // The row stays locked until this transaction commits: a concurrent try waits, then
            // reads the count this one wrote.
            sql.update("UPDATE ba_verification SET wrong_tries = wrong_tries + 1" + BY_KEY, key);
            return Optional.of(locked.get().withWrongTry());
        });
    }

    @Override
    public void delete(String contactId, String channel, String address) {
        Object[] key = key(contactId, channel, address);
        database.statements("delete the verification of " + contactId, sql ->
                sql.update("DELETE FROM ba_verification" + BY_KEY, key));
    }

    @Override
    public boolean remove(PendingVerification p) {
        Objects.requireNonNull(p, "pending");
        return database.statements("remove the verification of " + p.contactId(), sql ->
                sql.update("DELETE FROM ba_verification" + BY_KEY + " AND salt = ? AND code_hash = ?",
                        p.contactId(), p.channel(), addressKey(p.address()), p.salt(), p.hash())) == 1;
    }

    private static Object[] key(String contactId, String channel, String address) {
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(address, "address");
        return new Object[] {contactId, channel, addressKey(address)};
    }

    /** What the key holds for an address: its SHA-256 digest in hex, short enough for any index. */
    static String addressKey(String address) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(address.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static PendingVerification pending(ResultSet row) throws SQLException {
        return new PendingVerification(row.getString("contact_id"), row.getString("channel"),
                row.getString("address"), row.getString("secret_id"), row.getBytes("salt"), row.getBytes("code_hash"),
                Sql.instant(row, "sent_at"), Sql.instant(row, "expires_at"), row.getInt("wrong_tries"));
    }
}
