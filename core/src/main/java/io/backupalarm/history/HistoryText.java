package io.backupalarm.history;

/** Cuts texts to what the stores keep. */
final class HistoryText {

    private HistoryText() {
    }

    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max; // never half a character
        return text.substring(0, end);
    }
}
