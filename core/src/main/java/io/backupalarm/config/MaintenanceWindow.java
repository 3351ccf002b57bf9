package io.backupalarm.config;

import io.backupalarm.internal.Checks;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A recurring silence kept in the configuration: on each listed day of the week, alarms of the
 * account that the matcher covers are held back for {@code duration} from the local start time.
 *
 * <p>Each listed day gives one range [start, start + duration): start is that day's local start
 * time in the window's zone, resolved as {@link ZonedDateTime#of(LocalDate, LocalTime, ZoneId)}
 * resolves a local time (a time in a daylight-saving gap moves forward by the gap; one in an
 * overlap takes the earlier offset), and the duration is elapsed time from it. A range may cross
 * midnight; ranges may overlap.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the window id
 * @param account the id of the owning account
 * @param matcher which of the account's alarms it covers
 * @param timeZone the zone of {@code days} and {@code start}
 * @param days the days of the week on which a range starts; at least one
 * @param start the local start time
 * @param duration how long each range lasts; more than zero, at most {@link #MAX_DURATION}
 */
public record MaintenanceWindow(String id, String account, AlarmMatcher matcher, ZoneId timeZone,
                                Set<DayOfWeek> days, LocalTime start, Duration duration) {

    /** The longest range: a week. */
    public static final Duration MAX_DURATION = Duration.ofDays(7);

    /** Validates and copies. */
    public MaintenanceWindow {
        Checks.id(id, "maintenance window id");
        Checks.id(account, "maintenance window " + id + " account");
        Objects.requireNonNull(matcher, "maintenance window " + id + " matcher");
        Objects.requireNonNull(timeZone, "maintenance window " + id + " timeZone");
        Objects.requireNonNull(days, "maintenance window " + id + " days");
        if (days.isEmpty()) {
            throw new IllegalArgumentException("maintenance window " + id + " days must name at least one day");
        }
        days = Set.copyOf(EnumSet.copyOf((Collection<DayOfWeek>) days));
        Objects.requireNonNull(start, "maintenance window " + id + " start");
        Objects.requireNonNull(duration, "maintenance window " + id + " duration");
        if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("maintenance window " + id + " duration must be more than zero and at most "
                    + MAX_DURATION + ": " + duration);
        }
    }

    /**
     * Whether an instant falls in one of the window's ranges.
     *
     * @param at the instant
     * @return whether the window is active then
     */
    public boolean activeAt(Instant at) {
        return activeUntil(at).isPresent();
    }

    /**
     * The end of the window's hold around an instant: the latest end of the ranges that contain
     * it (overlapping ranges may carry the hold further; ask again at that instant).
     *
     * @param at the instant
     * @return the latest end of a range containing {@code at}, or empty when none does
     */
    public Optional<Instant> activeUntil(Instant at) {
        Objects.requireNonNull(at, "at");
        // A range that contains `at` started at most seven days (the longest duration) before it, and
        // a gap or overlap moves a local start by hours at most: look one day further back.
        LocalDate today = at.atZone(timeZone).toLocalDate();
        Instant until = null;
        for (int back = 0; back <= 8; back++) {
            LocalDate day = today.minusDays(back);
            if (!days.contains(day.getDayOfWeek())) {
                continue;
            }
            Instant begins = ZonedDateTime.of(day, start, timeZone).toInstant();
            Instant ends = begins.plus(duration);
            if (!begins.isAfter(at) && ends.isAfter(at) && (until == null || ends.isAfter(until))) {
                until = ends;
            }
        }
        return Optional.ofNullable(until);
    }

    /**
     * A copy covering other alarms.
     *
     * @param newMatcher the matcher
     * @return the copy
     */
    public MaintenanceWindow withMatcher(AlarmMatcher newMatcher) {
        return new MaintenanceWindow(id, account, newMatcher, timeZone, days, start, duration);
    }
}
