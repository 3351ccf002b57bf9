package io.backupalarm.channels.robot.internal;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Cuts text to a provider's limit on a character (code point) boundary, ending it with a marker
 * in the message's language so that a reader knows text is missing.
 *
 * <p>Stateless and thread-safe.
 */
public final class TextFit {

    private TextFit() {
    }

    /**
     * The marker that ends cut text: Chinese for a Chinese locale, English otherwise.
     *
     * @param locale the message's locale
     * @return the marker, starting with a line break
     */
    public static String marker(Locale locale) {
        return "zh".equals(locale.getLanguage()) ? "\n…（内容过长，已截断）" : "\n… (cut short)";
    }

    /**
     * The text if it has at most {@code maxChars} code points, else its longest prefix that
     * leaves room for the marker, then the marker.
     *
     * @param text the text
     * @param maxChars the most code points, more than the marker's
     * @param marker the marker
     * @return the text, at most {@code maxChars} code points
     */
    public static String toCodePoints(String text, int maxChars, String marker) {
        if (text.codePointCount(0, text.length()) <= maxChars) {
            return text;
        }
        int keep = maxChars - marker.codePointCount(0, marker.length());
        if (keep < 0) {
            throw new IllegalArgumentException("limit " + maxChars + " leaves no room for the marker");
        }
        return text.substring(0, text.offsetByCodePoints(0, keep)) + marker;
    }

    /**
     * The text if it has at most {@code maxBytes} bytes in UTF-8, else its longest prefix (whole
     * code points) that leaves room for the marker, then the marker.
     *
     * @param text the text
     * @param maxBytes the most UTF-8 bytes, more than the marker's
     * @param marker the marker
     * @return the text, at most {@code maxBytes} bytes in UTF-8
     */
    public static String toUtf8Bytes(String text, int maxBytes, String marker) {
        if (utf8Length(text) <= maxBytes) {
            return text;
        }
        int room = maxBytes - utf8Length(marker);
        if (room < 0) {
            throw new IllegalArgumentException("limit " + maxBytes + " leaves no room for the marker");
        }
        int used = 0;
        int end = 0;
        while (end < text.length()) {
            int cp = text.codePointAt(end);
            int size = utf8Length(cp);
            if (used + size > room) {
                break;
            }
            used += size;
            end += Character.charCount(cp);
        }
        return text.substring(0, end) + marker;
    }

    /**
     * The length of text in UTF-8 (a lone surrogate counts as the {@code ?} it is encoded as).
     *
     * @param text the text
     * @return the bytes
     */
    public static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static int utf8Length(int codePoint) {
        if (codePoint < 0x80) {
            return 1;
        }
        if (codePoint < 0x800) {
            return 2;
        }
        if (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
            return 1; // a lone surrogate is encoded as '?'
        }
        return codePoint < 0x10000 ? 3 : 4;
    }
}
