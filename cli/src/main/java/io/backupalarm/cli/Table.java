package io.backupalarm.cli;

import io.backupalarm.text.SafeText;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Text for people: rows under a header, each column as wide as its widest cell, two spaces
 * between columns, no trailing blanks. A cell's control characters are escaped, so a row stays one
 * line; an absent value prints as {@code -}.
 *
 * <p>Not thread-safe.
 */
final class Table {

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    /** @param header the column names */
    Table(String... header) {
        this.columns = header.length;
        rows.add(header.clone());
    }

    /** Adds a row of as many cells as the header has columns; a {@code null} cell prints as {@code -}. */
    Table row(Object... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " cells, got " + cells.length);
        }
        rows.add(Arrays.stream(cells).map(Table::cell).toArray(String[]::new));
        return this;
    }

    /** @return the rows without the header */
    int size() {
        return rows.size() - 1;
    }

    /** The table, one line a row, each ending with a line break. */
    String render() {
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row[c].codePointCount(0, row[c].length()));
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                line.append(row[c]);
                if (c < columns - 1) {
                    line.append(" ".repeat(widths[c] - row[c].codePointCount(0, row[c].length()) + 2));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** An instant for people: ISO-8601 in UTC, to the second. */
    static String time(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String cell(Object value) {
        if (value == null) {
            return "-";
        }
        String text = value instanceof Instant instant ? time(instant) : value.toString();
        return text.isEmpty() ? "-" : SafeText.escape(text);
    }
}
