package io.backupalarm.text;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Escapes outside text before it is printed. Every control character (CR, LF, TAB, NUL, ...) and
 * the Unicode line and paragraph separators become a {@code \\u} escape with four hex digits, so
 * the result holds no line break.
 *
 * <p>Stateless and thread-safe.
 */
public final class SafeText {

    /** How many characters (code points) {@link #printable(String)} keeps. */
    public static final int PRINTABLE_LIMIT = 80;

    private SafeText() {
    }

    /**
     * A value fit for an error message: control characters escaped, at most
     * {@value #PRINTABLE_LIMIT} code points, then {@code ...}.
     *
     * @param value any string; {@code null} prints as {@code null}
     * @return the string as it may be printed
     */
    public static String printable(String value) {
        if (value == null) {
            return "null";
        }
        return escape(value, PRINTABLE_LIMIT);
    }

    /**
     * Text fit for HTML element content and quoted attribute values: {@code & < > " '} become
     * character references, and control characters other than tab are dropped.
     *
     * @param text the text
     * @return the escaped text
     */
    public static String html(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c == '\t' || !Character.isISOControl(c)) {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * A value fit for a log line: control characters escaped, nothing cut.
     *
     * @param value any string; {@code null} prints as {@code null}
     * @return the escaped string
     */
    public static String escape(String value) {
        if (value == null) {
            return "null";
        }
        return escape(value, Integer.MAX_VALUE);
    }

    /**
     * A throwable's class and message, escaped, for a log line or a failure reason.
     *
     * @param error a throwable
     * @return {@code ClassName: message} (or the class name alone when there is no message)
     */
    public static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getName() + (message == null ? "" : ": " + escape(message));
    }

    /**
     * A copy of a throwable to log with its stack trace: each throwable of the chain (causes and
     * suppressed ones) becomes one whose message is {@link #describe(Throwable)} of the original
     * and whose stack trace is the original's, so the printed trace reads as the original's but
     * holds no line break from an exception's message (which may quote a remote server).
     *
     * @param error a throwable
     * @return a throwable to hand to a logger in place of {@code error}
     */
    public static Throwable loggable(Throwable error) {
        return loggable(error, UnaryOperator.identity());
    }

    /**
     * As {@link #loggable(Throwable)}, with every message of the chain also rewritten, for
     * example to take out a secret the exception may quote.
     *
     * @param error a throwable
     * @param rewrite applied to each escaped description ({@code ClassName: message})
     * @return a throwable to hand to a logger in place of {@code error}
     */
    public static Throwable loggable(Throwable error, UnaryOperator<String> rewrite) {
        return loggable(error, rewrite, Collections.newSetFromMap(new IdentityHashMap<>()), 0);
    }

    private static Throwable loggable(Throwable error, UnaryOperator<String> rewrite, Set<Throwable> seen, int depth) {
        Escaped copy = new Escaped(rewrite.apply(describe(error)));
        copy.setStackTrace(error.getStackTrace());
        seen.add(error);
        // A cycle or an absurdly deep chain ends the copy rather than the program.
        Throwable cause = error.getCause();
        if (cause != null && depth < 32 && !seen.contains(cause)) {
            copy.initCause(loggable(cause, rewrite, seen, depth + 1));
        }
        for (Throwable suppressed : error.getSuppressed()) {
            if (depth < 32 && !seen.contains(suppressed)) {
                copy.addSuppressed(loggable(suppressed, rewrite, seen, depth + 1));
            }
        }
        return copy;
    }

    /** A stand-in for a throwable whose message held control characters. */
    private static final class Escaped extends Exception {
        private static final long serialVersionUID = 1L;

        Escaped(String description) {
            super(description);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // the original's trace is copied in
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }

    private static String escape(String value, int limit) {
        int length = value.length();
        int i = 0;
        while (i < length && !mustEscape(value.charAt(i))) {
            i++;
        }
        if (i == length && (limit == Integer.MAX_VALUE || value.codePointCount(0, length) <= limit)) {
            return value; // the common case: nothing to escape, nothing to cut
        }
        StringBuilder out = new StringBuilder(length + 8);
        int kept = 0;
        for (int at = 0; at < length; ) {
            if (kept == limit) {
                return out.append("...").toString();
            }
            int c = value.codePointAt(at);
            if (mustEscape(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
            at += Character.charCount(c);
            kept++;
        }
        return out.toString();
    }

    /** Control characters, and the Unicode line and paragraph separators, which also break lines. */
    private static boolean mustEscape(int c) {
        return Character.isISOControl(c) || c == 0x2028 || c == 0x2029;
    }
}
