package io.backupalarm.json;

import io.backupalarm.config.Configuration;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.quiet.Silence;
import io.backupalarm.quiet.TestTarget;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a scenario's timeline: an event the host reports, a change of policy, or what an
 * operator does (a silence created or expired, an acknowledgement, a test notification).
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

    /**
     * An operator creates a silence ({@code SILENCE}).
     *
     * @param at when it is created
     * @param silence the silence, starting at {@code at} unless the file says otherwise
     */
    record CreateSilence(Instant at, Silence silence) implements ScenarioStep {

        /**
         * Validates the fields.
         *
         * @param at when it is created
         * @param silence the silence; not expired, ending after {@code at}
         * @throws IllegalArgumentException if the silence is expired or ends at or before {@code at}
         */
        public CreateSilence {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(silence, "silence");
            if (silence.expiredAt() != null) {
                throw new IllegalArgumentException("silence " + silence.id() + " is created, not expired");
            }
            if (!silence.ends().isAfter(at)) {
                throw new IllegalArgumentException("silence " + silence.id() + " ends at " + silence.ends()
                        + ", not after it is created at " + at);
            }
        }
    }

    /**
     * An operator ends a silence early ({@code EXPIRE_SILENCE}).
     *
     * @param at when
     * @param id the id of a silence created by an earlier step
     */
    record ExpireSilence(Instant at, String id) implements ScenarioStep {

        /**
         * Validates the fields.
         *
         * @param at when
         * @param id the silence id
         */
        public ExpireSilence {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(id, "id");
        }
    }

    /**
     * An operator acknowledges the firing alarm of a key ({@code ACKNOWLEDGE}); if none is firing
     * then, it changes nothing.
     *
     * @param at when
     * @param key the alarm's key
     * @param by who: a name, 1 to 64 characters
     * @param comment what they said, or {@code null}
     */
    record Acknowledge(Instant at, AlarmKey key, String by, String comment) implements ScenarioStep {

        /**
         * Validates the fields.
         *
         * @param at when
         * @param key the alarm's key
         * @param by who
         * @param comment what they said, or {@code null}
         */
        public Acknowledge {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(by, "by");
        }
    }

    /**
     * Someone asks for a test notification ({@code TEST_NOTIFICATION}): to everyone an alarm of an
     * instance would reach then, or to every address of a contact.
     *
     * @param at when
     * @param target the instance or the contact
     */
    record SendTest(Instant at, TestTarget target) implements ScenarioStep {

        /**
         * Validates the fields.
         *
         * @param at when
         * @param target the instance or the contact
         */
        public SendTest {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(target, "target");
        }
    }
}
