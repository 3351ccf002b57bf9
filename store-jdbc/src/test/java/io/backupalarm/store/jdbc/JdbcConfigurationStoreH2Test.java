package io.backupalarm.store.jdbc;

import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The JDBC configuration store on H2 meets the configuration store contract")
final class JdbcConfigurationStoreH2Test extends JdbcConfigurationStoreTestBase {

    @Override
    DataSource newDatabase() {
        return TestDatabases.h2();
    }
}
