package io.backupalarm.channels.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Failing runs print their seed; {@code -DQT_SEED=<seed>} replays one. */
@DisplayName("SMS segment counting properties")
final class SmsSegmentsProperties {

    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String EXTENSION = "\f^{}\\[~]|€";

    /** Strings of 0 to {@code maxLength} characters, each one of {@code alphabet}. */
    private static Gen<String> stringsOf(String alphabet, int maxLength) {
        List<Integer> chars = alphabet.chars().boxed().toList();
        return lists().of(arbitrary().pick(chars)).ofSizeBetween(0, maxLength).map(SmsSegmentsProperties::join);
    }

    private static String join(List<Integer> codePoints) {
        StringBuilder text = new StringBuilder();
        codePoints.forEach(text::appendCodePoint);
        return text.toString();
    }

    private static Gen<String> gsmBasic() {
        return stringsOf(BASIC, 700);
    }

    private static Gen<String> gsmWithExtension() {
        return stringsOf(BASIC + EXTENSION, 700);
    }

    private static Gen<String> chinese(int minLength) {
        return strings().betweenCodePoints('\u4e00', '\u9fa5').ofLengthBetween(minLength, 400);
    }

    private static Gen<String> emoji() {
        return lists().of(integers().between(0x1F600, 0x1F64F)).ofSizeBetween(0, 200).map(SmsSegmentsProperties::join);
    }

    private static Gen<String> anyMix() {
        return lists().of(Generate.oneOf(gsmWithExtension(), chinese(0), emoji())).ofSizeBetween(0, 4)
                .map(parts -> String.join("", parts));
    }

    private static Gen<String> gsmPlusOneChinese() {
        return gsmBasic().zip(chinese(1), (gsm, cjk) -> gsm + cjk.charAt(0));
    }

    private static int expected(int units, int single, int part) {
        return units <= single ? 1 : (units + part - 1) / part;
    }

    @Test
    @DisplayName("basic GSM-7 text costs one septet per character, 160 in one segment, 153 per part")
    void gsmBasicText() {
        qt().withExamples(200).forAll(gsmBasic()).checkAssert(text -> {
            SmsSegments.Length length = SmsSegments.measure(text);
            assertThat(length.encoding()).isEqualTo(SmsSegments.Encoding.GSM7);
            assertThat(length.units()).isEqualTo(text.length());
            assertThat(length.segments()).isEqualTo(expected(text.length(), 160, 153));
        });
    }

    @Test
    @DisplayName("extension characters cost two septets, and a moved pair costs at most one septet per part")
    void gsmExtensionText() {
        qt().withExamples(200).forAll(gsmWithExtension()).checkAssert(text -> {
            SmsSegments.Length length = SmsSegments.measure(text);
            long extension = text.chars().filter(c -> EXTENSION.indexOf(c) >= 0).count();
            assertThat(length.encoding()).isEqualTo(SmsSegments.Encoding.GSM7);
            assertThat(length.units()).isEqualTo(text.length() + extension);
            if (length.units() <= 160) {
                assertThat(length.segments()).isEqualTo(1);
            } else {
                assertThat(length.segments()).isBetween(expected(length.units(), 0, 153), expected(length.units(), 0, 152));
            }
        });
    }

    @Test
    @DisplayName("Chinese text is UCS-2: 70 characters in one segment, 67 per part")
    void chineseText() {
        qt().withExamples(200).forAll(chinese(0)).checkAssert(text -> {
            SmsSegments.Length length = SmsSegments.measure(text);
            assertThat(length.encoding()).isEqualTo(text.isEmpty() ? SmsSegments.Encoding.GSM7 : SmsSegments.Encoding.UCS2);
            assertThat(length.units()).isEqualTo(text.length());
            assertThat(length.segments()).isEqualTo(expected(text.length(), 70, 67));
        });
    }

    @Test
    @DisplayName("an emoji is a surrogate pair: 35 in one segment, 33 per part")
    void emojiText() {
        qt().withExamples(200).forAll(emoji()).checkAssert(text -> {
            int count = text.codePointCount(0, text.length());
            SmsSegments.Length length = SmsSegments.measure(text);
            assertThat(length.units()).isEqualTo(2 * count);
            assertThat(length.segments()).isEqualTo(count <= 35 ? 1 : (count + 32) / 33);
        });
    }

    @Test
    @DisplayName("one character outside GSM-7 makes the whole text UCS-2")
    void oneCharacterSwitches() {
        qt().withExamples(200).forAll(gsmPlusOneChinese()).checkAssert(text -> {
            SmsSegments.Length length = SmsSegments.measure(text);
            assertThat(length.encoding()).isEqualTo(SmsSegments.Encoding.UCS2);
            assertThat(length.units()).isEqualTo(text.length());
        });
    }

    @Test
    @DisplayName("shortening fits the segments, keeps a prefix, and never cuts a surrogate pair")
    void shortening() {
        qt().withExamples(300).forAll(anyMix(), integers().between(1, 4)).checkAssert((text, maxSegments) -> {
            String shortened = SmsSegments.shorten(text, maxSegments);
            assertThat(SmsSegments.segments(shortened)).isLessThanOrEqualTo(maxSegments);
            if (SmsSegments.segments(text) <= maxSegments) {
                assertThat(shortened).isEqualTo(text);
                return;
            }
            String kept = shortened.endsWith("...") ? shortened.substring(0, shortened.length() - 3)
                    : shortened.substring(0, shortened.length() - 1);
            assertThat(shortened).satisfiesAnyOf(s -> assertThat(s).endsWith("..."), s -> assertThat(s).endsWith("…"));
            assertThat(text).startsWith(kept);
            for (int i = 0; i < shortened.length(); i++) {
                char c = shortened.charAt(i);
                if (Character.isHighSurrogate(c)) {
                    assertThat(i + 1 < shortened.length() && Character.isLowSurrogate(shortened.charAt(i + 1))).isTrue();
                }
                if (Character.isLowSurrogate(c)) {
                    assertThat(i > 0 && Character.isHighSurrogate(shortened.charAt(i - 1))).isTrue();
                }
            }
        });
    }
}
