package io.backupalarm.delivery;

import java.util.Objects;

/**
 * Counts the SMS segments (billed messages) a text costs, and shortens a text to a number of
 * segments. The engine uses it so that a grouped SMS fits {@link MessageTemplates#GROUP_SMS_SEGMENTS}
 * segments; the SMS channel uses it to cap what it sends.
 *
 * <p>Rules (3GPP TS 23.038 for the alphabet, TS 23.040 for concatenation):
 * <ul>
 *   <li>A text made only of characters of the GSM 7-bit default alphabet and its extension table
 *       is sent as GSM-7. A default-alphabet character takes one septet; an extension character
 *       (form feed and {@code ^ { } \ [ ~ ] | €}) takes two (escape + code). One segment holds
 *       {@value #GSM7_SINGLE} septets; a longer text is split into parts of {@value #GSM7_PART}
 *       septets (the rest holds the concatenation header), and an escape pair is never split
 *       across parts.</li>
 *   <li>Any other character makes the whole text UCS-2 (UTF-16). One segment holds
 *       {@value #UCS2_SINGLE} code units; a longer text is split into parts of
 *       {@value #UCS2_PART} units. A character outside the Basic Multilingual Plane (most emoji)
 *       is a surrogate pair: two units, never split across parts.</li>
 *   <li>An empty text still costs one segment.</li>
 * </ul>
 *
 * <p>The alphabet is the one of TS 23.038 (position 0x09 is the capital {@code Ç}; the escape
 * code 0x1B is not a character of its own). Where sources differ, a character is counted as
 * UCS-2: counting too many segments is safe, too few is not.
 *
 * <p>Only static methods; thread-safe.
 */
public final class SmsSegmentCounter {

    /** Septets in a single GSM-7 message. */
    public static final int GSM7_SINGLE = 160;
    /** Septets per part of a concatenated GSM-7 message. */
    public static final int GSM7_PART = 153;
    /** UTF-16 code units in a single UCS-2 message. */
    public static final int UCS2_SINGLE = 70;
    /** UTF-16 code units per part of a concatenated UCS-2 message. */
    public static final int UCS2_PART = 67;

    /** The 127 characters of the default alphabet (its 128 positions less the escape code). */
    static final String GSM7_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** The 10 characters of the extension table, each sent as escape + code. */
    static final String GSM7_EXTENSION = "\f^{}\\[~]|€";

    // Every default-alphabet character is below U+03AA (Ω is U+03A9): one table look-up per character.
    private static final boolean[] BASIC = table(GSM7_BASIC);
    private static final boolean[] EXTENSION = table(GSM7_EXTENSION.replace("€", ""));

    private SmsSegmentCounter() {
    }

    private static boolean[] table(String characters) {
        boolean[] table = new boolean[0x3AA];
        characters.chars().forEach(c -> table[c] = true);
        return table;
    }

    /**
     * Whether a character is in the GSM-7 default alphabet or its extension table.
     *
     * @param c a UTF-16 code unit
     * @return {@code true} if GSM-7 can carry it
     */
    public static boolean isGsm7(char c) {
        return c == '€' || (c < BASIC.length && (BASIC[c] || EXTENSION[c]));
    }

    /**
     * The septets a GSM-7 character takes: 2 for an extension-table character, 1 otherwise.
     *
     * @param c a character for which {@link #isGsm7(char)} holds
     * @return 1 or 2
     * @throws IllegalArgumentException if GSM-7 cannot carry the character
     */
    public static int septets(char c) {
        if (c == '€' || (c < EXTENSION.length && EXTENSION[c])) {
            return 2;
        }
        if (c < BASIC.length && BASIC[c]) {
            return 1;
        }
        throw new IllegalArgumentException("not a GSM-7 character: U+" + String.format("%04X", (int) c));
    }

    /**
     * Whether a whole text can be sent as GSM-7.
     *
     * @param text the text
     * @return {@code true} if every character is GSM-7 (an empty text is)
     */
    public static boolean isGsm7(CharSequence text) {
        Objects.requireNonNull(text, "text");
        for (int i = 0; i < text.length(); i++) {
            if (!isGsm7(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The length of a text in its encoding's units.
     *
     * @param text the text
     * @return septets if the text is GSM-7, else UTF-16 code units
     */
    public static int units(CharSequence text) {
        return count(text).units();
    }

    /**
     * The number of segments a text costs.
     *
     * @param text the text
     * @return at least 1
     */
    public static int segments(CharSequence text) {
        return count(text).segments();
    }

    /**
     * Shortens a text to at most {@code maxSegments} segments. A text that fits is returned as it
     * is. Otherwise the longest prefix that fits together with an ellipsis is kept: the cut is
     * made between code points (never inside a surrogate pair), trailing white space is dropped,
     * and the ellipsis is {@code "..."} after a GSM-7 prefix (so that it stays GSM-7) or
     * {@code "…"} after a UCS-2 prefix.
     *
     * @param text the text
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
        // The cost of prefix + ellipsis never falls as the prefix grows, so a binary search works.
        int low = 0;
        int high = text.codePointCount(0, text.length());
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
        return prefix + (isGsm7(prefix) ? "..." : "…");
    }

    private record Count(int units, int segments) {
    }

    private static Count count(CharSequence text) {
        boolean gsm7 = isGsm7(text);
        int partSize = gsm7 ? GSM7_PART : UCS2_PART;
        int units = 0;
        int parts = 1;
        int inPart = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int width;
            if (gsm7) {
                width = septets(c);
                i++;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                width = 2;
                i += 2;
            } else {
                width = 1;
                i++;
            }
            units += width;
            // An escape pair or a surrogate pair that does not fit moves whole to the next part.
            if (inPart + width > partSize) {
                parts++;
                inPart = 0;
            }
            inPart += width;
        }
        int single = gsm7 ? GSM7_SINGLE : UCS2_SINGLE;
        return new Count(units, units <= single ? 1 : parts);
    }
}
