package io.backupalarm.channels.sms;

import io.backupalarm.delivery.SmsSegmentCounter;
import java.util.Objects;

/**
 * Counts how many SMS segments a text costs, and shortens a text to a number of segments: the
 * rules of {@link SmsSegmentCounter} (GSM-7 of 3GPP TS 23.038 with its extension table, 160
 * septets in one segment and 153 per part; otherwise UCS-2, 70 UTF-16 units in one segment and 67
 * per part), with the length as a value.
 *
 * <p>Gateways may add to the text (Alibaba prepends the sign name in 【】); such additions are
 * not counted here.
 *
 * <p>This class has only static methods and is thread-safe.
 */
public final class SmsSegments {

    /** Septets in a single GSM-7 message. */
    public static final int GSM7_SINGLE = SmsSegmentCounter.GSM7_SINGLE;
    /** Septets per part of a concatenated GSM-7 message. */
    public static final int GSM7_PART = SmsSegmentCounter.GSM7_PART;
    /** UTF-16 code units in a single UCS-2 message. */
    public static final int UCS2_SINGLE = SmsSegmentCounter.UCS2_SINGLE;
    /** UTF-16 code units per part of a concatenated UCS-2 message. */
    public static final int UCS2_PART = SmsSegmentCounter.UCS2_PART;

    private SmsSegments() {
    }

    /** How a text is encoded on the air. Thread-safe. */
    public enum Encoding {
        /** The GSM 03.38 7-bit default alphabet with its extension table. */
        GSM7,
        /** UCS-2 / UTF-16, for any text with a character outside GSM-7 (Chinese, emoji...). */
        UCS2
    }

    /**
     * The measured length of a text. Immutable and thread-safe.
     *
     * @param encoding the encoding the text needs
     * @param units septets for {@link Encoding#GSM7}, UTF-16 code units for {@link Encoding#UCS2}
     * @param segments how many segments (billed messages) the text costs, at least 1
     */
    public record Length(Encoding encoding, int units, int segments) {
        /** Validates the fields. */
        public Length {
            Objects.requireNonNull(encoding, "encoding");
            if (units < 0) {
                throw new IllegalArgumentException("units must not be negative: " + units);
            }
            if (segments < 1) {
                throw new IllegalArgumentException("segments must be at least 1: " + segments);
            }
        }
    }

    /**
     * Whether a character is in the GSM-7 default alphabet or its extension table.
     *
     * @param c a UTF-16 code unit
     * @return {@code true} if GSM-7 can carry it
     */
    public static boolean isGsm7(char c) {
        return SmsSegmentCounter.isGsm7(c);
    }

    /**
     * The septets a GSM-7 character takes: 2 for an extension-table character, 1 otherwise.
     *
     * @param c a character for which {@link #isGsm7(char)} holds
     * @return 1 or 2
     * @throws IllegalArgumentException if GSM-7 cannot carry the character
     */
    public static int septets(char c) {
        return SmsSegmentCounter.septets(c);
    }

    /**
     * The encoding a text needs.
     *
     * @param text the text
     * @return {@link Encoding#GSM7} if every character is GSM-7, else {@link Encoding#UCS2}
     */
    public static Encoding encodingOf(CharSequence text) {
        return SmsSegmentCounter.isGsm7(text) ? Encoding.GSM7 : Encoding.UCS2;
    }

    /**
     * Measures a text: its encoding, its length in units, and its segment count.
     *
     * @param text the text, never {@code null}
     * @return the length
     */
    public static Length measure(CharSequence text) {
        return new Length(encodingOf(text), SmsSegmentCounter.units(text), SmsSegmentCounter.segments(text));
    }

    /**
     * The number of segments a text costs.
     *
     * @param text the text
     * @return at least 1
     */
    public static int segments(CharSequence text) {
        return SmsSegmentCounter.segments(text);
    }

    /**
     * Shortens a text to at most {@code maxSegments} segments; see
     * {@link SmsSegmentCounter#shorten(String, int)}.
     *
     * @param text the text, never {@code null}
     * @param maxSegments the most segments the result may cost, at least 1
     * @return a text of at most {@code maxSegments} segments
     * @throws IllegalArgumentException if {@code maxSegments} is less than 1
     */
    public static String shorten(String text, int maxSegments) {
        return SmsSegmentCounter.shorten(text, maxSegments);
    }
}
