package io.backupalarm.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The throwaway PostgreSQL server of the tests. */
final class TestPostgresTest {

    @Test
    @DisplayName("each call gives a new, empty, working PostgreSQL database")
    void eachCallGivesADifferentWorkingDatabase() throws SQLException {
        DataSource first = TestPostgres.newDatabase();
        DataSource second = TestPostgres.newDatabase();

        String firstName = query(first, "SELECT current_database()");
        String secondName = query(second, "SELECT current_database()");
        assertNotEquals(firstName, secondName);
        assertTrue(firstName.startsWith("ba_test_"), firstName);
        assertTrue(query(first, "SELECT version()").contains("PostgreSQL"));
        assertTrue(query(second, "SELECT version()").contains("PostgreSQL"));

        try (Connection c = first.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE only_in_first (id int PRIMARY KEY)");
            st.execute("INSERT INTO only_in_first VALUES (1)");
        }
        assertEquals("only_in_first", query(first, "SELECT to_regclass('only_in_first')::text"));
        assertEquals(null, query(second, "SELECT to_regclass('only_in_first')::text"));
    }

    @Test
    @DisplayName("a database's URL reaches the same database from another data source")
    void urlReachesTheSameDatabase() throws SQLException {
        DataSource database = TestPostgres.newDatabase();
        try (Connection c = database.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE shared (id int)");
        }
        PGSimpleDataSource otherNode = new PGSimpleDataSource();
        otherNode.setUrl(TestPostgres.url(database));
        assertEquals(query(database, "SELECT current_database()"), query(otherNode, "SELECT current_database()"));
        assertEquals("shared", query(otherNode, "SELECT to_regclass('shared')::text"));
        assertFalse(TestPostgres.url(database).isBlank());
    }

    @Test
    @DisplayName("each own server is a server of its own, with durability on when asked, off otherwise")
    void ownServers() throws SQLException {
        TestPostgres.OwnServer durable = TestPostgres.startOwnServer(true);
        TestPostgres.OwnServer fast = TestPostgres.startOwnServer(false);
        DataSource onDurable = durable.newDatabase();
        DataSource onFast = fast.newDatabase();
        for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
            assertEquals("on", query(onDurable, "SHOW " + setting), setting);
            assertEquals("off", query(onFast, "SHOW " + setting), setting);
        }
        String durablePort = query(onDurable, "SHOW port");
        assertNotEquals(durablePort, query(onFast, "SHOW port"));
        assertEquals(durablePort, query(durable.newDatabase(), "SHOW port"));
        assertTrue(durable.durable());
        assertFalse(fast.durable());
    }

    private static String query(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }
}
