package io.backupalarm.channels.email.internal;

import io.backupalarm.text.SafeText;
import java.util.Locale;

/**
 * Builds the HTML part of a message from its plain text: every character of the text is
 * HTML-escaped, blank lines separate paragraphs and single line breaks become {@code <br>}.
 * Nothing in the text (a contact's name, a job's message) can therefore add markup.
 * Stateless and thread-safe.
 */
public final class HtmlBody {

    private HtmlBody() {
    }

    /**
     * Renders a complete HTML document.
     *
     * @param subject the message subject, used as the title
     * @param text the plain-text body
     * @param locale the language of the text
     * @return an HTML document, UTF-8 declared
     */
    public static String render(String subject, String text, Locale locale) {
        String normalized = text.replace("\r\n", "\n").replace('\r', '\n').strip();
        StringBuilder html = new StringBuilder(normalized.length() * 11 / 10 + 300);
        html.append("<!DOCTYPE html>\n<html lang=\"").append(SafeText.html(locale.toLanguageTag())).append("\">\n")
                .append("<head>\n<meta charset=\"UTF-8\">\n<title>").append(SafeText.html(subject)).append("</title>\n</head>\n")
                .append("<body style=\"font-family: sans-serif; line-height: 1.4;\">\n");
        if (!normalized.isEmpty()) {
            for (String paragraph : normalized.split("\n[ \t]*\n\\s*")) {
                html.append("<p>");
                String[] lines = paragraph.split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    if (i > 0) {
                        html.append("<br>\n");
                    }
                    html.append(SafeText.html(lines[i]));
                }
                html.append("</p>\n");
            }
        }
        return html.append("</body>\n</html>\n").toString();
    }

}
