package io.backupalarm.json;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The "did you mean" of an unknown id: the known id nearest to it, if one is a likely typo. The
 * readers add it to a reference to something missing, and the command-line tool to an unknown
 * {@code --instance}.
 *
 * <p>Nearest means the fewest single-character insertions, deletions and substitutions
 * (Levenshtein distance), ignoring case; a likely typo is at most one such edit away for an id
 * of up to five characters, at most two for a longer one. Ties go to the id first in
 * {@link String#compareTo} order, so the answer does not depend on the collection's order.
 *
 * <p>Stateless and thread-safe.
 */
public final class Suggestions {

    /** The most edits a suggestion may be away: beyond two, a near id is more likely another thing. */
    private static final int MAX_EDITS = 2;

    private Suggestions() {
    }

    /**
     * The known id nearest to an unknown one, if it is a likely typo of it.
     *
     * @param unknown the id that was not found
     * @param known the ids there are
     * @return the nearest known id within reach; empty if none is
     */
    public static Optional<String> nearest(String unknown, Collection<String> known) {
        Objects.requireNonNull(unknown, "unknown");
        Objects.requireNonNull(known, "known");
        int reach = Math.min(MAX_EDITS, Math.max(1, unknown.length() / 3));
        String target = unknown.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = reach + 1;
        for (String candidate : known) {
            if (candidate.equals(unknown) || Math.abs(candidate.length() - unknown.length()) > reach) {
                continue; // an equal id is not a suggestion; a length far off cannot be within reach
            }
            int distance = distance(target, candidate.toLowerCase(Locale.ROOT), reach);
            if (distance < bestDistance || distance == bestDistance && best != null && candidate.compareTo(best) < 0) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The end of a message about an unknown id: {@code "; did you mean 'i-web1'?"}, or nothing.
     *
     * @param unknown the id that was not found
     * @param known the ids there are
     * @return the suggestion to append, or an empty string
     */
    public static String didYouMean(String unknown, Collection<String> known) {
        return nearest(unknown, known).map(id -> "; did you mean '" + id + "'?").orElse("");
    }

    /**
     * Levenshtein distance if it is at most {@code reach}, else more than {@code reach}: only the
     * cells within {@code reach} of the diagonal count, so a long id costs little.
     */
    private static int distance(String a, String b, int reach) {
        int far = reach + 1;
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        Arrays.fill(current, far); // cells outside the band are never written, so they stay out of reach
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = Math.min(j, far);
        }
        for (int i = 1; i <= a.length(); i++) {
            int from = Math.max(1, i - reach);
            current[0] = Math.min(i, far);
            current[from - 1] = from == 1 ? current[0] : far; // left of the band: not what an earlier row left
            int rowMin = current[0];
            for (int j = from; j <= Math.min(b.length(), i + reach); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(far, Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1));
                rowMin = Math.min(rowMin, current[j]);
            }
            if (rowMin >= far) {
                return far; // every alignment is already out of reach
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
