package io.backupalarm.store.jdbc;

import javax.sql.DataSource;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The JDBC configuration store on PostgreSQL meets the configuration store contract")
final class JdbcConfigurationStorePostgresTest extends JdbcConfigurationStoreTestBase {

    @AutoClose
    private final ConnectionPools pools = new ConnectionPools();

    @Override
    DataSource newDatabase() {
        return pools.over(TestDatabases.postgres());
    }
}
