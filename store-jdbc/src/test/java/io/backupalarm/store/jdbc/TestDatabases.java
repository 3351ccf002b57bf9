package io.backupalarm.store.jdbc;

import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** Fresh, migrated databases for tests. */
final class TestDatabases {

    private TestDatabases() {
    }

    /** A new in-memory H2 database, kept until the JVM ends. */
    static DataSource h2() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        return dataSource;
    }

    /** A new database on the test PostgreSQL server. */
    static DataSource postgres() {
        return TestPostgres.newDatabase();
    }

    /** A store on the database, with the schema migrated. */
    static JdbcStore migrated(DataSource dataSource) {
        return JdbcStore.builder(dataSource).build().migrate();
    }
}
