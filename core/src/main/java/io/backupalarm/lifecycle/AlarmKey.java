package io.backupalarm.lifecycle;

import io.backupalarm.internal.Checks;
import java.util.Objects;

/**
 * What makes alarms the same alarm: its type, its instance and, for a backup failure, its job.
 * At most one alarm of a key is open at a time; alarms of different keys are independent.
 *
 * <p>Immutable and thread-safe.
 *
 * @param type the alarm type
 * @param instance the instance id
 * @param job the backup job for {@code BACKUP_FAILED}, or {@code null} (always {@code null} for
 *        {@code CLIENT_DISCONNECTED})
 */
public record AlarmKey(AlarmType type, String instance, String job) implements Comparable<AlarmKey> {

    /** Validates the key. */
    public AlarmKey {
        Objects.requireNonNull(type, "type");
        Checks.id(instance, "instance");
        if (job != null && type == AlarmType.CLIENT_DISCONNECTED) {
            throw new IllegalArgumentException("a CLIENT_DISCONNECTED alarm has no job");
        }
    }

    /**
     * The key of the alarm an event opens or closes.
     *
     * @param event an event
     * @return its alarm's key
     */
    public static AlarmKey of(AlarmEvent event) {
        return event.key();
    }

    /** Orders by type, instance, then job (no job first). Written out: it runs inside the due index. */
    @Override
    public int compareTo(AlarmKey other) {
        int byType = type.compareTo(other.type);
        if (byType != 0) {
            return byType;
        }
        int byInstance = instance.compareTo(other.instance);
        if (byInstance != 0) {
            return byInstance;
        }
        if (job == null || other.job == null) {
            return job == null ? (other.job == null ? 0 : -1) : 1;
        }
        return job.compareTo(other.job);
    }

    @Override
    public String toString() {
        return type + "/" + instance + (job == null ? "" : "/" + job);
    }
}
