package io.backupalarm.spi;

import io.backupalarm.quiet.Silence;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where silences are kept, shared by every engine on the same store: a silence created on one
 * node holds alarms back on all of them.
 *
 * <p><b>Contract.</b> {@link #create} is the only way in and refuses an id that exists;
 * {@link #replace} changes an existing silence (its expiry) and nothing else.
 *
 * <p><b>Thread safety.</b> Implementations must be thread-safe. A store that shares its
 * transactions with the {@link AlarmStore} (a database) lets the engine's reads join the
 * alarm transaction that makes a decision.
 */
public interface SilenceStore {

    /**
     * Adds a silence unless its id exists.
     *
     * @param silence the silence, already validated
     * @return {@code true} if added, {@code false} if a silence with that id exists
     */
    boolean create(Silence silence);

    /**
     * Replaces the silence of the same id.
     *
     * @param silence the new state
     * @return {@code true} if a silence with that id existed and was replaced
     */
    boolean replace(Silence silence);

    /**
     * Looks a silence up.
     *
     * @param id the id
     * @return the silence, or empty
     */
    Optional<Silence> find(String id);

    /**
     * The silences of an account that have not ended by an instant: those that can hold an alarm
     * back at or after it.
     *
     * @param account the account id
     * @param at the instant
     * @return the silences, in any order; never {@code null}
     */
    List<Silence> notEndedOf(String account, Instant at);

    /**
     * Every silence that has not ended by an instant (active or still to start), of any account.
     *
     * @param at the instant
     * @return the silences, by start then id; never {@code null}
     */
    List<Silence> notEnded(Instant at);

    /**
     * Forgets silences that ended before an instant.
     *
     * @param instant the instant
     * @return how many were forgotten
     */
    int purgeEndedBefore(Instant instant);

    /**
     * A thread-safe store in memory.
     *
     * @return a new, empty store
     */
    static SilenceStore inMemory() {
        return new io.backupalarm.internal.InMemorySilenceStore();
    }
}
