package io.backupalarm.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of what the tool prints: a JDBC URL's password parameters and user
 * information become {@code ***}, and so does every occurrence of a known secret (the password
 * from the environment or the credentials file, those in the URL) in a message, such as a
 * driver's error that quotes its URL.
 *
 * <p>Immutable and thread-safe.
 */
final class Redactor {

    static final String MASK = "***";

    /** {@code password=...} up to the next parameter, in the forms of PostgreSQL ({@code &}) and H2 ({@code ;}). */
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)((?:password|pwd)\\s*=)[^&;]*");
    /** {@code //user:password@host}. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/?;@:]*:)[^/?;@]*@");

    private final List<String> secrets;

    private Redactor(List<String> secrets) {
        this.secrets = secrets;
    }

    /**
     * A redactor of the secrets in a JDBC URL and of a password.
     *
     * @param url the JDBC URL as given
     * @param password the password from the environment or a credentials file, or {@code null}
     */
    static Redactor of(String url, String password) {
        List<String> secrets = new ArrayList<>();
        if (password != null && !password.isEmpty()) {
            secrets.add(password);
        }
        if (url != null) {
            Matcher parameter = PASSWORD_PARAMETER.matcher(url);
            while (parameter.find()) {
                String value = url.substring(parameter.end(1), parameter.end());
                if (!value.isEmpty()) {
                    secrets.add(value);
                }
            }
            Matcher userInfo = USER_INFO.matcher(url);
            while (userInfo.find()) {
                String value = url.substring(userInfo.end(1), userInfo.end() - 1);
                if (!value.isEmpty()) {
                    secrets.add(value);
                }
            }
        }
        // The longest first, so that a secret holding another is masked whole.
        secrets.sort(Comparator.comparingInt(String::length).reversed());
        return new Redactor(List.copyOf(secrets));
    }

    /**
     * A JDBC URL fit to print: its password parameters and user information masked.
     *
     * @param url the URL
     * @return the URL with {@code ***} for every secret
     */
    static String url(String url) {
        String masked = PASSWORD_PARAMETER.matcher(url).replaceAll("$1" + Matcher.quoteReplacement(MASK));
        return USER_INFO.matcher(masked).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "@");
    }

    /**
     * Text fit to print: every known secret masked (those of the URL included).
     *
     * @param text a message
     * @return the message with {@code ***} for every secret
     */
    String redact(String text) {
        Objects.requireNonNull(text, "text");
        String redacted = text;
        for (String secret : secrets) {
            redacted = redacted.replace(secret, MASK);
        }
        // Not url(redacted): in free text a password parameter has no end, and would swallow what follows.
        return redacted;
    }

    /**
     * An address as the tool prints it: in full (an e-mail address, a phone number), except a URL
     * (webhooks, robots), whose last path segment and query values may be the robot's credential
     * and print as {@code ***}.
     */
    static String address(String address) {
        String lower = address.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("https://") && !lower.startsWith("http://")) {
            return address;
        }
        try {
            URI uri = new URI(address);
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            int slash = path.lastIndexOf('/');
            if (slash >= 0 && slash < path.length() - 1) {
                path = path.substring(0, slash + 1) + MASK;
            }
            String query = uri.getRawQuery() == null ? ""
                    : "?" + uri.getRawQuery().replaceAll("=[^&]*", Matcher.quoteReplacement("=" + MASK));
            String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
            return uri.getScheme() + "://" + uri.getHost() + port + path + query;
        } catch (URISyntaxException e) {
            return address.substring(0, lower.indexOf("://") + 3) + MASK; // not parsed: nothing of it shown
        }
    }
}
