package io.backupalarm.channels.sms.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Keeps secrets out of failure reasons and log lines: replaces every occurrence of a known
 * secret with {@code ***} and cuts long provider texts.
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
     * A provider text made safe for a reason: secrets replaced, control characters escaped,
     * at most 300 characters.
     *
     * @param text the text, may be {@code null}
     * @return the safe text
     */
    public String redact(String text) {
        if (text == null) {
            return "";
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, "***");
        }
        StringBuilder safe = new StringBuilder();
        for (int i = 0; i < out.length() && safe.length() < MAX_TEXT; i++) {
            char c = out.charAt(i);
            safe.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return out.length() > MAX_TEXT ? safe.toString().strip() + "..." : safe.toString().strip();
    }
}
