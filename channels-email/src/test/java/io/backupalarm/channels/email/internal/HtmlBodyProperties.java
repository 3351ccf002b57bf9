package io.backupalarm.channels.email.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Failing runs print their seed; {@code -DQT_SEED=<seed>} replays one. */
@DisplayName("HTML body")
final class HtmlBodyProperties {

    /**
     * Any text of up to 255 code points: from the whole of Unicode (lone surrogates and unassigned
     * code points included), mixed with ASCII, C1 controls and the characters that make markup, which
     * a uniform draw from Unicode would almost never pick.
     */
    static Gen<String> anyText(int maxCodePoints) {
        Gen<Integer> codePoint = Generate.oneOf(integers().between(0, Character.MAX_CODE_POINT),
                integers().between(0, 0x7f), integers().between(0x80, 0x9f),
                arbitrary().pick(List.of((int) '<', (int) '>', (int) '&', (int) '"', (int) '\'', (int) ';', (int) '#',
                        (int) '\r', (int) '\n', (int) '\t', (int) ' ', 0x2028, 0x2029, 0xfeff)));
        return lists().of(codePoint).ofSizeBetween(0, maxCodePoints).map(codePoints -> {
            StringBuilder text = new StringBuilder();
            codePoints.forEach(text::appendCodePoint);
            return text.toString();
        });
    }

    @Test
    @DisplayName("whatever the text holds, the only markup in the body is the channel's own p and br")
    void noMarkupFromText() {
        qt().withExamples(1000).forAll(anyText(255), anyText(255)).checkAssert((subject, text) -> {
            String html = HtmlBody.render(subject, text, Locale.ENGLISH);
            String body = html.substring(html.indexOf("<body"), html.indexOf("</body>"));
            String withoutOwnTags = body.replaceFirst("^<body[^>]*>", "")
                    .replace("<p>", "").replace("</p>", "").replace("<br>", "");

            assertThat(withoutOwnTags).doesNotContain("<", ">");
            String title = html.substring(html.indexOf("<title>") + 7, html.indexOf("</title>"));
            assertThat(title).doesNotContain("<", ">");
        });
    }

    @Test
    @DisplayName("unescaping the body gives back the text's printable characters")
    void textSurvives() {
        qt().withExamples(1000).forAll(anyText(255)).checkAssert(text -> {
            String oneLine = text.replace('\r', ' ').replace('\n', ' ');
            String printable = oneLine.chars().filter(c -> c == '\t' || !Character.isISOControl(c))
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            String html = HtmlBody.render("s", oneLine, Locale.ENGLISH);
            String body = html.substring(html.indexOf("<body"), html.indexOf("</body>"));
            String inner = body.replaceFirst("^<body[^>]*>\n", "").replace("<p>", "").replace("</p>\n", "");
            String unescaped = inner.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                    .replace("&#39;", "'").replace("&amp;", "&");

            assertThat(unescaped.strip()).isEqualTo(printable.strip());
        });
    }
}
