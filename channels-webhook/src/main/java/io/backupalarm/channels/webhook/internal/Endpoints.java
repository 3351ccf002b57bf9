package io.backupalarm.channels.webhook.internal;

import io.backupalarm.text.SafeText;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Addresses and settings of the HTTP channels: an address is an {@code https} URL; an origin
 * override sends it to another scheme, host and port with its path and query kept; an address is
 * shown in reasons and logs without its query and, where its last path segment is a credential
 * (a Slack webhook's token), without that segment.
 *
 * <p>Thread-safe: stateless.
 */
public final class Endpoints {

    /** The longest timeout a setting accepts. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

    // Dot-separated labels of letters, digits and inner hyphens, as a DNS host name has them.
    private static final Pattern HOST = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    private Endpoints() {
    }

    /**
     * Reads an address: an absolute {@code https} URL with a host, no user info and no fragment.
     *
     * @param address the address
     * @return the URL
     * @throws IllegalArgumentException if it is not such a URL; the message shows the address
     *         escaped and cut short
     */
    public static URI address(String address) {
        URI uri;
        try {
            uri = new URI(address);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("address '" + SafeText.printable(address) + "' is not a URL");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("address '" + SafeText.printable(address)
                    + "' is not an https URL with a host (no user info, no fragment)");
        }
        return uri;
    }

    /**
     * Checks an origin override: {@code http} or {@code https}, a host, an optional port, and
     * nothing else.
     *
     * @param setting the setting's name, for the message
     * @param value the origin, such as {@code http://127.0.0.1:8080}
     * @return the origin
     * @throws IllegalArgumentException if it is not such an origin
     */
    public static URI origin(String setting, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(setting + " must not be blank");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(setting + " '" + SafeText.printable(value) + "' is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String path = uri.getRawPath();
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || (path != null && !path.isEmpty() && !path.equals("/"))) {
            throw new IllegalArgumentException(setting + " '" + SafeText.printable(value)
                    + "' must be scheme://host[:port] (http or https), with no path, query or user info");
        }
        return uri;
    }

    /**
     * Where a request for an address goes: the address, or its path and query at the override's
     * origin.
     *
     * @param address the address
     * @param override the origin override, or {@code null}
     * @return the target URL
     */
    public static URI target(URI address, URI override) {
        if (override == null) {
            return address;
        }
        String path = address.getRawPath() == null || address.getRawPath().isEmpty() ? "/" : address.getRawPath();
        String query = address.getRawQuery() == null ? "" : "?" + address.getRawQuery();
        return URI.create(override.getScheme().toLowerCase(Locale.ROOT) + "://" + override.getRawAuthority()
                + path + query);
    }

    /**
     * An address as reasons and logs show it: scheme, host, port and path, without the query
     * (which may carry a token), and with the last path segment as {@code ***} when it is a
     * credential.
     *
     * @param address the address
     * @param lastSegmentIsSecret whether the last path segment is a credential
     * @return the address shown
     */
    public static String shown(URI address, boolean lastSegmentIsSecret) {
        String path = address.getRawPath() == null ? "" : address.getRawPath();
        if (lastSegmentIsSecret) {
            int slash = path.lastIndexOf('/');
            if (slash >= 0 && slash < path.length() - 1) {
                path = path.substring(0, slash + 1) + "***";
            }
        }
        String port = address.getPort() < 0 ? "" : ":" + address.getPort();
        return SafeText.escape(address.getScheme() + "://" + address.getHost() + port + path
                + (address.getRawQuery() == null ? "" : "?***"));
    }

    /**
     * Checks a set of allowed hosts.
     *
     * @param setting the setting's name, for the message
     * @param hosts one or more host names
     * @return the hosts in lower case, sorted, unmodifiable
     * @throws IllegalArgumentException if empty or a name is not a host name
     */
    public static Set<String> hosts(String setting, Set<String> hosts) {
        if (hosts == null || hosts.isEmpty()) {
            throw new IllegalArgumentException(setting + " must name at least one host");
        }
        Set<String> checked = new TreeSet<>();
        for (String host : hosts) {
            if (host == null || !HOST.matcher(host).matches()) {
                throw new IllegalArgumentException(setting + ": '" + SafeText.printable(host) + "' is not a host name");
            }
            checked.add(host.toLowerCase(Locale.ROOT));
        }
        return Collections.unmodifiableSet(checked);
    }

    /**
     * Checks a timeout setting.
     *
     * @param setting the setting's name
     * @param value the timeout
     * @return the timeout
     * @throws IllegalArgumentException if not positive or more than {@link #MAX_TIMEOUT}
     */
    public static Duration timeout(String setting, Duration value) {
        Objects.requireNonNull(value, setting);
        if (value.isZero() || value.isNegative() || value.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(setting + " must be more than zero and at most " + MAX_TIMEOUT
                    + ", not " + value);
        }
        return value;
    }

    /**
     * A provider's answer, fit for a reason: escaped and cut short.
     *
     * @param body the answer's body, may be {@code null}
     * @return the excerpt in quotes, or an empty string for no body
     */
    public static String excerpt(String body) {
        return body == null || body.isBlank() ? "" : " '" + SafeText.printable(body.strip()) + "'";
    }
}
