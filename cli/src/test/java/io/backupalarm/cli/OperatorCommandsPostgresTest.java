package io.backupalarm.cli;

import io.backupalarm.store.jdbc.TestPostgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;

/** The operator commands on PostgreSQL: a new database on the throwaway server for each test. */
@DisplayName("The operator commands on PostgreSQL")
final class OperatorCommandsPostgresTest extends OperatorCommandsContract {

    @Override
    Database newDatabase() {
        DataSource dataSource = TestPostgres.newDatabase();
        return new Database(dataSource, TestPostgres.url(dataSource));
    }

    @Override
    String user() {
        return null; // the URL names the test server's user, which it trusts
    }
}
