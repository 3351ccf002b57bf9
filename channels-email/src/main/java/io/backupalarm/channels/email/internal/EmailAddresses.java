package io.backupalarm.channels.email.internal;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.Locale;

/**
 * Validates email addresses before they reach a header or an SMTP command.
 *
 * <p>Only a bare {@code local@domain} is accepted: the local part a dot-atom of RFC 5322, the
 * domain a host name of letters, digits and hyphens. No display names, no quoted local parts, no
 * comments, no address literals, no whitespace and no control or non-ASCII characters, so that
 * nothing in an address can add a header or a recipient. Stateless and thread-safe.
 */
public final class EmailAddresses {

    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    private EmailAddresses() {
    }

    /**
     * Parses a bare address.
     *
     * @param address the address, for example {@code ops@example.com}
     * @return the parsed address, without a personal name
     * @throws IllegalArgumentException if it is not a bare, well-formed ASCII address; the
     *         message says why but does not repeat the address
     */
    public static InternetAddress parse(String address) {
        String problem = problem(address);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        try {
            InternetAddress parsed = new InternetAddress(address, true);
            if (parsed.getPersonal() != null || parsed.isGroup() || !address.equals(parsed.getAddress())) {
                throw new IllegalArgumentException("not a bare address");
            }
            return parsed;
        } catch (AddressException e) {
            throw new IllegalArgumentException("not a valid address: " + e.getMessage(), e);
        }
    }

    /**
     * The domain of an address already accepted by {@link #parse(String)}, in lower case.
     *
     * @param address a bare address
     * @return the part after the {@code @}
     */
    public static String domainOf(InternetAddress address) {
        String text = address.getAddress();
        return text.substring(text.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * Quotes text for a failure reason or a log line: control characters become {@code \\u} escapes
     * (four hex digits) and long text is cut, so that the text stays on one line.
     *
     * @param text any text, or {@code null}
     * @return printable, single-line text in single quotes
     */
    public static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), 300) + 2).append('\'');
        for (int i = 0; i < text.length() && i < 300; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.isISOControl(c)) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > 300) {
            out.append("...");
        }
        return out.append('\'').toString();
    }

    private static String problem(String address) {
        if (address == null) {
            return "missing address";
        }
        if (address.isEmpty() || address.length() > 254) {
            return "an address has 3 to 254 characters";
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return "an address must not contain spaces, control or non-ASCII characters";
            }
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at != address.indexOf('@') || at == address.length() - 1) {
            return "an address has exactly one @ between a local part and a domain";
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        if (local.length() > 64) {
            return "the local part has at most 64 characters";
        }
        if (!isDotAtom(local)) {
            return "the local part must be a dot-atom (letters, digits, " + ATEXT_SPECIALS + " and single dots)";
        }
        if (!isHostName(domain)) {
            return "the domain must be a host name of letters, digits, hyphens and dots";
        }
        return null;
    }

    private static boolean isDotAtom(String text) {
        if (text.startsWith(".") || text.endsWith(".") || text.contains("..")) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || ATEXT_SPECIALS.indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
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
