package io.backupalarm.store.jdbc;

import io.backupalarm.config.AlarmMatcher;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.quiet.Silence;
import io.backupalarm.spi.SilenceStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The silences in table {@code ba_silence}, shared by every engine on the database: a silence
 * created on one node holds alarms back on all of them.
 *
 * <p>Each call is one statement: in the calling thread's transaction of the {@link JdbcAlarmStore}
 * of the same {@link JdbcStore} when there is one (the engine deciding whether an alarm is held
 * back reads the silences on the connection of the alarm's transaction, and sees what it sees),
 * otherwise in auto-commit mode. Besides the silence's fields, a row keeps its {@link Silence#end()}
 * in {@code end_at}, which the look-ups filter on (indexed with and without the account).
 * {@link #create} relies on the primary key: of two creations of one id, on any nodes, one wins.
 *
 * <p><b>Thread safety.</b> Thread-safe; each call uses its own connection, or the calling
 * thread's transaction.
 */
public final class JdbcSilenceStore implements SilenceStore {

    private static final String COLUMNS = "SELECT id, account_id, vault_id, instance_id, alarm_type, starts_at, ends_at, "
            + "expired_at, created_by, comment FROM ba_silence";
    private static final String INSERT = "INSERT INTO ba_silence (id, account_id, vault_id, instance_id, alarm_type, "
            + "starts_at, ends_at, expired_at, end_at, created_by, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final Comparator<Silence> BY_START = Comparator.comparing(Silence::starts).thenComparing(Silence::id);

    private final Database database;

    JdbcSilenceStore(Database database) {
        this.database = database;
    }

    @Override
    public boolean create(Silence silence) {
        Objects.requireNonNull(silence, "silence");
        AlarmMatcher m = silence.matcher();
        Object[] values = {silence.id(), silence.account(), m.vault(), m.instance(),
            m.alarm() == null ? null : m.alarm().name(), silence.starts(), silence.ends(), silence.expiredAt(),
            silence.end(), silence.createdBy(), silence.comment()};
        return database.statements("create silence " + silence.id(), sql -> {
            if (database.dialect() == Dialect.POSTGRESQL) {
                return sql.update(INSERT + " ON CONFLICT (id) DO NOTHING", values) == 1;
            }
            try {
                return sql.update(INSERT, values) == 1; // H2: a failed statement leaves the transaction usable
            } catch (JdbcStoreException e) {
                if ("23505".equals(e.sqlState())) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public boolean replace(Silence silence) {
        Objects.requireNonNull(silence, "silence");
        AlarmMatcher m = silence.matcher();
        return database.statements("replace silence " + silence.id(), sql -> sql.update(
                "UPDATE ba_silence SET account_id = ?, vault_id = ?, instance_id = ?, alarm_type = ?, starts_at = ?, "
                        + "ends_at = ?, expired_at = ?, end_at = ?, created_by = ?, comment = ? WHERE id = ?",
                silence.account(), m.vault(), m.instance(), m.alarm() == null ? null : m.alarm().name(),
                silence.starts(), silence.ends(), silence.expiredAt(), silence.end(), silence.createdBy(),
                silence.comment(), silence.id()) == 1);
    }

    @Override
    public Optional<Silence> find(String id) {
        Objects.requireNonNull(id, "id");
        return database.statements("find silence " + id, sql ->
                sql.one(COLUMNS + " WHERE id = ?", JdbcSilenceStore::silence, id));
    }

    @Override
    public List<Silence> notEndedOf(String account, Instant at) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(at, "at");
        return database.statements("list the silences of account " + account, sql ->
                sql.list(COLUMNS + " WHERE account_id = ? AND end_at > ?", JdbcSilenceStore::silence, account, at));
    }

    @Override
    public List<Silence> notEnded(Instant at) {
        Objects.requireNonNull(at, "at");
        // Sorted here: the database's collation need not order ids as Java does.
        return database.statements("list the silences", sql -> sql.list(
                COLUMNS + " WHERE end_at > ?", JdbcSilenceStore::silence, at)).stream().sorted(BY_START).toList();
    }

    @Override
    public int purgeEndedBefore(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        return database.statements("purge ended silences", sql ->
                sql.update("DELETE FROM ba_silence WHERE end_at < ?", instant));
    }

    private static Silence silence(ResultSet row) throws SQLException {
        String type = row.getString("alarm_type");
        AlarmMatcher matcher = new AlarmMatcher(row.getString("vault_id"), row.getString("instance_id"),
                type == null ? null : AlarmType.valueOf(type));
        return new Silence(row.getString("id"), row.getString("account_id"), matcher, Sql.instant(row, "starts_at"),
                Sql.instant(row, "ends_at"), row.getString("created_by"), row.getString("comment"),
                Sql.instant(row, "expired_at"));
    }
}
