package io.backupalarm.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Failing runs print their seed; {@code -DQT_SEED=<seed>} replays one. */
@DisplayName("SMS segment counting properties")
final class SmsSegmentCounterProperties {

    private static final List<Integer> GSM7 = (SmsSegmentCounter.GSM7_BASIC + SmsSegmentCounter.GSM7_EXTENSION)
            .codePoints().boxed().toList();
    /** GSM-7 characters, a few Chinese ones and two emoji. */
    private static final List<Integer> ANY = Stream.concat(GSM7.stream(),
            Stream.concat("备份告警客户端断开".codePoints().boxed(), Stream.of(0x1F600, 0x1F4BE))).toList();

    private static Gen<String> texts(List<Integer> alphabet, int maxLength) {
        return lists().of(arbitrary().pick(alphabet)).ofSizeBetween(0, maxLength).map(codePoints -> {
            StringBuilder text = new StringBuilder();
            codePoints.forEach(text::appendCodePoint);
            return text.toString();
        });
    }

    /** GSM-7 texts and mixed ones, so that both encodings are common. */
    private static Gen<String> mixed() {
        return texts(GSM7, 600).mix(texts(ANY, 300));
    }

    @Test
    @DisplayName("a text costs one segment up to the single limit, else between units/part and units/(part-1) parts")
    void segmentsFollowTheUnits() {
        qt().withExamples(500).forAll(mixed()).checkAssert(text -> {
            boolean gsm7 = SmsSegmentCounter.isGsm7(text);
            int units = SmsSegmentCounter.units(text);
            int segments = SmsSegmentCounter.segments(text);
            int single = gsm7 ? SmsSegmentCounter.GSM7_SINGLE : SmsSegmentCounter.UCS2_SINGLE;
            int part = gsm7 ? SmsSegmentCounter.GSM7_PART : SmsSegmentCounter.UCS2_PART;
            if (units <= single) {
                assertThat(segments).isEqualTo(1);
            } else {
                // A pair moved whole to the next part wastes at most one unit of a part.
                assertThat(segments).isBetween((units + part - 1) / part, (units + part - 2) / (part - 1));
            }
        });
    }

    @Test
    @DisplayName("units are septets (two for an extension character) in GSM-7, UTF-16 units otherwise")
    void unitsByEncoding() {
        qt().withExamples(500).forAll(mixed()).checkAssert(text -> {
            long extension = text.chars().filter(c -> SmsSegmentCounter.GSM7_EXTENSION.indexOf(c) >= 0).count();
            int expected = SmsSegmentCounter.isGsm7(text) ? (int) (text.length() + extension) : text.length();
            assertThat(SmsSegmentCounter.units(text)).isEqualTo(expected);
        });
    }

    @Test
    @DisplayName("adding a character never lowers the cost")
    void monotonic() {
        qt().withExamples(500).forAll(mixed(), arbitrary().pick(ANY)).checkAssert((text, codePoint) -> {
            String longer = text + new String(Character.toChars(codePoint));
            assertThat(SmsSegmentCounter.segments(longer)).isGreaterThanOrEqualTo(SmsSegmentCounter.segments(text));
        });
    }

    @Test
    @DisplayName("shortening fits the segments, keeps a prefix and never cuts a surrogate pair")
    void shortening() {
        qt().withExamples(300).forAll(mixed(), integers().between(1, 4)).checkAssert((text, maxSegments) -> {
            String shortened = SmsSegmentCounter.shorten(text, maxSegments);
            assertThat(SmsSegmentCounter.segments(shortened)).isLessThanOrEqualTo(maxSegments);
            if (SmsSegmentCounter.segments(text) <= maxSegments) {
                assertThat(shortened).isEqualTo(text);
                return;
            }
            String kept = shortened.endsWith("...") ? shortened.substring(0, shortened.length() - 3)
                    : shortened.substring(0, shortened.length() - 1);
            assertThat(text).startsWith(kept);
            assertThat(kept.codePoints().noneMatch(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE))
                    .as("no lone surrogate in %s", kept).isTrue();
        });
    }
}
