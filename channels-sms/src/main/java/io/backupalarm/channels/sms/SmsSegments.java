package io.backupalarm.channels.sms;

import java.util.Objects;

/**
 * Counts how many SMS segments a text costs, and shortens a text to a number of segments.
 *
 * <p>Rules (3GPP TS 23.038 / 23.040, as documented by Twilio and Alibaba Cloud):
 * <ul>
 *   <li>A text made only of characters of the GSM 03.38 default alphabet and its extension
 *       table is sent as GSM-7. A default-alphabet character takes one septet; an extension
 *       character ({@code ^ { } \ [ ~ ] | €} and form feed) takes two (escape + code). One
 *       segment holds 160 septets; a longer text is split into parts of 153 septets, and an
 *       escape pair is never split across parts.</li>
 *   <li>Any other character makes the whole text UCS-2 (UTF-16). One segment holds 70 code
 *       units; a longer text is split into parts of 67 units. A character outside the Basic
 *       Multilingual Plane (most emoji) is a surrogate pair: two units, never split across
 *       parts.</li>
 *   <li>An empty text still costs one segment.</li>
 * </ul>
 *
 * <p>Gateways may add to the text (Alibaba prepends the sign name in 【】); such additions are
 * not counted here.
 *
 * <p>This class has only static methods and is thread-safe.
 */
public final class SmsSegments {

    /** Septets in a single GSM-7 message. */
    public static final int GSM7_SINGLE = 160;
    /** Septets per part of a concatenated GSM-7 message. */
    public static final int GSM7_PART = 153;
    /** UTF-16 code units in a single UCS-2 message. */
    public static final int UCS2_SINGLE = 70;
    /** UTF-16 code units per part of a concatenated UCS-2 message. */
    public static final int UCS2_PART = 67;

    private static final String GSM7_BASIC =
            "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
            // 0x09: ETSI prints Ç, Unicode's GSM0338.TXT maps it to ç; accept both.
            + "ç";
    private static final String GSM7_EXTENSION = "\f^{}\\[~]|€";

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
        return GSM7_BASIC.indexOf(c) >= 0 || GSM7_EXTENSION.indexOf(c) >= 0;
    }

    /**
     * The septets a GSM-7 character takes: 2 for an extension-table character, 1 otherwise.
     *
     * @param c a character for which {@link #isGsm7(char)} holds
     * @return 1 or 2
     * @throws IllegalArgumentException if GSM-7 cannot carry the character
     */
    public static int septets(char c) {
        if (GSM7_EXTENSION.indexOf(c) >= 0) {
            return 2;
        }
        if (GSM7_BASIC.indexOf(c) >= 0) {
            return 1;
        }
        throw new IllegalArgumentException("not a GSM-7 character: U+" + Integer.toHexString(c));
    }

    /**
     * The encoding a text needs.
     *
     * @param text the text
     * @return {@link Encoding#GSM7} if every character is GSM-7, else {@link Encoding#UCS2}
     */
    public static Encoding encodingOf(CharSequence text) {
        Objects.requireNonNull(text, "text");
        for (int i = 0; i < text.length(); i++) {
            if (!isGsm7(text.charAt(i))) {
                return Encoding.UCS2;
            }
        }
        return Encoding.GSM7;
    }

    /**
     * Measures a text: its encoding, its length in units, and its segment count.
     *
     * @param text the text, never {@code null}
     * @return the length
     */
    public static Length measure(CharSequence text) {
        Encoding encoding = encodingOf(text);
        int units = 0;
        int parts = 1;
        int inPart = 0;
        int partSize = encoding == Encoding.GSM7 ? GSM7_PART : UCS2_PART;
        int i = 0;
        while (i < text.length()) {
            int width;
            int chars;
            char c = text.charAt(i);
            if (encoding == Encoding.GSM7) {
                width = septets(c);
                chars = 1;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                width = 2;
                chars = 2;
            } else {
                width = 1;
                chars = 1;
            }
            units += width;
            // An escape pair or a surrogate pair that does not fit moves whole to the next part.
            if (inPart + width > partSize) {
                parts++;
                inPart = 0;
            }
            inPart += width;
            i += chars;
        }
        int single = encoding == Encoding.GSM7 ? GSM7_SINGLE : UCS2_SINGLE;
        return new Length(encoding, units, units <= single ? 1 : parts);
    }

    /**
     * The number of segments a text costs; shorthand for {@code measure(text).segments()}.
     *
     * @param text the text
     * @return at least 1
     */
    public static int segments(CharSequence text) {
        return measure(text).segments();
    }

    /**
     * Shortens a text to at most {@code maxSegments} segments. A text that fits is returned as
     * it is. Otherwise the longest prefix that fits together with an ellipsis is kept: the cut
     * is made between code points (never inside a surrogate pair), trailing white space is
     * dropped, and the ellipsis is {@code "..."} for a GSM-7 prefix (so it stays GSM-7) or
     * {@code "…"} for a UCS-2 prefix.
     *
     * @param text the text, never {@code null}
     * @param maxSegments the most segments the result may cost, at least 1
     * @return a text of at most {@code maxSegments} segments
     * @throws IllegalArgumentException if {@code maxSegments} is less than 1
     */
    public static String shorten(String text, int maxSegments) {
        Objects.requireNonNull(text, "text");
        if (maxSegments < 1) {
            throw new IllegalArgumentException("maxSegments must be at least 1: " + maxSegments);
        }
        if (segments(text) <= maxSegments) {
            return text;
        }
        int codePoints = text.codePointCount(0, text.length());
        // The cost of prefix+ellipsis never falls as the prefix grows, so binary search works.
        int low = 0;
        int high = codePoints;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (segments(withEllipsis(text, mid)) <= maxSegments) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return withEllipsis(text, low);
    }

    private static String withEllipsis(String text, int codePoints) {
        String prefix = text.substring(0, text.offsetByCodePoints(0, codePoints)).stripTrailing();
        return prefix + (encodingOf(prefix) == Encoding.GSM7 ? "..." : "…");
    }
}
