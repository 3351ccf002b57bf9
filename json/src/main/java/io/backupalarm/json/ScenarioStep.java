package io.backupalarm.json;

import io.backupalarm.config.Configuration;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.lifecycle.AlarmEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a scenario's timeline: an event the host reports, or a change of policy.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface ScenarioStep {

    /**
     * When the step happens.
     *
     * @return the instant
     */
    Instant at();

    /**
     * The host reports an event ({@code CLIENT_DISCONNECTED}, {@code CLIENT_CONNECTED},
     * {@code BACKUP_FAILED}, {@code BACKUP_SUCCEEDED}).
     *
     * @param event the event, with its instant
     */
    record ReportEvent(AlarmEvent event) implements ScenarioStep {

        /**
         * Validates the field.
         *
         * @param event the event, with its instant
         */
        public ReportEvent {
            Objects.requireNonNull(event, "event");
        }

        /** The event's instant. */
        @Override
        public Instant at() {
            return event.at();
        }
    }

    /**
     * An instance's policy changes ({@code SET_INSTANCE_POLICY}).
     *
     * @param at when
     * @param instance the instance id
     * @param policy its new policy
     */
    record SetInstancePolicy(Instant at, String instance, InstanceAlarmPolicy policy) implements ScenarioStep {

        /**
         * Validates the fields.
         *
         * @param at when
         * @param instance the instance id
         * @param policy its new policy
         */
        public SetInstancePolicy {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(policy, "policy");
        }

        /**
         * The configuration after the change.
         *
         * @param configuration the configuration before it
         * @return a new configuration
         * @throws io.backupalarm.NotFoundException if the instance does not exist
         * @throws io.backupalarm.ValidationException if the policy names a contact or group that
         *         does not exist or belongs to another account
         */
        public Configuration applyTo(Configuration configuration) {
            return configuration.toBuilder().instancePolicy(instance, policy).build();
        }
    }

    /**
     * A vault's policy changes ({@code SET_VAULT_POLICY}).
     *
     * @param at when
     * @param vault the vault id
     * @param policy its new policy
     */
    record SetVaultPolicy(Instant at, String vault, VaultAlarmPolicy policy) implements ScenarioStep {

        /**
         * Validates the fields.
         *
         * @param at when
         * @param vault the vault id
         * @param policy its new policy
         */
        public SetVaultPolicy {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(vault, "vault");
            Objects.requireNonNull(policy, "policy");
        }

        /**
         * The configuration after the change.
         *
         * @param configuration the configuration before it
         * @return a new configuration
         * @throws io.backupalarm.NotFoundException if the vault does not exist
         * @throws io.backupalarm.ValidationException if the policy names a contact or group that
         *         does not exist or belongs to another account
         */
        public Configuration applyTo(Configuration configuration) {
            return configuration.toBuilder().vaultPolicy(vault, policy).build();
        }
    }
}
