package io.backupalarm.channels.sms.internal;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parses an SMS address with libphonenumber and accepts only valid mobile numbers.
 *
 * <p>Thread-safe ({@link PhoneNumberUtil} is thread-safe). Parsing is a pure function of the
 * address, so the outcomes for the first {@value #REMEMBERED} addresses are remembered: a channel
 * sends to the same few numbers again and again, and parsing is costly next to a send.
 */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final int REMEMBERED = 10_000;
    private static final Map<String, Parsed> KNOWN = new ConcurrentHashMap<>();

    private PhoneNumbers() {
    }

    /** The outcome of {@link #parseMobile(String)}. Immutable and thread-safe. */
    public sealed interface Parsed {
        /**
         * A valid mobile number.
         *
         * @param e164 the number in E.164 form
         */
        record Mobile(String e164) implements Parsed {
        }

        /**
         * A refused address.
         *
         * @param reason why, naming the address
         */
        record Refused(String reason) implements Parsed {
        }
    }

    /**
     * Parses an address in international form ({@code +} and the country code; spaces, dots,
     * dashes and parentheses allowed) and accepts it if it is a valid number of type mobile, or
     * "fixed line or mobile" where the numbering plan cannot tell (such as in the USA).
     *
     * @param address the address
     * @return the E.164 number, or why it is refused
     */
    public static Parsed parseMobile(String address) {
        if (address == null) {
            return parse(null);
        }
        Parsed known = KNOWN.get(address);
        if (known != null) {
            return known;
        }
        Parsed parsed = parse(address);
        if (KNOWN.size() < REMEMBERED) {
            KNOWN.putIfAbsent(address, parsed);
        }
        return parsed;
    }

    private static Parsed parse(String address) {
        String shown = "'" + printable(address) + "'";
        if (address == null || !address.matches("[+0-9 ().\\-]{1,40}")) {
            return new Parsed.Refused("invalid phone number " + shown
                    + ": expected international form such as +8613800138000");
        }
        if (!address.strip().startsWith("+")) {
            return new Parsed.Refused("invalid phone number " + shown
                    + ": no country code (expected international form starting with +)");
        }
        PhoneNumber number;
        try {
            number = UTIL.parse(address, "ZZ");
        } catch (NumberParseException e) {
            return new Parsed.Refused("invalid phone number " + shown + ": " + e.getErrorType());
        }
        if (!UTIL.isValidNumber(number)) {
            return new Parsed.Refused("invalid phone number " + shown + ": not a valid number");
        }
        PhoneNumberUtil.PhoneNumberType type = UTIL.getNumberType(number);
        if (type != PhoneNumberUtil.PhoneNumberType.MOBILE
                && type != PhoneNumberUtil.PhoneNumberType.FIXED_LINE_OR_MOBILE) {
            return new Parsed.Refused("phone number " + shown + " is not a mobile number (" + type + ")");
        }
        return new Parsed.Mobile(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
    }

    /**
     * A value made safe for a one-line reason: control characters escaped, at most 60 chars.
     *
     * @param value the value, may be {@code null}
     * @return the printable form
     */
    public static String printable(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < 60; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return value.length() > 60 ? out + "..." : out.toString();
    }
}
