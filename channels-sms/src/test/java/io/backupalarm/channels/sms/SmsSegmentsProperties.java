package io.backupalarm.channels.sms;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

@Label("SMS segment counting properties")
final class SmsSegmentsProperties {

    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String EXTENSION = "\f^{}\\[~]|€";

    @Provide
    Arbitrary<String> gsmBasic() {
        return Arbitraries.strings().withChars(BASIC.toCharArray()).ofMaxLength(700);
    }

    @Provide
    Arbitrary<String> gsmWithExtension() {
        return Arbitraries.strings().withChars((BASIC + EXTENSION).toCharArray()).ofMaxLength(700);
    }

    @Provide
    Arbitrary<String> chinese() {
        return Arbitraries.strings().withCharRange('\u4e00', '\u9fa5').ofMaxLength(400);
    }

    @Provide
    Arbitrary<String> emoji() {
        return Arbitraries.integers().between(0x1F600, 0x1F64F).list().ofMaxSize(200)
                .map(points -> points.stream().collect(StringBuilder::new, StringBuilder::appendCodePoint,
                        StringBuilder::append).toString());
    }

    @Provide
    Arbitrary<String> anyMix() {
        return Arbitraries.oneOf(gsmWithExtension(), chinese(), emoji()).list().ofMaxSize(4)
                .map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> gsmPlusOneChinese() {
        return Combinators.combine(gsmBasic(), chinese().filter(s -> !s.isEmpty()))
                .as((gsm, cjk) -> gsm + cjk.charAt(0));
    }

    private static int expected(int units, int single, int part) {
        return units <= single ? 1 : (units + part - 1) / part;
    }

    @Property(tries = 200)
    @Label("basic GSM-7 text costs one septet per character, 160 in one segment, 153 per part")
    void gsmBasicText(@ForAll("gsmBasic") String text) {
        SmsSegments.Length length = SmsSegments.measure(text);
        assertThat(length.encoding()).isEqualTo(SmsSegments.Encoding.GSM7);
        assertThat(length.units()).isEqualTo(text.length());
        assertThat(length.segments()).isEqualTo(expected(text.length(), 160, 153));
    }

    @Property(tries = 200)
    @Label("extension characters cost two septets, and a moved pair costs at most one septet per part")
    void gsmExtensionText(@ForAll("gsmWithExtension") String text) {
        SmsSegments.Length length = SmsSegments.measure(text);
        long extension = text.chars().filter(c -> EXTENSION.indexOf(c) >= 0).count();
        assertThat(length.encoding()).isEqualTo(SmsSegments.Encoding.GSM7);
        assertThat(length.units()).isEqualTo(text.length() + extension);
        if (length.units() <= 160) {
            assertThat(length.segments()).isEqualTo(1);
        } else {
            assertThat(length.segments()).isBetween(expected(length.units(), 0, 153), expected(length.units(), 0, 152));
        }
    }

    @Property(tries = 200)
    @Label("Chinese text is UCS-2: 70 characters in one segment, 67 per part")
    void chineseText(@ForAll("chinese") String text) {
        SmsSegments.Length length = SmsSegments.measure(text);
        assertThat(length.encoding()).isEqualTo(text.isEmpty() ? SmsSegments.Encoding.GSM7 : SmsSegments.Encoding.UCS2);
        assertThat(length.units()).isEqualTo(text.length());
        assertThat(length.segments()).isEqualTo(expected(text.length(), 70, 67));
    }

    @Property(tries = 200)
    @Label("an emoji is a surrogate pair: 35 in one segment, 33 per part")
    void emojiText(@ForAll("emoji") String text) {
        int count = text.codePointCount(0, text.length());
        SmsSegments.Length length = SmsSegments.measure(text);
        assertThat(length.units()).isEqualTo(2 * count);
        assertThat(length.segments()).isEqualTo(count <= 35 ? 1 : (count + 32) / 33);
    }

    @Property(tries = 200)
    @Label("one character outside GSM-7 makes the whole text UCS-2")
    void oneCharacterSwitches(@ForAll("gsmPlusOneChinese") String text) {
        SmsSegments.Length length = SmsSegments.measure(text);
        assertThat(length.encoding()).isEqualTo(SmsSegments.Encoding.UCS2);
        assertThat(length.units()).isEqualTo(text.length());
    }

    @Property(tries = 300)
    @Label("shortening fits the segments, keeps a prefix, and never cuts a surrogate pair")
    void shortening(@ForAll("anyMix") String text, @ForAll @IntRange(min = 1, max = 4) int maxSegments) {
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
    }
}
