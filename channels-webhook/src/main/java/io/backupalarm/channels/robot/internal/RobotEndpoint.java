package io.backupalarm.channels.robot.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A robot's webhook URL, checked against the allowed hosts, and where requests for it go.
 *
 * <p>The URL holds the robot's credential (DingTalk's {@code access_token}, WeCom's {@code key},
 * Feishu's hook id), so it is never printed whole: {@link #redacted()} masks every query value
 * and the path segment after {@code /hook/}.
 *
 * <p>Immutable and thread-safe.
 */
public final class RobotEndpoint {

    private static final Pattern QUERY_VALUE = Pattern.compile("=[^&]*");
    private static final Pattern HOOK_ID = Pattern.compile("(/hook/)[^/]+");

    private final URI address;
    private final URI origin;

    private RobotEndpoint(URI address, URI origin) {
        this.address = address;
        this.origin = origin;
    }

    /**
     * Checks an address: an {@code https} URL on an allowed host (port 443 or none), without user
     * information or fragment.
     *
     * @param channel the channel's name, for messages
     * @param address the robot's webhook URL, as the contact's address holds it
     * @param allowedHosts the hosts requests may go to, lower case
     * @param originOverride the origin ({@code scheme://host:port}) to send to instead, or {@code null}
     * @return the endpoint
     * @throws IllegalArgumentException if the address is not allowed; the message never shows the
     *         credential in the URL
     */
    public static RobotEndpoint of(String channel, String address, Set<String> allowedHosts, URI originOverride) {
        Objects.requireNonNull(address, "address");
        URI uri;
        try {
            uri = new URI(address);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(channel + " address is not a URL");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getRawAuthority() == null || uri.getHost() == null) {
            throw new IllegalArgumentException(channel + " address is not an https URL");
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(channel + " address must not hold user information or a fragment");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (!allowedHosts.contains(host)) {
            throw new IllegalArgumentException(channel + " address host '" + host + "' is not an allowed host "
                    + new java.util.TreeSet<>(allowedHosts) + "; nothing was sent");
        }
        if (uri.getPort() != -1 && uri.getPort() != 443) {
            throw new IllegalArgumentException(channel + " address port " + uri.getPort()
                    + " is not allowed: robots listen on 443");
        }
        return new RobotEndpoint(uri, originOverride);
    }

    /**
     * The URI a request goes to: the address, or its path and query on the origin override, with
     * extra query parameters appended.
     *
     * @param extraQuery parameters to append, already encoded ({@code timestamp=1&sign=x}), or empty
     * @return the target
     */
    public URI target(String extraQuery) {
        String query = address.getRawQuery();
        if (!extraQuery.isEmpty()) {
            query = query == null || query.isEmpty() ? extraQuery : query + "&" + extraQuery;
        }
        String base = origin == null ? "https://" + address.getRawAuthority()
                : origin.getScheme() + "://" + origin.getRawAuthority();
        String path = address.getRawPath() == null || address.getRawPath().isEmpty() ? "/" : address.getRawPath();
        return URI.create(base + path + (query == null ? "" : "?" + query));
    }

    /**
     * The key of the client-side send limit: the robot's URL as given (one limit per robot).
     *
     * @return the key
     */
    public String limitKey() {
        return address.toString();
    }

    /**
     * The address with every query value and a Feishu hook id masked, for reasons and logs.
     *
     * @return the address without its credential
     */
    public String redacted() {
        return redact(address);
    }

    /** The address with its credential masked; see {@link #redacted()}. */
    static String redact(URI uri) {
        String path = uri.getRawPath() == null ? "" : HOOK_ID.matcher(uri.getRawPath()).replaceAll("$1***");
        String query = uri.getRawQuery() == null ? "" : "?" + QUERY_VALUE.matcher(uri.getRawQuery()).replaceAll("=***");
        return uri.getScheme() + "://" + uri.getHost() + path + query;
    }
}
