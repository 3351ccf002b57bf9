package io.backupalarm.history;

/** Cuts texts to what the stores keep. */
final class HistoryText {

    private HistoryText() {
    }

    /** Checks a node's name: what the stores keep (as a JDBC store's node id). */
    static void node(String node) {
        java.util.Objects.requireNonNull(node, "node");
        if (node.isBlank() || node.length() > 128) {
            throw new IllegalArgumentException("node must be 1 to 128 characters, not blank: " + node.length()
                    + " characters");
        }
    }

    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max; // never half a character
        return text.substring(0, end);
    }
}
