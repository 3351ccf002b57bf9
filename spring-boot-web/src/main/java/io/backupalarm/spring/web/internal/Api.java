package io.backupalarm.spring.web.internal;

import java.net.URI;
import java.security.Principal;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactGroup;
import io.backupalarm.config.Instance;
import io.backupalarm.config.Vault;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spi.Repositories;
import io.backupalarm.spring.web.AccountAccess;
import io.backupalarm.text.SafeText;
import io.backupalarm.verification.VerificationService;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * What every controller of the API shares: the library's services, the host's access rule, and
 * the checks every request goes through (principal, account access, query parameters, content
 * type, If-Match). Holds no request state; thread-safe.
 */
public final class Api {

    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final String basePath;
    private final AccountAccess access;
    private final ConfigurationStore store;
    private final AlarmEngine engine;
    private final VerificationService verification;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /**
     * The shared support.
     *
     * @param basePath where the API lives, without {@code /api}
     * @param access the host's access rule
     * @param store the configuration store
     * @param engine the engine
     * @param verification the verification service
     * @param clock the clock for defaults such as a silence's start
     */
    public Api(String basePath, AccountAccess access, ConfigurationStore store, AlarmEngine engine,
               VerificationService verification, Clock clock) {
        this.basePath = Objects.requireNonNull(basePath, "basePath");
        this.access = Objects.requireNonNull(access, "access");
        this.store = Objects.requireNonNull(store, "store");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.verification = Objects.requireNonNull(verification, "verification");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    String basePath() {
        return basePath;
    }

    AccountAccess access() {
        return access;
    }

    ConfigurationStore store() {
        return store;
    }

    AlarmEngine engine() {
        return engine;
    }

    VerificationService verification() {
        return verification;
    }

    Clock clock() {
        return clock;
    }

    // ---- access

    /**
     * The request's principal.
     *
     * @param request the request
     * @return the principal
     * @throws ApiProblem 401 if there is none
     */
    Principal principal(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        if (principal == null || principal.getName() == null) {
            throw ApiProblem.of(401, "unauthenticated", "Unauthenticated",
                    "the request has no authenticated user");
        }
        return principal;
    }

    /**
     * Checks that the principal may read the account, and that it exists.
     *
     * @param request the request
     * @param account the account id from the path
     * @return the principal
     * @throws ApiProblem 401, or 404 alike for an account it may not read and one that does not exist
     */
    Principal read(HttpServletRequest request, String account) {
        Principal principal = principal(request);
        if (!access.mayRead(principal, account) || !exists(account)) {
            throw ApiProblem.notFound("account " + SafeText.printable(account) + " does not exist");
        }
        return principal;
    }

    /**
     * Checks that the principal may change the account.
     *
     * @param request the request
     * @param account the account id from the path
     * @return the principal
     * @throws ApiProblem 401, 404 as {@link #read}, 403 if it may read but not change
     */
    Principal change(HttpServletRequest request, String account) {
        Principal principal = read(request, account);
        if (!access.mayChange(principal, account)) {
            throw ApiProblem.of(403, "forbidden", "Forbidden", "user " + SafeText.printable(principal.getName())
                    + " may read account " + account + " but not change it");
        }
        return principal;
    }

    private boolean exists(String account) {
        return store.read(r -> r.accounts().find(account).isPresent());
    }

    // ---- request checks

    /**
     * Rejects query parameters the operation does not define.
     *
     * @param request the request
     * @param allowed the parameters it reads
     * @throws ApiProblem 400 naming the first other one
     */
    static void params(HttpServletRequest request, String... allowed) {
        Set<String> known = Set.of(allowed);
        Enumeration<String> names = request.getParameterNames();
        while (names.hasMoreElements()) {
            String name = names.nextElement();
            if (!known.contains(name)) {
                throw ApiProblem.malformed(name, "unknown query parameter '" + SafeText.printable(name) + "'"
                        + (allowed.length == 0 ? "; this operation takes none" : "; this operation takes "
                        + String.join(", ", allowed)));
            }
            if (request.getParameterValues(name).length > 1) {
                throw ApiProblem.malformed(name, "query parameter '" + name + "' is given more than once");
            }
        }
    }

    /**
     * Checks a body's content type, then its query parameters.
     *
     * @param request the request
     * @param allowed the query parameters the operation reads
     * @throws ApiProblem 415 for a body that is not JSON, 400 for another parameter
     */
    static void jsonBody(HttpServletRequest request, String... allowed) {
        String type = request.getContentType();
        boolean json = false;
        if (type != null) {
            try {
                MediaType media = MediaType.parseMediaType(type);
                json = media.isCompatibleWith(MediaType.APPLICATION_JSON)
                        || "json".equals(media.getSubtypeSuffix());
            } catch (RuntimeException e) {
                json = false;
            }
        }
        if (!json) {
            throw ApiProblem.of(415, "unsupported-media-type", "Unsupported media type",
                    "the request body must be application/json, not "
                            + (type == null ? "without a Content-Type" : "'" + SafeText.printable(type) + "'"));
        }
        params(request, allowed);
    }

    /**
     * The ETags of an {@code If-Match} header.
     *
     * @param request the request
     * @return the ETags, quotes included
     * @throws ApiProblem 428 if it is absent or {@code *}
     */
    static List<String> ifMatch(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.IF_MATCH);
        if (header == null || header.isBlank()) {
            throw ApiProblem.of(428, "precondition-required", "Precondition required",
                    "this change needs an If-Match header with the ETag of a GET of the item");
        }
        List<String> tags = new ArrayList<>();
        for (String part : header.split(",")) {
            String tag = part.strip();
            if (tag.equals("*")) {
                throw ApiProblem.of(428, "precondition-required", "Precondition required",
                        "If-Match: * is not accepted; send the ETag of a GET of the item");
            }
            tags.add(tag);
        }
        return tags;
    }

