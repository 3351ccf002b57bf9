package io.backupalarm.channels.email.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;

@Label("HTML body")
final class HtmlBodyProperties {

    @Property
    @Label("whatever the text holds, the only markup in the body is the channel's own p and br")
    void noMarkupFromText(@ForAll String subject, @ForAll String text) {
        String html = HtmlBody.render(subject, text, Locale.ENGLISH);
        String body = html.substring(html.indexOf("<body"), html.indexOf("</body>"));
        String withoutOwnTags = body.replaceFirst("^<body[^>]*>", "")
                .replace("<p>", "").replace("</p>", "").replace("<br>", "");

        assertThat(withoutOwnTags).doesNotContain("<", ">");
        String title = html.substring(html.indexOf("<title>") + 7, html.indexOf("</title>"));
        assertThat(title).doesNotContain("<", ">");
    }

    @Property
    @Label("unescaping the body gives back the text's printable characters")
    void textSurvives(@ForAll String text) {
        String oneLine = text.replace('\r', ' ').replace('\n', ' ');
        String printable = oneLine.chars().filter(c -> c == '\t' || !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        String html = HtmlBody.render("s", oneLine, Locale.ENGLISH);
        String body = html.substring(html.indexOf("<body"), html.indexOf("</body>"));
        String inner = body.replaceFirst("^<body[^>]*>\n", "").replace("<p>", "").replace("</p>\n", "");
        String unescaped = inner.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");

        assertThat(unescaped.strip()).isEqualTo(printable.strip());
    }
}
