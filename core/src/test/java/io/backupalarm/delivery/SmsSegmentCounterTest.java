package io.backupalarm.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Counting SMS segments")
final class SmsSegmentCounterTest {

    @Test
    @DisplayName("knows the 127 characters of the default alphabet and the 10 of its extension table (3GPP TS 23.038)")
    void alphabet() {
        assertThat(SmsSegmentCounter.GSM7_BASIC.chars().distinct().count()).isEqualTo(127);
        assertThat(SmsSegmentCounter.GSM7_BASIC).hasSize(127);
        assertThat(SmsSegmentCounter.GSM7_EXTENSION.chars().distinct().count()).isEqualTo(10);
        // Every printable ASCII character is GSM-7 except the backquote (0x60 is ¿ in GSM-7).
        for (char c = ' '; c <= '~'; c++) {
            assertThat(SmsSegmentCounter.isGsm7(c)).as("'%s'", c).isEqualTo(c != '`');
        }
        for (char c : "ΔΦΓΛΩΠΨΣΘΞ¡£¤¥§¿ÄÅÆÇÉÑÖØÜßàäåæèéìñòöøùü\n\r".toCharArray()) {
            assertThat(SmsSegmentCounter.septets(c)).as("'%s'", c).isEqualTo(1);
        }
        for (char c : "\f^{}\\[~]|€".toCharArray()) {
            assertThat(SmsSegmentCounter.septets(c)).as("'%s'", c).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("counts as UCS-2 what TS 23.038 does not have: small ç, the escape code, the backquote, tab, Chinese")
    void notGsm7() {
        for (char c : "ç\u001B`\t中€\u00A0".toCharArray()) {
            assertThat(SmsSegmentCounter.isGsm7(c)).as("U+%04X", (int) c).isEqualTo(c == '€');
        }
        assertThat(SmsSegmentCounter.isGsm7("Backup ok Ç")).isTrue();
        assertThat(SmsSegmentCounter.isGsm7("Backup ok ç")).isFalse();
        assertThat(SmsSegmentCounter.isGsm7("")).isTrue();
        assertThatIllegalArgumentException().isThrownBy(() -> SmsSegmentCounter.septets('中'))
                .withMessage("not a GSM-7 character: U+4E2D");
    }

    @ParameterizedTest(name = "{1} × ''{0}'' costs {2} segment(s)")
    @CsvSource({
        "A, 160, 1",
        "A, 161, 2",
        "A, 306, 2",
        "A, 307, 3",
        "A, 459, 3",
        "A, 460, 4",
        "€, 80, 1",
        "€, 81, 2",
        "😀, 35, 1",
        "😀, 36, 2",
        "中, 70, 1",
        "中, 71, 2",
        "中, 134, 2",
        "中, 135, 3",
        "中, 201, 3",
        "中, 202, 4"
    })
    @DisplayName("gives the limits of one segment and of concatenated parts")
    void limits(String character, int times, int segments) {
        assertThat(SmsSegmentCounter.segments(character.repeat(times))).isEqualTo(segments);
    }

    @Test
    @DisplayName("measures septets for GSM-7 and UTF-16 units for UCS-2; an empty text costs one segment")
    void units() {
        assertThat(SmsSegmentCounter.units("{€}")).isEqualTo(6);
        assertThat(SmsSegmentCounter.units("备份失败")).isEqualTo(4);
        assertThat(SmsSegmentCounter.units("ok 😀")).isEqualTo(5);
        // One Chinese character turns the whole text into UCS-2: '{' is one unit there, not two.
        assertThat(SmsSegmentCounter.units("{中")).isEqualTo(2);
        assertThat(SmsSegmentCounter.units("")).isZero();
        assertThat(SmsSegmentCounter.segments("")).isEqualTo(1);
    }

    @Test
    @DisplayName("never splits an escape pair or a surrogate pair across parts, which can cost a segment more")
    void pairsMoveWhole() {
        assertThat(SmsSegmentCounter.segments("A".repeat(152) + "€" + "A".repeat(152))).isEqualTo(3);
        assertThat(SmsSegmentCounter.segments("A".repeat(151) + "€" + "A".repeat(153))).isEqualTo(2);
        assertThat(SmsSegmentCounter.segments("中".repeat(66) + "😀" + "中".repeat(66))).isEqualTo(3);
    }

    @Test
    @DisplayName("shortens to whole code points with a GSM-7 or a UCS-2 ellipsis, and leaves a fitting text alone")
    void shortens() {
        assertThat(SmsSegmentCounter.shorten("A".repeat(500), 3)).isEqualTo("A".repeat(456) + "...");
        assertThat(SmsSegmentCounter.shorten("中".repeat(300), 3)).isEqualTo("中".repeat(200) + "…");
        assertThat(SmsSegmentCounter.shorten("😀".repeat(40), 1)).isEqualTo("😀".repeat(34) + "…");
        assertThat(SmsSegmentCounter.shorten("short", 1)).isEqualTo("short");
        assertThat(SmsSegmentCounter.shorten("A".repeat(200) + "中", 1)).isEqualTo("A".repeat(157) + "...");
        assertThatIllegalArgumentException().isThrownBy(() -> SmsSegmentCounter.shorten("x", 0))
                .withMessage("maxSegments must be at least 1: 0");
    }
}
