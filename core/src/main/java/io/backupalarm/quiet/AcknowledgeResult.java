package io.backupalarm.quiet;

/** What {@code AlarmEngine.acknowledge} did. */
public enum AcknowledgeResult {
    /** The firing alarm is now acknowledged: no more repeats for this occurrence. */
    ACKNOWLEDGED,
    /** It was already acknowledged; the first acknowledgement stands. */
    ALREADY_ACKNOWLEDGED,
    /** No alarm of that key is firing (none open, or still pending): nothing changed. */
    NOT_FIRING
}
