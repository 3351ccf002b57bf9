package io.backupalarm.channels.sms.internal;

import io.backupalarm.text.SafeText;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Keeps secrets and line breaks out of failure reasons and log lines: replaces every occurrence
 * of a known secret with {@code ***}, escapes control characters and cuts long provider texts.
 *
 * <p>Immutable and thread-safe.
 */
public final class Secrets {

    private static final int MAX_TEXT = 300;

    private final List<String> secrets;

    /**
     * Creates a redactor for secrets.
     *
     * @param secrets the secrets; blank ones are ignored
     */
    public Secrets(String... secrets) {
        this.secrets = Arrays.stream(secrets).filter(Objects::nonNull).filter(s -> !s.isBlank()).toList();
    }

    /**
     * A provider text made safe for a reason or a log line: secrets replaced, control characters
     * escaped ({@link SafeText#escape(String)}), surrounding white space dropped, at most 300
     * characters of the provider's text kept.
     *
     * @param text the text, may be {@code null}
     * @return the safe text, on one line
     */
    public String redact(String text) {
        if (text == null) {
            return "";
        }
        String out = text.strip();
        for (String secret : secrets) {
            out = out.replace(secret, "***");
        }
        if (out.length() <= MAX_TEXT) {
            return SafeText.escape(out);
        }
        int end = Character.isHighSurrogate(out.charAt(MAX_TEXT - 1)) ? MAX_TEXT - 1 : MAX_TEXT;
        return SafeText.escape(out.substring(0, end)) + "...";
    }
}
