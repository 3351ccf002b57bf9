package io.backupalarm.channels.robot.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

@DisplayName("Cutting text to a limit")
final class TextFitProperties {

    /** Text from ASCII, CJK, emoji (two chars each) and line breaks. */
    private static Gen<String> texts() {
        Gen<String> piece = SourceDSL.integers().between(0, 4).zip(SourceDSL.integers().between(0, 25), (kind, n) ->
                switch (kind) {
                    case 0 -> String.valueOf((char) ('a' + n));
                    case 1 -> String.valueOf((char) ('备' + n));
                    case 2 -> new String(Character.toChars(0x1F600 + n));
                    case 3 -> "\n";
                    default -> "é";
                });
        return SourceDSL.lists().of(piece).ofSizeBetween(0, 3000).map(list -> String.join("", list));
    }

    @Test
    @DisplayName("a cut to UTF-8 bytes fits, keeps a prefix on a character boundary, and ends with the marker")
    void bytes() {
        String marker = TextFit.marker(Locale.CHINESE);
        qt().forAll(texts(), SourceDSL.integers().between(40, 9000)).checkAssert((text, limit) -> {
            String cut = TextFit.toUtf8Bytes(text, limit, marker);
            assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(limit);
            if (cut.equals(text)) {
                assertThat(text.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(limit);
            } else {
                String kept = cut.substring(0, cut.length() - marker.length());
                assertThat(cut).endsWith(marker);
                assertThat(text).startsWith(kept);
                assertThat(kept.isEmpty() || !Character.isHighSurrogate(kept.charAt(kept.length() - 1))).isTrue();
                // Longest: one more character would not fit.
                int next = text.codePointAt(kept.length());
                assertThat((kept + new String(Character.toChars(next)) + marker).getBytes(StandardCharsets.UTF_8).length)
                        .isGreaterThan(limit);
            }
        });
    }

    @Test
    @DisplayName("a cut to code points fits, keeps a prefix on a character boundary, and ends with the marker")
    void codePoints() {
        String marker = TextFit.marker(Locale.ENGLISH);
        qt().forAll(texts(), SourceDSL.integers().between(20, 3000)).checkAssert((text, limit) -> {
            String cut = TextFit.toCodePoints(text, limit, marker);
            assertThat(cut.codePointCount(0, cut.length())).isLessThanOrEqualTo(limit);
            if (!cut.equals(text)) {
                String kept = cut.substring(0, cut.length() - marker.length());
                assertThat(text).startsWith(kept);
                assertThat(cut.codePointCount(0, cut.length())).isEqualTo(limit);
                assertThat(kept.isEmpty() || !Character.isHighSurrogate(kept.charAt(kept.length() - 1))).isTrue();
            }
        });
    }
}
