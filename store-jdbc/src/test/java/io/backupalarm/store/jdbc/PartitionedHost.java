package io.backupalarm.store.jdbc;

import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.spi.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The code shown in {@code docs/deployment.md}, section "Partitioning by account": one node of a
 * host whose accounts are split across several databases. Thread-safe as its engines and
 * administrations are.
 */
final class PartitionedHost implements AutoCloseable {

    /** What a node holds per partition: the partition's store, engine and administration. */
    record Partition(JdbcStore store, AlarmEngine engine, ConfigurationAdmin admin) {
    }

    private final AccountPartitions<Partition> partitions;
    private final Function<String, String> accountOfInstance;

    /**
     * Starts an engine per partition.
     *
     * @param databases one connection pool per partition's database, always in the same order
     * @param email the email channel
     * @param sms the SMS channel
     * @param accountOfInstance the host's own map from instance id to account id
     */
    PartitionedHost(List<DataSource> databases, Channel email, Channel sms,
                    Function<String, String> accountOfInstance) {
        List<Partition> started = new ArrayList<>();
        for (DataSource dataSource : databases) {             // partition i is databases.get(i), for good
            JdbcStore store = JdbcStore.builder(dataSource).build().migrate();
            AlarmEngine engine = AlarmEngine.builder()
                    .configuration(store.configuration())
                    .alarmStore(store.alarms())
                    .outbox(store.outbox())
                    .silences(store.silences())
                    .channel(email)
                    .channel(sms)
                    .build();
            started.add(new Partition(store, engine, ConfigurationAdmin.on(store.configuration())));
        }
        this.partitions = AccountPartitions.of(started);
        this.accountOfInstance = accountOfInstance;
    }

    /** Events name an instance: the host's map gives its account, the account its partition. */
    void report(AlarmEvent event) {
        partitions.forInstance(event.instance(), accountOfInstance).engine().report(event);
    }

    /** Administrative calls go to the account's partition. */
    ConfigurationAdmin admin(String accountId) {
        return partitions.forAccount(accountId).admin();
    }

    /** The partition of an account, for the tests. */
    Partition partition(String accountId) {
        return partitions.forAccount(accountId);
    }

    /** Every partition, in order. */
    List<Partition> all() {
        return partitions.all();
    }

    @Override
    public void close() {
        partitions.all().forEach(partition -> partition.engine().close());
    }
}
