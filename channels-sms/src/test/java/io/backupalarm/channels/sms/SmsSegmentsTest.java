package io.backupalarm.channels.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Counting SMS segments")
final class SmsSegmentsTest {

    @ParameterizedTest(name = "{1} × ''{0}'' costs {2} segment(s)")
    @CsvSource({
        "A, 160, 1",
        "A, 161, 2",
        "A, 306, 2",
        "A, 307, 3",
        "€, 80, 1",
        "€, 81, 2",
        "😀, 35, 1",
        "😀, 36, 2",
        "中, 70, 1",
        "中, 71, 2",
        "中, 134, 2",
        "中, 135, 3"
    })
    @DisplayName("gives the checked counts (Twilio's and Alibaba's rules)")
    void checkedExamples(String character, int times, int segments) {
        assertThat(SmsSegments.segments(character.repeat(times))).isEqualTo(segments);
    }

    @Test
    @DisplayName("counts an extension-table character as two septets and any other character as UCS-2")
    void encodings() {
        assertThat(SmsSegments.measure("{€}")).isEqualTo(new SmsSegments.Length(SmsSegments.Encoding.GSM7, 6, 1));
        assertThat(SmsSegments.measure("Backup ok Ç")).isEqualTo(
                new SmsSegments.Length(SmsSegments.Encoding.GSM7, 11, 1));
        // TS 23.038 has the capital Ç only; a small ç is sent as UCS-2.
        assertThat(SmsSegments.measure("Backup ok ç")).isEqualTo(
                new SmsSegments.Length(SmsSegments.Encoding.UCS2, 11, 1));
        assertThat(SmsSegments.measure("备份失败")).isEqualTo(new SmsSegments.Length(SmsSegments.Encoding.UCS2, 4, 1));
        assertThat(SmsSegments.measure("ok 😀")).isEqualTo(new SmsSegments.Length(SmsSegments.Encoding.UCS2, 5, 1));
        assertThat(SmsSegments.measure("")).isEqualTo(new SmsSegments.Length(SmsSegments.Encoding.GSM7, 0, 1));
    }

    @Test
    @DisplayName("never splits an escape pair or a surrogate pair across parts, which can cost a segment more")
    void pairsMoveWhole() {
        // 152 + 2 + 152 = 306 septets = 2 × 153, but the € moves whole into part 2.
        assertThat(SmsSegments.segments("A".repeat(152) + "€" + "A".repeat(152))).isEqualTo(3);
        // 66 + 2 + 66 = 134 units = 2 × 67, but the emoji moves whole into part 2.
        assertThat(SmsSegments.segments("中".repeat(66) + "😀" + "中".repeat(66))).isEqualTo(3);
    }

    @Test
    @DisplayName("shortens to whole code points with a GSM-7 or a UCS-2 ellipsis")
    void shortens() {
        assertThat(SmsSegments.shorten("A".repeat(200), 1)).isEqualTo("A".repeat(157) + "...");
        assertThat(SmsSegments.shorten("中".repeat(100), 1)).isEqualTo("中".repeat(69) + "…");
        // 34 emoji + … = 69 units; a 35th would make 71.
        assertThat(SmsSegments.shorten("😀".repeat(40), 1)).isEqualTo("😀".repeat(34) + "…");
        assertThat(SmsSegments.shorten("short", 1)).isEqualTo("short");
        // Cutting before the only Chinese character turns the text into GSM-7.
        assertThat(SmsSegments.shorten("A".repeat(200) + "中", 1)).isEqualTo("A".repeat(157) + "...");
    }

    @Test
    @DisplayName("rejects fewer than one segment, naming the argument")
    void rejectsZeroSegments() {
        assertThatThrownBy(() -> SmsSegments.shorten("x", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxSegments");
        assertThatThrownBy(() -> SmsSegments.septets('中')).isInstanceOf(IllegalArgumentException.class);
    }
}
