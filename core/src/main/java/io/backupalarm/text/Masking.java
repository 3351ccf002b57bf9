package io.backupalarm.text;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Addresses masked for a log line at INFO: enough of them to tell recipients apart while reading a
 * log, not enough to contact them, and never a secret a URL carries.
 *
 * <ul>
 *   <li>a URL (anything with {@code ://}) keeps its scheme and host (and port) and hides its
 *       user information, path and query, where robot tokens and keys live:
 *       {@code https://oapi.dingtalk.com/***};</li>
 *   <li>a mobile number ({@code +} and digits) keeps its country code, the next three digits and
 *       the last four: {@code +86138****8000};</li>
 *   <li>an email address keeps the first character of its local part and its domain:
 *       {@code a***@example.com};</li>
 *   <li>anything else keeps its first character: {@code d***}.</li>
 * </ul>
 *
 * <p>The result is escaped as by {@link SafeText#escape(String)}. Stateless and thread-safe.
 */
public final class Masking {

    private static final String HIDDEN = "***";

    private Masking() {
    }

    /**
     * An address masked for a log line.
     *
     * @param channel the channel the address belongs to (used when the address's form is
     *        ambiguous: an SMS address is masked as a mobile number); may be {@code null}
     * @param address the address; {@code null} prints as {@code null}
     * @return the masked address
     */
    public static String address(String channel, String address) {
        if (address == null) {
            return "null";
        }
        String masked;
        if (address.contains("://")) {
            masked = url(address);
        } else if (address.startsWith("+") || "sms".equals(channel)) {
            masked = mobile(address);
        } else if (address.indexOf('@') >= 0) {
            masked = email(address);
        } else {
            masked = firstCharacter(address);
        }
        return SafeText.escape(masked);
    }

    private static String url(String address) {
        String scheme = address.substring(0, address.indexOf("://"));
        try {
            URI uri = new URI(address);
            if (uri.getHost() != null) {
                String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
                boolean more = uri.getRawUserInfo() != null || hasText(uri.getRawPath()) && !"/".equals(uri.getRawPath())
                        || uri.getRawQuery() != null || uri.getRawFragment() != null;
                return uri.getScheme() + "://" + uri.getHost() + port + (more ? "/" + HIDDEN : "");
            }
        } catch (URISyntaxException e) {
            // not a URL a client could call: keep only what comes before "://"
        }
        return firstCharacter(scheme) + "://" + HIDDEN;
    }

    private static String mobile(String address) {
        String digits = address.startsWith("+") ? address.substring(1) : address;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return firstCharacter(address);
        }
        int countryLength;
        try {
            countryLength = Integer.toString(PhoneNumberUtil.getInstance().parse("+" + digits, null).getCountryCode())
                    .length();
        } catch (NumberParseException e) {
            countryLength = 0; // no known country code: keep none of it
        }
        String national = digits.substring(countryLength);
        String prefix = "+" + digits.substring(0, countryLength);
        if (national.length() < 3 + 4 + 2) {
            // Too short to keep seven digits and still hide a real part of it: keep the last two.
            return national.length() <= 4 ? prefix + "****" : prefix + "****" + national.substring(national.length() - 2);
        }
        return prefix + national.substring(0, 3) + "****" + national.substring(national.length() - 4);
    }

    private static String email(String address) {
        int at = address.lastIndexOf('@');
        String local = address.substring(0, at);
        return (local.isEmpty() ? "" : local.substring(0, local.offsetByCodePoints(0, 1))) + HIDDEN
                + address.substring(at);
    }

    private static String firstCharacter(String value) {
        return value.isEmpty() ? HIDDEN : value.substring(0, value.offsetByCodePoints(0, 1)) + HIDDEN;
    }

    private static boolean hasText(String value) {
        return value != null && !value.isEmpty();
    }
}
