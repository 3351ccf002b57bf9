package io.backupalarm.config;

import io.backupalarm.internal.Checks;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An email address: an RFC 5322 {@code addr-spec} ({@code local@domain}) that an SMTP server can
 * be asked to deliver to (RFC 5321), without a display name, comments or folding white space, so
 * never a CR or LF.
 *
 * <ul>
 *   <li>The local part is a dot-atom ({@code first.last+tag}) or a quoted string
 *       ({@code "night shift"}, with {@code \"} and {@code \\} escapes), printable ASCII, at most
 *       {@value #MAX_LOCAL_LENGTH} characters.</li>
 *   <li>The domain is a host name (labels of 1 to 63 letters, digits and hyphens, neither
 *       starting nor ending with a hyphen, joined by dots) or an address literal:
 *       {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]}.</li>
 *   <li>The whole address has at most {@value #MAX_LENGTH} characters.</li>
 * </ul>
 *
 * Internationalised addresses (SMTPUTF8) are not accepted: write an internationalised domain in
 * its {@code xn--} form. The domain is kept in lower case (domains are case-insensitive); the
 * local part is kept as given. These are exactly the addresses the email channel sends to.
 *
 * <p>Immutable and thread-safe.
 *
 * @param value the address, for example {@code alice@example.com}
 */
public record EmailAddress(String value) implements Comparable<EmailAddress> {

    /** The most characters an address may have. */
    public static final int MAX_LENGTH = 254;

    /** The most characters the local part may have (RFC 5321 section 4.5.3.1.1). */
    public static final int MAX_LOCAL_LENGTH = 64;

    // RFC 5322 section 3.2.3 atext and 3.2.4 qtext / quoted-pair; obsolete forms excluded.
    private static final String ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
    private static final Pattern DOT_ATOM = Pattern.compile(ATEXT + "+(?:\\." + ATEXT + "+)*");
    private static final Pattern QUOTED = Pattern.compile("\"(?:[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]|\\\\[\\x20-\\x7e])*\"");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile(
            "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

    /** Validates the address and lower-cases its domain. */
    public EmailAddress {
        Objects.requireNonNull(value, "email");
        if (!isValid(value)) {
            throw new IllegalArgumentException("email '" + Checks.printable(value)
                    + "' is not a valid address (an RFC 5322 addr-spec such as alice@example.com)");
        }
        int at = value.lastIndexOf('@');
        value = value.substring(0, at + 1) + value.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * Parses an address.
     *
     * @param value the address
     * @return the address
     * @throws IllegalArgumentException if it is not an address as described above; the message
     *         shows the address, control characters escaped
     */
    public static EmailAddress of(String value) {
        return new EmailAddress(value);
    }

    /**
     * The local part, as given.
     *
     * @return the part before the last {@code @}
     */
    public String localPart() {
        return value.substring(0, value.lastIndexOf('@'));
    }

    /**
     * The domain, in lower case.
     *
     * @return the part after the last {@code @}: a host name or an address literal in brackets
     */
    public String domain() {
        return value.substring(value.lastIndexOf('@') + 1);
    }

    @Override
    public int compareTo(EmailAddress other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }

    private static boolean isValid(String value) {
        if (value.length() > MAX_LENGTH || !value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            return false; // control characters and non-ASCII (SMTPUTF8) are not accepted
        }
        int at = value.lastIndexOf('@');
        if (at < 1 || at == value.length() - 1) {
            return false;
        }
        String local = value.substring(0, at);
        String domain = value.substring(at + 1);
        if (local.length() > MAX_LOCAL_LENGTH
                || !(DOT_ATOM.matcher(local).matches() || QUOTED.matcher(local).matches())) {
            return false;
        }
        if (domain.startsWith("[")) {
            return isAddressLiteral(domain);
        }
        for (String label : domain.split("\\.", -1)) {
            if (label.length() > 63 || !LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAddressLiteral(String domain) {
        if (!domain.endsWith("]") || domain.length() < 3) {
            return false;
        }
        String inner = domain.substring(1, domain.length() - 1);
        if (inner.regionMatches(true, 0, "IPv6:", 0, 5)) {
            return isIpv6(inner.substring(5));
        }
        return IPV4.matcher(inner).matches();
    }

    /** RFC 5321 section 4.1.3 IPv6-addr: full, compressed, and either with an IPv4 tail. */
    private static boolean isIpv6(String text) {
        int groups = 8;
        String hex = text;
        int lastColon = text.lastIndexOf(':');
        if (lastColon >= 0 && text.indexOf('.', lastColon) >= 0) {
            if (!IPV4.matcher(text.substring(lastColon + 1)).matches()) {
                return false;
            }
            groups = 6;
            // Keep the colon ending a compression ("::1.2.3.4"), drop a plain separator ("a:1.2.3.4").
            hex = text.substring(0, lastColon > 0 && text.charAt(lastColon - 1) == ':' ? lastColon + 1 : lastColon);
        }
        int compression = hex.indexOf("::");
        if (compression >= 0) {
            if (hex.indexOf("::", compression + 1) >= 0) {
                return false;
            }
            int before = count(hex.substring(0, compression));
            int after = count(hex.substring(compression + 2));
            // RFC 5321: "::" stands for at least two groups, so at most 6 (or 4) others may be written.
            return before >= 0 && after >= 0 && before + after <= groups - 2;
        }
        return count(hex) == groups;
    }

    /** The number of hex groups in a colon-separated list, or -1 if it is not one. */
    private static int count(String groups) {
        if (groups.isEmpty()) {
            return 0;
        }
        String[] parts = groups.split(":", -1);
        for (String part : parts) {
            if (!HEX_GROUP.matcher(part).matches()) {
                return -1;
            }
        }
        return parts.length;
    }
}
