package io.backupalarm.lifecycle;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How alarms behave: the grace periods before an alarm fires, whether and how often a firing
 * alarm is repeated, and whether its resolution is announced.
 *
 * <p>Build with {@link #ofDefaults()} or {@link #custom()}; each setter rejects a bad value at
 * once. The bounds: a grace period from zero to {@link #MAX_GRACE_PERIOD}, a repeat interval
 * from {@link #MIN_REPEAT_INTERVAL} to {@link #MAX_REPEAT_INTERVAL}. They keep every instant the
 * engine computes within reach of {@code java.time}, and a repeat from flooding a recipient.
 * Immutable and thread-safe.
 */
public final class AlarmSettings {

    /** The default grace period of both alarm types: one hour. */
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofHours(1);

    /** The longest grace period: 365 days. */
    public static final Duration MAX_GRACE_PERIOD = Duration.ofDays(365);

    /** The shortest repeat interval: one minute; a shorter one would flood its recipients. */
    public static final Duration MIN_REPEAT_INTERVAL = Duration.ofMinutes(1);

    /** The longest repeat interval: 365 days. */
    public static final Duration MAX_REPEAT_INTERVAL = Duration.ofDays(365);

    /** The default group wait: 30 seconds. */
    public static final Duration DEFAULT_GROUP_WAIT = Duration.ofSeconds(30);

    /** The longest group wait: one hour. */
    public static final Duration MAX_GROUP_WAIT = Duration.ofHours(1);

    private static final AlarmSettings DEFAULTS = custom().build();

    private final Duration disconnectGracePeriod;
    private final Duration backupFailureGracePeriod;
    private final Duration repeatInterval;
    private final boolean notifyOnResolved;
    private final Duration groupWait;
    private final boolean inhibitBackupFailuresWhileDisconnected;

    private AlarmSettings(Builder builder) {
        this.disconnectGracePeriod = builder.disconnectGracePeriod;
        this.backupFailureGracePeriod = builder.backupFailureGracePeriod;
        this.repeatInterval = builder.repeatInterval;
        this.notifyOnResolved = builder.notifyOnResolved;
        this.groupWait = builder.groupWait;
        this.inhibitBackupFailuresWhileDisconnected = builder.inhibitBackupFailuresWhileDisconnected;
    }

    /**
     * The defaults: both grace periods one hour, no repeat, no resolution notice, notifications
     * grouped for 30 seconds, backup failures held back while their client's disconnect alarm
     * fires.
     *
     * @return the default settings
     */
    public static AlarmSettings ofDefaults() {
        return DEFAULTS;
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder custom() {
        return new Builder();
    }

    /**
     * A builder starting from existing settings.
     *
     * @param existing the settings to copy
     * @return a new builder
     */
    public static Builder from(AlarmSettings existing) {
        Builder builder = new Builder();
        builder.disconnectGracePeriod = existing.disconnectGracePeriod;
        builder.backupFailureGracePeriod = existing.backupFailureGracePeriod;
        builder.repeatInterval = existing.repeatInterval;
        builder.notifyOnResolved = existing.notifyOnResolved;
        builder.groupWait = existing.groupWait;
        builder.inhibitBackupFailuresWhileDisconnected = existing.inhibitBackupFailuresWhileDisconnected;
        return builder;
    }

    /** @return how long a client stays disconnected before its alarm fires */
    public Duration disconnectGracePeriod() {
        return disconnectGracePeriod;
    }

    /** @return how long a backup failure stays unresolved before its alarm fires */
    public Duration backupFailureGracePeriod() {
        return backupFailureGracePeriod;
    }

    /**
     * The grace period of an alarm type.
     *
     * @param type the alarm type
     * @return its grace period
     */
    public Duration gracePeriod(AlarmType type) {
        return type == AlarmType.CLIENT_DISCONNECTED ? disconnectGracePeriod : backupFailureGracePeriod;
    }

    /** @return how often a firing alarm is announced again, if at all */
    public Optional<Duration> repeatInterval() {
        return Optional.ofNullable(repeatInterval);
    }

    /** @return whether closing a firing alarm sends a {@code RESOLVED} notification */
    public boolean notifyOnResolved() {
        return notifyOnResolved;
    }

    /**
     * How long a recipient's group collects notifications before it is sent as one message; zero
     * means no grouping (each notification is its own message, sent at once).
     *
     * @return the group wait
     */
    public Duration groupWait() {
        return groupWait;
    }

    /**
     * Whether a backup failure alarm is held back while the disconnect alarm of its instance fires.
     *
     * @return on or off
     */
    public boolean inhibitBackupFailuresWhileDisconnected() {
        return inhibitBackupFailuresWhileDisconnected;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AlarmSettings that
                && disconnectGracePeriod.equals(that.disconnectGracePeriod)
                && backupFailureGracePeriod.equals(that.backupFailureGracePeriod)
                && Objects.equals(repeatInterval, that.repeatInterval)
                && notifyOnResolved == that.notifyOnResolved
                && groupWait.equals(that.groupWait)
                && inhibitBackupFailuresWhileDisconnected == that.inhibitBackupFailuresWhileDisconnected;
    }

    @Override
    public int hashCode() {
        return Objects.hash(disconnectGracePeriod, backupFailureGracePeriod, repeatInterval, notifyOnResolved, groupWait,
                inhibitBackupFailuresWhileDisconnected);
    }

    @Override
    public String toString() {
        return "AlarmSettings[disconnectGracePeriod=" + disconnectGracePeriod
                + ", backupFailureGracePeriod=" + backupFailureGracePeriod
                + ", repeatInterval=" + repeatInterval + ", notifyOnResolved=" + notifyOnResolved
                + ", groupWait=" + groupWait
                + ", inhibitBackupFailuresWhileDisconnected=" + inhibitBackupFailuresWhileDisconnected + "]";
    }

    /** Builds {@link AlarmSettings}. Not thread-safe. */
    public static final class Builder {

        private Duration disconnectGracePeriod = DEFAULT_GRACE_PERIOD;
        private Duration backupFailureGracePeriod = DEFAULT_GRACE_PERIOD;
        private Duration repeatInterval;
        private boolean notifyOnResolved;
        private Duration groupWait = DEFAULT_GROUP_WAIT;
        private boolean inhibitBackupFailuresWhileDisconnected = true;

        private Builder() {
        }

        /**
         * How long a client stays disconnected before its alarm fires; zero fires at once.
         *
         * @param gracePeriod zero to {@link #MAX_GRACE_PERIOD}
         * @return this builder
         * @throws IllegalArgumentException if negative or longer than {@link #MAX_GRACE_PERIOD}
         */
        public Builder disconnectGracePeriod(Duration gracePeriod) {
            this.disconnectGracePeriod = gracePeriod(gracePeriod, "disconnectGracePeriod");
            return this;
        }

        /**
         * How long a backup failure stays unresolved before its alarm fires; zero fires at once.
         *
         * @param gracePeriod zero to {@link #MAX_GRACE_PERIOD}
         * @return this builder
         * @throws IllegalArgumentException if negative or longer than {@link #MAX_GRACE_PERIOD}
         */
        public Builder backupFailureGracePeriod(Duration gracePeriod) {
            this.backupFailureGracePeriod = gracePeriod(gracePeriod, "backupFailureGracePeriod");
            return this;
        }

        /**
         * How often a firing alarm is announced again.
         *
         * @param interval {@link #MIN_REPEAT_INTERVAL} to {@link #MAX_REPEAT_INTERVAL}, or
         *        {@code null} for never (the default)
         * @return this builder
         * @throws IllegalArgumentException if shorter than {@link #MIN_REPEAT_INTERVAL} (zero and
         *         negative included) or longer than {@link #MAX_REPEAT_INTERVAL}
         */
        public Builder repeatInterval(Duration interval) {
            if (interval != null && interval.compareTo(MIN_REPEAT_INTERVAL) < 0) {
                throw new IllegalArgumentException("repeatInterval " + text(interval) + " is less than the minimum, "
                        + text(MIN_REPEAT_INTERVAL) + " (null means no repeat)");
            }
            if (interval != null && interval.compareTo(MAX_REPEAT_INTERVAL) > 0) {
                throw new IllegalArgumentException("repeatInterval " + text(interval) + " is more than the maximum, "
                        + text(MAX_REPEAT_INTERVAL));
            }
            this.repeatInterval = interval;
            return this;
        }

        /**
         * Whether closing a firing alarm sends a {@code RESOLVED} notification (default off).
         *
         * @param notify on or off
         * @return this builder
         */
        public Builder notifyOnResolved(boolean notify) {
            this.notifyOnResolved = notify;
            return this;
        }

        /**
         * How long a recipient's group collects notifications before it is sent as one message
         * (default 30 seconds); zero turns grouping off.
         *
         * @param wait zero to {@link #MAX_GROUP_WAIT}
         * @return this builder
         * @throws IllegalArgumentException if negative or longer than {@link #MAX_GROUP_WAIT}
         */
        public Builder groupWait(Duration wait) {
            Objects.requireNonNull(wait, "groupWait");
            if (wait.isNegative()) {
                throw new IllegalArgumentException("groupWait " + text(wait) + " must not be negative");
            }
            if (wait.compareTo(MAX_GROUP_WAIT) > 0) {
                throw new IllegalArgumentException("groupWait " + text(wait) + " is more than the maximum, "
                        + text(MAX_GROUP_WAIT));
            }
            this.groupWait = wait;
            return this;
        }

        /**
         * Whether a backup failure alarm is held back while the disconnect alarm of its instance
         * fires (default on).
         *
         * @param inhibit on or off
         * @return this builder
         */
        public Builder inhibitBackupFailuresWhileDisconnected(boolean inhibit) {
            this.inhibitBackupFailuresWhileDisconnected = inhibit;
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the settings
         */
        public AlarmSettings build() {
            return new AlarmSettings(this);
        }

        private static Duration gracePeriod(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative()) {
                throw new IllegalArgumentException(name + " " + text(value) + " must not be negative");
            }
            if (value.compareTo(MAX_GRACE_PERIOD) > 0) {
                throw new IllegalArgumentException(name + " " + text(value) + " is more than the maximum, "
                        + text(MAX_GRACE_PERIOD));
            }
            return value;
        }

        /** ISO-8601, in days when whole days ({@code P365D} rather than {@code PT8760H}), as people write it. */
        private static String text(Duration value) {
            return !value.isZero() && !value.isNegative() && value.toSeconds() % 86_400 == 0 && value.getNano() == 0
                    ? "P" + value.toDays() + "D" : value.toString();
        }
    }
}
