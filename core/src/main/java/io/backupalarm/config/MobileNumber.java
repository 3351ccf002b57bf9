package io.backupalarm.config;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.backupalarm.internal.Checks;
import java.util.Objects;

/**
 * A mobile number in E.164 form ({@code +} country code and national number, for example
 * {@code +8613800138000}). Input must start with {@code +}; spaces, dashes and brackets are
 * accepted and removed. The number must be one that libphonenumber accepts as valid for its
 * country.
 *
 * <p>Immutable and thread-safe.
 *
 * @param value the number in E.164 form
 */
public record MobileNumber(String value) implements Comparable<MobileNumber> {

    /** Validates the number and normalises it to E.164. */
    public MobileNumber {
        Objects.requireNonNull(value, "mobile");
        value = normalise(value);
    }

    /**
     * Parses a number.
     *
     * @param value the number, starting with {@code +}
     * @return the number in E.164 form
     * @throws IllegalArgumentException if it is not a valid international number
     */
    public static MobileNumber of(String value) {
        return new MobileNumber(value);
    }

    private static String normalise(String value) {
        String trimmed = value.strip();
        String problem = null;
        if (!trimmed.startsWith("+")) {
            problem = "must start with '+' and the country code";
        } else if (trimmed.length() > 32 || trimmed.chars().anyMatch(c -> Character.isISOControl(c) || Character.isLetter(c))) {
            problem = "is not a phone number";
        } else {
            PhoneNumberUtil util = PhoneNumberUtil.getInstance();
            try {
                PhoneNumber number = util.parse(trimmed, null);
                if (util.isValidNumber(number)) {
                    return util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
                }
                problem = "is not a valid number for its country";
            } catch (NumberParseException e) {
                problem = "cannot be parsed (" + e.getErrorType() + ")";
            }
        }
        throw new IllegalArgumentException("mobile '" + Checks.printable(value) + "' " + problem
                + " (expected E.164, for example +8613800138000)");
    }

    @Override
    public int compareTo(MobileNumber other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
