package io.backupalarm.lifecycle;

/**
 * The kinds of alarm.
 *
 * <p>Immutable and thread-safe.
 */
public enum AlarmType {
    /** A backup client lost its connection; keyed by instance. */
    CLIENT_DISCONNECTED,
    /** A backup failed; keyed by instance and job. */
    BACKUP_FAILED
}
