/**
 * The configuration, the open alarms, the outbox, the silences and the pending verification codes
 * in PostgreSQL (or H2), shared by any number of nodes; schema managed by Flyway.
 */
module io.backupalarm.store.jdbc {
    requires transitive io.backupalarm.core;
    requires transitive java.sql;
    requires java.management;
    requires flyway.core;
    requires org.slf4j;

    exports io.backupalarm.store.jdbc;
}
