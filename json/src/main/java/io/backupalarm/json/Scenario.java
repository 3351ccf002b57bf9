package io.backupalarm.json;

import io.backupalarm.config.Configuration;
import io.backupalarm.lifecycle.AlarmSettings;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A scenario file, read and validated: a configuration, the alarm settings, a timeline of steps
 * in time order, and the instant the replay runs until.
 *
 * <p>Immutable and thread-safe.
 *
 * @param configuration the configuration at the start of the timeline
 * @param settings the alarm settings ({@link AlarmSettings#ofDefaults()} where the file says nothing)
 * @param steps the events, policy changes and operator actions, in time order (equal instants in
 *        file order)
 * @param until the instant the replay runs until, inclusive: the file's {@code until}, else the
 *        instant of the last step; empty when the file has neither
 */
public record Scenario(Configuration configuration, AlarmSettings settings, List<ScenarioStep> steps,
                       Optional<Instant> until) {

    /**
     * Validates and copies.
     *
     * @param configuration the configuration at the start of the timeline
     * @param settings the alarm settings
     * @param steps the steps, in time order
     * @param until the instant the replay runs until, if any
     * @throws IllegalArgumentException if the steps are not in time order, or {@code until} is
     *         before the last step
     */
    public Scenario {
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(settings, "settings");
        steps = List.copyOf(steps);
        Objects.requireNonNull(until, "until");
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i).at().isBefore(steps.get(i - 1).at())) {
                throw new IllegalArgumentException("step " + i + " at " + steps.get(i).at()
                        + " is earlier than the step before it at " + steps.get(i - 1).at());
            }
        }
        if (!steps.isEmpty() && until.isPresent() && until.get().isBefore(steps.get(steps.size() - 1).at())) {
            throw new IllegalArgumentException("until " + until.get() + " is earlier than the last step at "
                    + steps.get(steps.size() - 1).at());
        }
    }

    /**
     * A scenario with nothing happening: a configuration and default settings.
     *
     * @param configuration the configuration
     * @return the scenario
     */
    public static Scenario of(Configuration configuration) {
        return new Scenario(configuration, AlarmSettings.ofDefaults(), List.of(), Optional.empty());
    }

    /**
     * The instant the replay starts: that of the first step.
     *
     * @return the first step's instant; empty if there is no step
     */
    public Optional<Instant> start() {
        return steps.isEmpty() ? Optional.empty() : Optional.of(steps.get(0).at());
    }
}
