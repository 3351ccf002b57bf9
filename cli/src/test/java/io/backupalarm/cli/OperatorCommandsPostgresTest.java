package io.backupalarm.cli;

import io.backupalarm.store.jdbc.ConnectionPools;
import io.backupalarm.store.jdbc.TestPostgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;

/**
 * The operator commands on PostgreSQL: a new database on the throwaway server for each test, which
 * the node reaches through a connection pool, as a host's node does.
 */
@DisplayName("The operator commands on PostgreSQL")
final class OperatorCommandsPostgresTest extends OperatorCommandsContract {

    @AutoClose
    private final ConnectionPools pools = new ConnectionPools();

    @Override
    Database newDatabase() {
        DataSource dataSource = TestPostgres.newDatabase();
        return new Database(pools.over(dataSource), TestPostgres.url(dataSource));
    }

    @Override
    String user() {
        return null; // the URL names the test server's user, which it trusts
    }
}
