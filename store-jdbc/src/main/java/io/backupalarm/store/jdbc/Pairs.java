package io.backupalarm.store.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A list of name-value pairs in one text column: one {@code name<TAB>value} per line, with
 * {@code %}, tab and line feed percent-encoded. Small enough not to need a JSON library in this
 * module; used for an alarm's recipients and a message's data.
 */
final class Pairs {

    private Pairs() {
    }

    static String encode(List<Map.Entry<String, String>> pairs) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> pair : pairs) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append(escape(pair.getKey())).append('\t').append(escape(pair.getValue()));
        }
        return out.toString();
    }

    static List<Map.Entry<String, String>> decode(String text) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        if (text.isEmpty()) {
            return pairs;
        }
        for (String line : text.split("\n", -1)) {
            int tab = line.indexOf('\t');
            if (tab < 0) {
                throw new IllegalStateException("malformed pair in the database: '" + line + "'");
            }
            pairs.add(Map.entry(unescape(line.substring(0, tab)), unescape(line.substring(tab + 1))));
        }
        return pairs;
    }

    private static String escape(String value) {
        return value.replace("%", "%25").replace("\t", "%09").replace("\n", "%0A");
    }

    private static String unescape(String value) {
        return value.replace("%0A", "\n").replace("%09", "\t").replace("%25", "%");
    }
}
