package io.backupalarm.store.jdbc;

import io.backupalarm.spi.AlarmStore;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.HistoryStore;
import io.backupalarm.spi.OutboxStore;
import io.backupalarm.spi.SilenceStore;
import io.backupalarm.spi.VerificationStore;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The configuration, the open alarms, the outbox, the silences, the pending verification codes and
 * the history in one PostgreSQL (or H2) database, for one node. Every node builds its own {@code JdbcStore} on the
 * shared database and hands its stores to its engine (and its verification service):
 *
 * <pre>{@code
 * JdbcStore store = JdbcStore.builder(dataSource).build().migrate();
 * AlarmEngine engine = AlarmEngine.builder()
 *         .configuration(store.configuration())
 *         .alarmStore(store.alarms())
 *         .outbox(store.outbox())
 *         .silences(store.silences())
 *         .history(store.history())
 *         .node(store.nodeId())
 *         .channel(email)
 *         .build();
 * }</pre>
 *
 * <p>The schema is created and upgraded by {@link #migrate()} (Flyway, migrations in
 * {@code db/backup-alarm}, history in table {@code ba_schema_history}); a host that runs its own
 * Flyway adds that location instead. The {@link DataSource} should be a pool with at least
 * {@code senderThreads + 2} connections: each sender uses one, the engine's alarm transactions one
 * (a firing alarm reads the configuration on the connection of its transaction), and one is left
 * for reports and administration.
 *
 * <p><b>Thread safety.</b> Immutable and thread-safe, as are the stores it returns.
 */
public final class JdbcStore {

    /** The classpath location of the migrations. */
    public static final String MIGRATIONS = "classpath:db/backup-alarm";
    /** The table where Flyway records the migrations it ran. */
    public static final String HISTORY_TABLE = "ba_schema_history";

    private final Database database;
    private final String nodeId;
    private final Duration claimLease;
    private final JdbcConfigurationStore configuration;
    private final JdbcAlarmStore alarms;
    private final JdbcOutboxStore outbox;
    private final JdbcVerificationStore verifications;
    private final JdbcSilenceStore silences;
    private final JdbcHistoryStore history;

    private JdbcStore(Builder builder) {
        this.database = new Database(builder.dataSource, Dialect.of(builder.dataSource));
        this.nodeId = builder.nodeId;
        this.claimLease = builder.claimLease;
        this.configuration = new JdbcConfigurationStore(database);
        this.alarms = new JdbcAlarmStore(database);
        this.outbox = new JdbcOutboxStore(database, nodeId, claimLease);
        this.verifications = new JdbcVerificationStore(database);
        this.silences = new JdbcSilenceStore(database);
        this.history = new JdbcHistoryStore(database);
    }

    /**
     * A builder over a database.
     *
     * @param dataSource where connections come from; thread-safe (a pool in production)
     * @return a new builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
    }

    /**
     * Creates or upgrades the schema to this version of the library. Safe to run on every start
     * and from several nodes at once (Flyway serialises them with a lock on PostgreSQL).
     *
     * @return this store
     * @throws org.flywaydb.core.api.FlywayException if a migration fails
     */
    public JdbcStore migrate() {
        Flyway.configure()
                .dataSource(database.dataSource())
                .locations(MIGRATIONS)
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        return this;
    }

    /** @return the configuration store: accounts, contacts, groups, vaults, instances */
    public ConfigurationStore configuration() {
        return configuration;
    }

    /** @return the store of open alarms, shared with the other nodes */
    public AlarmStore alarms() {
        return alarms;
    }

    /** @return the outbox, shared with the other nodes */
    public OutboxStore outbox() {
        return outbox;
    }

    /** @return the silences, shared with the other nodes: one created on any node holds alarms back on all */
    public SilenceStore silences() {
        return silences;
    }

    /**
     * The alarm and delivery history, shared with the other nodes. The engine appends an alarm's
     * transitions in the transaction of its change in {@link #alarms()}.
     *
     * @return the history store
     */
    public HistoryStore history() {
        return history;
    }

    /** @return the verification codes waiting for confirmation, shared with the other nodes */
    public VerificationStore verifications() {
        return verifications;
    }

    /** @return this node's id, written on the notifications it claims */
    public String nodeId() {
        return nodeId;
    }

    /** @return how long a claim on a notification lasts before another node may take it over */
    public Duration claimLease() {
        return claimLease;
    }

    /** Builds a {@link JdbcStore}. Not thread-safe. */
    public static final class Builder {
        private final DataSource dataSource;
        private String nodeId = ManagementFactory.getRuntimeMXBean().getName() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
        private Duration claimLease = Duration.ofMinutes(2);

        private Builder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /**
         * This node's id, unique among the nodes on the database. Defaults to the process
         * ({@code pid@host}) plus a random suffix.
         *
         * @param id 1 to 128 characters
         * @return this builder
         */
        public Builder nodeId(String id) {
            Objects.requireNonNull(id, "nodeId");
            if (id.isBlank() || id.length() > 128) {
                throw new IllegalArgumentException("nodeId must be 1 to 128 characters, not blank: '" + id + "'");
            }
            this.nodeId = id;
            return this;
        }

        /**
         * How long a claim on a notification lasts: if the node that claimed it records no
         * outcome by then (it died, or hangs), another node sends it. Must be longer than the
         * longest send of any channel (its timeouts), or a slow send is repeated by another node.
         * Default 2 minutes.
         *
         * @param lease more than zero
         * @return this builder
         */
        public Builder claimLease(Duration lease) {
            Objects.requireNonNull(lease, "claimLease");
            if (lease.isZero() || lease.isNegative()) {
                throw new IllegalArgumentException("claimLease must be more than zero: " + lease);
            }
            this.claimLease = lease;
            return this;
        }

        /**
         * Builds the store; connects once to learn which database it is.
         *
         * @return the store
         * @throws IllegalArgumentException if the database is neither PostgreSQL nor H2
         * @throws JdbcStoreException if the database cannot be reached
         */
        public JdbcStore build() {
            return new JdbcStore(this);
        }
    }
}
