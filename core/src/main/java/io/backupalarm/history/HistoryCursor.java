package io.backupalarm.history;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * Where a page of history ended: the instant and sequence of its last (oldest) entry. The next
 * page holds what is older, by {@code (at, sequence)}, so entries appended meanwhile (newer) never
 * shift it. Written out as an opaque text by {@link #encode()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param at the instant of the last entry
 * @param sequence the sequence of the last entry
 */
public record HistoryCursor(Instant at, long sequence) {

    private static final String PREFIX = "h1:";

    /** Validates the fields. */
    public HistoryCursor {
        Objects.requireNonNull(at, "at");
        if (sequence < 0) {
            throw new IllegalArgumentException("cursor sequence must not be negative: " + sequence);
        }
    }

    /**
     * The cursor as an opaque text (URL-safe).
     *
     * @return the text
     */
    public String encode() {
        String plain = PREFIX + at.getEpochSecond() + ":" + at.getNano() + ":" + sequence;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Reads a cursor {@link #encode()} wrote.
     *
     * @param text the text
     * @return the cursor
     * @throws IllegalArgumentException if the text is not such a cursor
     */
    public static HistoryCursor parse(String text) {
        Objects.requireNonNull(text, "cursor");
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
            if (!plain.startsWith(PREFIX)) {
                throw new IllegalArgumentException("no prefix");
            }
            String[] parts = plain.substring(PREFIX.length()).split(":", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("not three parts");
            }
            return new HistoryCursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                    Long.parseLong(parts[2]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cursor '" + io.backupalarm.text.SafeText.escape(text)
                    + "' is not a history cursor (use the nextCursor of a page)", e);
        }
    }

    /**
     * Whether an entry at {@code entryAt} with {@code entrySequence} comes after this cursor in
     * newest-first order, that is, is older.
     *
     * @param entryAt the entry's instant
     * @param entrySequence the entry's sequence
     * @return whether the next page holds it
     */
    public boolean precedes(Instant entryAt, long entrySequence) {
        int byAt = entryAt.compareTo(at);
        return byAt < 0 || (byAt == 0 && entrySequence < sequence);
    }
}
