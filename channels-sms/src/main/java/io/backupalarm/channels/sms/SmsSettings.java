package io.backupalarm.channels.sms;

import java.util.Objects;

/**
 * Settings of {@link SmsChannel} that do not depend on the gateway.
 *
 * <pre>{@code
 * SmsSettings settings = SmsSettings.custom().maxSegments(2).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; the {@link Builder} is not thread-safe.
 */
public final class SmsSettings {

    /** The most segments a message may be set to. */
    public static final int MAX_SEGMENTS_LIMIT = 10;
    /** The default of {@link #maxSegments()}. */
    public static final int DEFAULT_MAX_SEGMENTS = 3;

    private static final SmsSettings DEFAULTS = custom().build();

    private final int maxSegments;

    private SmsSettings(Builder builder) {
        this.maxSegments = builder.maxSegments;
    }

    /**
     * The default settings: alarm texts shortened to {@value #DEFAULT_MAX_SEGMENTS} segments.
     *
     * @return the defaults
     */
    public static SmsSettings ofDefaults() {
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
    public static Builder from(SmsSettings existing) {
        Objects.requireNonNull(existing, "existing");
        return new Builder().maxSegments(existing.maxSegments);
    }

    /**
     * The most segments an alarm text ({@code FIRING}, {@code RESOLVED}, {@code REPEAT}) may
     * cost; longer texts are shortened with {@link SmsSegments#shorten(String, int)}.
     * Verification-code texts are never shortened, so that the code is never cut off.
     *
     * @return 1 to {@value #MAX_SEGMENTS_LIMIT}
     */
    public int maxSegments() {
        return maxSegments;
    }

    @Override
    public String toString() {
        return "SmsSettings[maxSegments=" + maxSegments + "]";
    }

    /** Builds {@link SmsSettings}; each setter rejects a bad value at once. Not thread-safe. */
    public static final class Builder {

        private int maxSegments = DEFAULT_MAX_SEGMENTS;

        private Builder() {
        }

        /**
         * Sets {@link SmsSettings#maxSegments()}.
         *
         * @param maxSegments 1 to {@value SmsSettings#MAX_SEGMENTS_LIMIT}
         * @return this builder
         * @throws IllegalArgumentException if the value is out of range
         */
        public Builder maxSegments(int maxSegments) {
            if (maxSegments < 1 || maxSegments > MAX_SEGMENTS_LIMIT) {
                throw new IllegalArgumentException("maxSegments must be 1 to " + MAX_SEGMENTS_LIMIT
                        + ": " + maxSegments);
            }
            this.maxSegments = maxSegments;
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the settings
         */
        public SmsSettings build() {
            return new SmsSettings(this);
        }
    }
}
