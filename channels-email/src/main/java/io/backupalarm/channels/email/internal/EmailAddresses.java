package io.backupalarm.channels.email.internal;

import io.backupalarm.config.EmailAddress;
import io.backupalarm.text.SafeText;
import jakarta.mail.internet.InternetAddress;
import java.util.Locale;

/**
 * Validates email addresses before they reach a header or an SMTP command, by the one rule of
 * core's {@link EmailAddress}: a bare {@code local@domain}, the local part a dot-atom or a quoted
 * string, the domain a host name or an IPv4 or IPv6 address literal, printable ASCII only. No
 * display names, comments, white space outside quotes, or control characters, so that nothing in
 * an address can add a header, a line or a recipient. Stateless and thread-safe.
 */
public final class EmailAddresses {

    private static final int QUOTE_LIMIT = 300;

    private EmailAddresses() {
    }

    /**
     * Parses a bare address: every address {@link EmailAddress} accepts, and no other.
     *
     * @param address the address, for example {@code ops@example.com}
     * @return the address, without a personal name, exactly as given
     * @throws IllegalArgumentException if {@link EmailAddress} refuses it; the message shows the
     *         address escaped and says what is wrong
     */
    public static InternetAddress parse(String address) {
        if (address == null) {
            throw new IllegalArgumentException("missing address");
        }
        EmailAddress.of(address);
        // Not InternetAddress(String, true): its parser refuses a few addresses the rule accepts
        // (a quoted local part ending in an escaped backslash, "a\\"@example.com). The rule has
        // already checked everything that parser would.
        InternetAddress parsed = new InternetAddress();
        parsed.setAddress(address);
        return parsed;
    }

    /**
     * The domain of an address already accepted by {@link #parse(String)}, in lower case.
     *
     * @param address a bare address
     * @return the part after the last {@code @}
     */
    public static String domainOf(InternetAddress address) {
        String text = address.getAddress();
        return text.substring(text.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * Quotes text for a failure reason or a log line: control characters become {@code \\u} escapes
     * (four hex digits, see {@link SafeText#escape(String)}) and text longer than 300 characters is
     * cut, so that the text stays on one line.
     *
     * @param text any text, or {@code null}
     * @return printable, single-line text in single quotes, or {@code null} for {@code null}
     */
    public static String quote(String text) {
        if (text == null) {
            return "null";
        }
        boolean cut = text.length() > QUOTE_LIMIT;
        int end = cut && Character.isHighSurrogate(text.charAt(QUOTE_LIMIT - 1)) ? QUOTE_LIMIT - 1 : QUOTE_LIMIT;
        return "'" + SafeText.escape(cut ? text.substring(0, end) : text) + (cut ? "..." : "") + "'";
    }

    /**
     * Whether text is a host name: dot-separated labels of 1 to 63 letters, digits and hyphens,
     * not starting or ending with a hyphen, 253 characters at most.
     *
     * @param text the text
     * @return {@code true} if it is a host name
     */
    public static boolean isHostName(String text) {
        if (text == null || text.isEmpty() || text.length() > 253) {
            return false;
        }
        String[] labels = text.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }
}
