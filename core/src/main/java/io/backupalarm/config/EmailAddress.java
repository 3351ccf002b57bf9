package io.backupalarm.config;

import io.backupalarm.internal.Checks;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An email address: an RFC 5322 {@code addr-spec} ({@code local@domain}), without a display
 * name, comments or folding white space, so never a CR or LF. The domain is kept in lower case
 * (domains are case-insensitive); the local part is kept as given.
 *
 * <p>Immutable and thread-safe.
 *
 * @param value the address, for example {@code alice@example.com}
 */
public record EmailAddress(String value) implements Comparable<EmailAddress> {

    // RFC 5322 section 3.2.3 atext, 3.2.4 qtext/quoted-pair, 3.4.1 dtext; obsolete forms excluded.
    private static final String ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
    private static final String DOT_ATOM = ATEXT + "+(?:\\." + ATEXT + "+)*";
    private static final String QUOTED = "\"(?:[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]|\\\\[\\x20-\\x7e])*\"";
    private static final String DOMAIN_LITERAL = "\\[[\\x21-\\x5a\\x5e-\\x7e]*\\]";
    private static final Pattern ADDR_SPEC = Pattern.compile(
            "(?:" + DOT_ATOM + "|" + QUOTED + ")@(?:" + DOT_ATOM + "|" + DOMAIN_LITERAL + ")");

    /** Validates the address and lower-cases its domain. */
    public EmailAddress {
        Objects.requireNonNull(value, "email");
        if (value.length() > 254 || !ADDR_SPEC.matcher(value).matches()) {
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
     * @throws IllegalArgumentException if it is not an addr-spec
     */
    public static EmailAddress of(String value) {
        return new EmailAddress(value);
    }

    @Override
    public int compareTo(EmailAddress other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
