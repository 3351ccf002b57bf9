package io.backupalarm.channels.sms;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;

/** Validation shared by the settings builders; messages name the setting. Thread-safe. */
final class Checks {

    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

    private Checks() {
    }

    static String token(String setting, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(setting + " must not be blank");
        }
        if (!value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException(setting + " must be printable ASCII without spaces: '" + value + "'");
        }
        return value;
    }

    static String secret(String setting, String value, int minLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(setting + " must not be blank");
        }
        if (value.length() < minLength) {
            // Never echo a secret, not even a wrong one.
            throw new IllegalArgumentException(setting + " must be at least " + minLength + " characters long");
        }
        if (!value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException(setting + " must be printable ASCII without spaces");
        }
        return value;
    }

    static String text(String setting, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(setting + " must not be blank");
        }
        if (value.length() > maxLength || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(setting + " must be at most " + maxLength
                    + " characters without control characters: '" + value + "'");
        }
        return value;
    }

    static URI httpUri(String setting, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(setting + " must not be blank");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(setting + " is not a URI: '" + value + "'", e);
        }
        String scheme = uri.getScheme();
        if (!("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme)) || uri.getHost() == null
                || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(setting
                    + " must be an absolute http or https URI with a host, no user info and no fragment: '"
                    + value + "'");
        }
        return uri;
    }

    static Duration timeout(String setting, Duration value) {
        Objects.requireNonNull(value, setting);
        if (value.isZero() || value.isNegative() || value.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(setting + " must be positive and at most " + MAX_TIMEOUT + ": " + value);
        }
        return value;
    }

    static <T> T notNull(String setting, T value) {
        if (value == null) {
            throw new IllegalArgumentException(setting + " must not be null");
        }
        return value;
    }

    static void required(String setting, Object value, String gateway) {
        if (value == null) {
            throw new IllegalArgumentException(setting + " is required for the " + gateway + " gateway");
        }
    }
}
