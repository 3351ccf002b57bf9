/**
 * Implementing the repositories over a host's own database: a
 * {@link io.backupalarm.spi.ConfigurationStore} on plain JDBC, with its schema in
 * {@code schema.sql} next to it. A write is one transaction that first locks the account's row
 * ({@code SELECT ... FOR UPDATE}), so writes of one account are serialised and all or nothing.
 * The test runs it on an embedded H2 database against the testkit's contract.
 */
package io.backupalarm.examples.jdbc;
