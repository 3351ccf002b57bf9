package io.backupalarm.lifecycle;

import io.backupalarm.policy.Recipient;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An open alarm as the engine keeps it: pending or firing.
 *
 * <p>Immutable and thread-safe; the engine replaces it with a new value on every change.
 *
 * @param key the alarm's key
 * @param state pending or firing
 * @param openedAt when the event that opened it happened
 * @param occurrences how many opening events it has counted (1 when opened)
 * @param message the latest backup failure message, or {@code null}
 * @param nextDue when it next needs the engine (firing when pending; the next repeat when
 *        firing), or {@code null} when nothing is due
 * @param firedAt when it fired, or {@code null} while pending
 * @param repeats how many {@code REPEAT} rounds went out
 * @param recipients who was told when it fired (empty while pending); {@code REPEAT} and
 *        {@code RESOLVED} go to them
 * @param vault the instance's vault when it fired, or {@code null} while pending
 * @param account the instance's account when it fired, or {@code null} while pending
 * @param announcedAt when its {@code FIRING} notification fell due while it was not held back
 *        (at firing or at a release), or {@code null} while never announced
 * @param acknowledgement who acknowledged it, or {@code null}
 */
public record OpenAlarm(AlarmKey key, AlarmState state, Instant openedAt, int occurrences, String message,
                        Instant nextDue, Instant firedAt, int repeats, Set<Recipient> recipients,
                        String vault, String account, Instant announcedAt, Acknowledgement acknowledgement) {

    /** Validates and copies. */
    public OpenAlarm {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(openedAt, "openedAt");
        if (occurrences < 1 || repeats < 0) {
            throw new IllegalArgumentException("occurrences must be at least 1 and repeats at least 0");
        }
        if (state == AlarmState.PENDING && (nextDue == null || firedAt != null)) {
            throw new IllegalArgumentException("a pending alarm has a due time and has not fired");
        }
        if (state == AlarmState.FIRING && firedAt == null) {
            throw new IllegalArgumentException("a firing alarm has fired");
        }
        if (state == AlarmState.PENDING && (announcedAt != null || acknowledgement != null)) {
            throw new IllegalArgumentException("a pending alarm is neither announced nor acknowledged");
        }
        recipients = Set.copyOf(recipients);
    }

    /**
     * An alarm as stored before announcements and acknowledgements existed: firing means
     * announced when it fired.
     *
     * @param key the alarm's key
     * @param state pending or firing
     * @param openedAt when the opening event happened
     * @param occurrences how many opening events it counted
     * @param message the latest backup failure message, or {@code null}
     * @param nextDue when it next needs the engine, or {@code null}
     * @param firedAt when it fired, or {@code null} while pending
     * @param repeats how many repeat rounds went out
     * @param recipients who was told last
     * @param vault the vault, or {@code null}
     * @param account the account, or {@code null}
     */
    public OpenAlarm(AlarmKey key, AlarmState state, Instant openedAt, int occurrences, String message,
                     Instant nextDue, Instant firedAt, int repeats, Set<Recipient> recipients,
                     String vault, String account) {
        this(key, state, openedAt, occurrences, message, nextDue, firedAt, repeats, recipients, vault, account,
                firedAt, null);
    }

    /**
     * Whether its {@code FIRING} notification has fallen due.
     *
     * @return {@code announcedAt() != null}
     */
    public boolean announced() {
        return announcedAt != null;
    }

    /**
     * Whether someone acknowledged it.
     *
     * @return {@code acknowledgement() != null}
     */
    public boolean acknowledged() {
        return acknowledgement != null;
    }

    /**
     * A new pending alarm.
     *
     * @param key the key
     * @param openedAt when the opening event happened
     * @param message the backup failure message, or {@code null}
     * @param firesAt when it fires if still open
     * @return the alarm
     */
    public static OpenAlarm pending(AlarmKey key, Instant openedAt, String message, Instant firesAt) {
        return new OpenAlarm(key, AlarmState.PENDING, openedAt, 1, message, firesAt, null, 0, Set.of(), null, null,
                null, null);
    }

    /**
     * This alarm with one more opening event counted.
     *
     * @param latestMessage the new event's message, or {@code null} to keep the current one
     * @return the copy
     */
    public OpenAlarm counted(String latestMessage) {
        return new OpenAlarm(key, state, openedAt, occurrences + 1, latestMessage == null ? message : latestMessage,
                nextDue, firedAt, repeats, recipients, vault, account, announcedAt, acknowledgement);
    }

    /**
     * This alarm, fired and announced at once.
     *
     * @param at when it fired
     * @param told who was told
     * @param vaultId the instance's vault, or {@code null} if the instance is gone
     * @param accountId the instance's account, or {@code null} if the instance is gone
     * @param nextRepeat when to repeat, or {@code null}
     * @return the copy
     */
    public OpenAlarm fired(Instant at, Set<Recipient> told, String vaultId, String accountId, Instant nextRepeat) {
        return new OpenAlarm(key, AlarmState.FIRING, openedAt, occurrences, message, nextRepeat, at, 0, told,
                vaultId, accountId, at, null);
    }

    /**
     * This alarm, fired while held back: not announced; the engine looks at it again at
     * {@code nextCheck}.
     *
     * @param at when it fired
     * @param vaultId the instance's vault
     * @param accountId the instance's account
     * @param nextCheck when its hold may end, or {@code null} when only an event can end it
     * @return the copy
     */
    public OpenAlarm firedHeld(Instant at, String vaultId, String accountId, Instant nextCheck) {
        return new OpenAlarm(key, AlarmState.FIRING, openedAt, occurrences, message, nextCheck, at, 0, Set.of(),
                vaultId, accountId, null, null);
    }

    /**
     * This firing alarm, announced at a release.
     *
     * @param at when its {@code FIRING} notification fell due
     * @param told who was told
     * @param nextRepeat when to repeat, or {@code null}
     * @return the copy
     */
    public OpenAlarm announced(Instant at, Set<Recipient> told, Instant nextRepeat) {
        return new OpenAlarm(key, state, openedAt, occurrences, message, nextRepeat, firedAt, repeats, told, vault,
                account, at, acknowledgement);
    }

    /**
     * This alarm with another due time (a repeat skipped, a hold that goes on).
     *
     * @param next when it next needs the engine, or {@code null}
     * @return the copy
     */
    public OpenAlarm dueAt(Instant next) {
        return new OpenAlarm(key, state, openedAt, occurrences, message, next, firedAt, repeats, recipients, vault,
                account, announcedAt, acknowledgement);
    }

    /**
     * This firing alarm, acknowledged: nothing more is due for it.
     *
     * @param ack the acknowledgement
     * @return the copy
     */
    public OpenAlarm acknowledged(Acknowledgement ack) {
        return new OpenAlarm(key, state, openedAt, occurrences, message, null, firedAt, repeats, recipients, vault,
                account, announcedAt, ack);
    }

    /**
     * This alarm after one more repeat round.
     *
     * @param nextRepeat when to repeat again
     * @return the copy
     */
    public OpenAlarm repeated(Instant nextRepeat) {
        return repeated(recipients, nextRepeat);
    }

    /**
     * This alarm after one more repeat round, told to the recipients of that moment.
     *
     * @param told who was told
     * @param nextRepeat when to repeat again, or {@code null}
     * @return the copy
     */
    public OpenAlarm repeated(Set<Recipient> told, Instant nextRepeat) {
        return new OpenAlarm(key, state, openedAt, occurrences, message, nextRepeat, firedAt, repeats + 1,
                told, vault, account, announcedAt, acknowledgement);
    }
}
