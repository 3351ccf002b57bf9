package io.backupalarm.spi;

import java.util.Optional;

/**
 * Keeps one kind of configuration item by id. The base of the repositories a host implements
 * over its own database.
 *
 * <p>Repositories are only used inside {@link ConfigurationStore#read} and
 * {@link ConfigurationStore#write}; they need not be thread-safe on their own beyond what the
 * store's transactions guarantee.
 *
 * @param <T> the item type, an immutable record
 */
public interface Repository<T> {

    /**
     * Looks an item up.
     *
     * @param id the id
     * @return the item, or empty; never {@code null}
     */
    Optional<T> find(String id);

    /**
     * Inserts the item, or replaces the item of the same id.
     *
     * @param item the item, already validated by the caller
     */
    void save(T item);

    /**
     * Removes an item.
     *
     * @param id the id
     * @return {@code true} if an item was removed
     */
    boolean delete(String id);
}