    /**
     * Compares an ETag with the {@code If-Match} tags (the strong comparison: a weak tag never
     * matches).
     *
     * @param tags the tags sent
     * @param current the current representation
     * @throws ApiProblem 412 if none matches
     */
    static void match(List<String> tags, Object current) {
        String etag = Json.etag(current);
        if (!tags.contains(etag)) {
            throw ApiProblem.of(412, "stale", "Precondition failed",
                    "the item changed since it was read (its ETag is now " + etag + "); read it again and retry");
        }
    }

    /**
     * An administration over the store whose write transaction first runs some checks: so the
     * checks (an If-Match comparison, references to other accounts) see the same state as the
     * change, and a change made meanwhile by another request, on this node or another one sharing
     * the store, cannot slip in between. The administration is the library's own
     * ({@link ConfigurationAdmin#on}), so every integrity rule still applies.
     *
     * @param checks what to check inside the transaction, before the change; throws to refuse it
     * @return the administration, for one change
     */
    ConfigurationAdmin guarded(Consumer<Repositories> checks) {
        ConfigurationStore guarded = new ConfigurationStore() {
            @Override
            public <T> T read(Function<Repositories, T> work) {
                return store.read(work);
            }

            @Override
            public <T> T write(String accountId, Function<Repositories, T> work) {
                return store.write(accountId, repos -> {
                    checks.accept(repos);
                    return work.apply(repos);
                });
            }
        };
        return ConfigurationAdmin.on(guarded);
    }

    /**
     * Runs a change only if the item still has the state an {@code If-Match} names, comparing in
     * the change's own write transaction (see {@link #guarded}).
     *
     * @param tags the If-Match tags
     * @param current reads the current representation inside the transaction; empty if the item is
     *        not there (404)
     * @param notFound the 404 detail
     * @param checks further checks inside the transaction, after the comparison
     * @param change the change, through the administration it is given
     * @param <T> the result
     * @return what the change returned
     */
    <T> T compareAndChange(List<String> tags, Function<Repositories, Optional<?>> current, String notFound,
                           Consumer<Repositories> checks, Function<ConfigurationAdmin, T> change) {
        return change.apply(guarded(repos -> {
            Object representation = current.apply(repos).orElseThrow(() -> ApiProblem.notFound(notFound));
            match(tags, representation);
            checks.accept(repos);
        }));
    }

    // ---- look-ups within an account

    static Optional<Contact> contact(Repositories repos, String account, String id) {
        return repos.contacts().find(id).filter(c -> c.account().equals(account));
    }

    static Optional<ContactGroup> group(Repositories repos, String account, String id) {
        return repos.groups().find(id).filter(g -> g.account().equals(account));
    }

    static Optional<Vault> vault(Repositories repos, String account, String id) {
        return repos.vaults().find(id).filter(v -> v.account().equals(account));
    }

    static Optional<Instance> instance(Repositories repos, String account, String id) {
        return repos.instances().find(id).filter(i -> repos.vaults().find(i.vault())
                .filter(v -> v.account().equals(account)).isPresent());
    }

    /**
     * A new id for an item created without one.
     *
     * @param prefix {@code c-}, {@code g-} or {@code s-}
     * @return the id
     */
    String newId(String prefix) {
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < 20; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    // ---- responses

    static ResponseEntity<byte[]> ok(Object body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(Json.write(body));
    }

    static ResponseEntity<byte[]> tagged(Object body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).eTag(Json.etag(body)).body(Json.write(body));
    }

    static ResponseEntity<byte[]> created(HttpServletRequest request, String id, Object body, boolean tagged) {
        String location = request.getRequestURL().append('/').append(id).toString();
        ResponseEntity.BodyBuilder builder = ResponseEntity.created(URI.create(location))
                .contentType(MediaType.APPLICATION_JSON);
        if (tagged) {
            builder.eTag(Json.etag(body));
        }
        return builder.body(Json.write(body));
    }

    static ResponseEntity<byte[]> noContent() {
        return ResponseEntity.noContent().build();
    }

    static Map<String, Object> items(List<?> items) {
        return Map.of("items", items);
    }
}
