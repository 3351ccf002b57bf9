package io.backupalarm.lifecycle;

import io.backupalarm.internal.Checks;
import java.time.Instant;
import java.util.Objects;

/**
 * Something a host reports about a backup client, with the instant it happened. Events open and
 * close alarms (behaviour contract, section 5).
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface AlarmEvent {

    /**
     * The instance (backup client) the event is about.
     *
     * @return the instance id
     */
    String instance();

    /**
     * When it happened (not when it was reported).
     *
     * @return the instant
     */
    Instant at();

    /**
     * The key of the alarm the event opens or closes. Every event type says it itself, so a new
     * event type cannot be added without deciding it.
     *
     * @return the alarm key
     */
    AlarmKey key();

    /**
     * Whether the event opens (or counts on) its alarm rather than closing it.
     *
     * @return {@code true} for a disconnect or a backup failure
     */
    boolean opens();

    /**
     * The client lost its connection to the server; opens a {@code CLIENT_DISCONNECTED} alarm.
     *
     * @param instance the instance id
     * @param at when it happened
     */
    record ClientDisconnected(String instance, Instant at) implements AlarmEvent {
        /** Validates the fields. */
        public ClientDisconnected {
            EventChecks.common(instance, at);
        }

        /** {@inheritDoc} */
        @Override
        public AlarmKey key() {
            return new AlarmKey(AlarmType.CLIENT_DISCONNECTED, instance, null);
        }

        /** {@inheritDoc} */
        @Override
        public boolean opens() {
            return true;
        }
    }

    /**
     * The client is connected again; closes its {@code CLIENT_DISCONNECTED} alarm.
     *
     * @param instance the instance id
     * @param at when it happened
     */
    record ClientConnected(String instance, Instant at) implements AlarmEvent {
        /** Validates the fields. */
        public ClientConnected {
            EventChecks.common(instance, at);
        }

        /** {@inheritDoc} */
        @Override
        public AlarmKey key() {
            return new AlarmKey(AlarmType.CLIENT_DISCONNECTED, instance, null);
        }

        /** {@inheritDoc} */
        @Override
        public boolean opens() {
            return false;
        }
    }

    /**
     * A backup failed; opens a {@code BACKUP_FAILED} alarm keyed by instance and job.
     *
     * @param instance the instance id
     * @param job the backup job, or {@code null} (the alarm is then keyed by instance only)
     * @param message what the backup reported, or {@code null}
     * @param at when it happened
     */
    record BackupFailed(String instance, String job, String message, Instant at) implements AlarmEvent {
        /** Validates the fields. */
        public BackupFailed {
            EventChecks.common(instance, at);
            EventChecks.job(job);
            if (message != null && message.indexOf('\0') >= 0) {
                // Databases' text types cannot hold it (PostgreSQL rejects it), so neither does the event.
                throw new IllegalArgumentException("message must not contain NUL characters");
            }
            if (message != null && message.length() > 4000) {
                throw new IllegalArgumentException("message must be at most 4000 characters, not " + message.length());
            }
        }

        /** {@inheritDoc} */
        @Override
        public AlarmKey key() {
            return new AlarmKey(AlarmType.BACKUP_FAILED, instance, job);
        }

        /** {@inheritDoc} */
        @Override
        public boolean opens() {
            return true;
        }
    }

    /**
     * A backup succeeded; closes the {@code BACKUP_FAILED} alarm of the same instance and job.
     *
     * @param instance the instance id
     * @param job the backup job, or {@code null}
     * @param at when it happened
     */
    record BackupSucceeded(String instance, String job, Instant at) implements AlarmEvent {
        /** Validates the fields. */
        public BackupSucceeded {
            EventChecks.common(instance, at);
            EventChecks.job(job);
        }

        /** {@inheritDoc} */
        @Override
        public AlarmKey key() {
            return new AlarmKey(AlarmType.BACKUP_FAILED, instance, job);
        }

        /** {@inheritDoc} */
        @Override
        public boolean opens() {
            return false;
        }
    }
}

/** Checks the events share. */
final class EventChecks {

    private EventChecks() {
    }

    static void common(String instance, Instant at) {
        Checks.id(instance, "instance");
        Objects.requireNonNull(at, "at");
    }

    static void job(String job) {
        if (job != null) {
            Checks.name(job, "job");
        }
    }
}
