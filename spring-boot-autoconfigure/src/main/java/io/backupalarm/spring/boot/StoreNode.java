package io.backupalarm.spring.boot;

/**
 * This node's id on a shared JDBC store, for the {@code info} contribution. Immutable.
 *
 * @param id the node id
 */
record StoreNode(String id) {
}
