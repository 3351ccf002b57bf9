package io.backupalarm.config;

import io.backupalarm.internal.Checks;
import io.backupalarm.lifecycle.AlarmType;
import java.util.Objects;
import java.util.Optional;

/**
 * Which alarms of an account a silence or a maintenance window covers: every matcher given must
 * equal the alarm's vault, instance or type; no matcher at all covers the whole account.
 *
 * <p>Immutable and thread-safe.
 *
 * @param vault the vault id, or {@code null} for any vault
 * @param instance the instance id, or {@code null} for any instance
 * @param alarm the alarm type, or {@code null} for any type
 */
public record AlarmMatcher(String vault, String instance, AlarmType alarm) {

    /** Covers every alarm of the account. */
    public static final AlarmMatcher ANY = new AlarmMatcher(null, null, null);

    /** Validates the ids given. */
    public AlarmMatcher {
        if (vault != null) {
            Checks.id(vault, "vault matcher");
        }
        if (instance != null) {
            Checks.id(instance, "instance matcher");
        }
    }

    /**
     * Whether an alarm is covered.
     *
     * @param alarmVault the alarm's vault
     * @param alarmInstance the alarm's instance
     * @param type the alarm's type
     * @return whether every matcher given equals the alarm's value
     */
    public boolean matches(String alarmVault, String alarmInstance, AlarmType type) {
        return (vault == null || vault.equals(alarmVault))
                && (instance == null || instance.equals(alarmInstance))
                && (alarm == null || alarm == Objects.requireNonNull(type, "type"));
    }

    /**
     * The vault matcher.
     *
     * @return the vault id, or empty for any vault
     */
    public Optional<String> vaultId() {
        return Optional.ofNullable(vault);
    }

    /**
     * The instance matcher.
     *
     * @return the instance id, or empty for any instance
     */
    public Optional<String> instanceId() {
        return Optional.ofNullable(instance);
    }
}
