package io.backupalarm.quiet;

import io.backupalarm.config.AlarmMatcher;
import io.backupalarm.internal.Checks;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A silence: while active, nothing is sent for the alarms of its account that its matcher covers
 * (they still fire, count events and resolve). Active at instant t when
 * {@code starts <= t < end()}; expiring it early ends it at that instant.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the silence id, unique
 * @param account the id of the account it belongs to
 * @param matcher which of the account's alarms it holds back
 * @param starts when it begins
 * @param ends when it ends as created; after {@code starts}
 * @param createdBy who created it, or {@code null}
 * @param comment why, or {@code null}
 * @param expiredAt when it was expired early, or {@code null}
 */
public record Silence(String id, String account, AlarmMatcher matcher, Instant starts, Instant ends,
                      String createdBy, String comment, Instant expiredAt) {

    /** Validates the fields. */
    public Silence {
        Checks.id(id, "silence id");
        Checks.id(account, "silence " + id + " account");
        Objects.requireNonNull(matcher, "silence " + id + " matcher");
        Objects.requireNonNull(starts, "silence " + id + " starts");
        Objects.requireNonNull(ends, "silence " + id + " ends");
        if (!ends.isAfter(starts)) {
            throw new IllegalArgumentException("silence " + id + " must end after it starts: starts " + starts
                    + ", ends " + ends);
        }
        if (createdBy != null) {
            Checks.name(createdBy, "silence " + id + " createdBy");
        }
        if (comment != null && comment.length() > 1000) {
            throw new IllegalArgumentException("silence " + id + " comment must be at most 1000 characters");
        }
    }

    /**
     * A new silence, not expired.
     *
     * @param id the id
     * @param account the account
     * @param matcher what it covers
     * @param starts when it begins
     * @param ends when it ends
     * @param createdBy who, or {@code null}
     * @param comment why, or {@code null}
     * @return the silence
     */
    public static Silence of(String id, String account, AlarmMatcher matcher, Instant starts, Instant ends,
                             String createdBy, String comment) {
        return new Silence(id, account, matcher, starts, ends, createdBy, comment, null);
    }

    /**
     * When it stops holding alarms back: {@code ends}, or the expiry if earlier (an expiry before
     * {@code starts} means it never becomes active).
     *
     * @return the end instant
     */
    public Instant end() {
        if (expiredAt == null || !expiredAt.isBefore(ends)) {
            return ends;
        }
        return expiredAt.isBefore(starts) ? starts : expiredAt;
    }

    /**
     * Whether it holds alarms back at an instant.
     *
     * @param at the instant
     * @return {@code starts <= at < end()}
     */
    public boolean activeAt(Instant at) {
        return !starts.isAfter(at) && end().isAfter(at);
    }

    /**
     * Whether it can no longer hold anything back from an instant on: it ended, or it was expired
     * (also one expired before it started).
     *
     * @param at the instant
     * @return {@code end() <= at}, or expired at or before {@code at}
     */
    public boolean endedBy(Instant at) {
        return !end().isAfter(at) || (expiredAt != null && !expiredAt.isAfter(at));
    }

    /**
     * This silence expired at an instant; one that had already ended stays as it was.
     *
     * @param at the instant
     * @return the copy, or this silence if it had ended by {@code at}
     */
    public Silence expired(Instant at) {
        if (endedBy(at)) {
            return this;
        }
        return new Silence(id, account, matcher, starts, ends, createdBy, comment, at);
    }

    /**
     * Who created it.
     *
     * @return the creator, or empty
     */
    public Optional<String> creator() {
        return Optional.ofNullable(createdBy);
    }
}
