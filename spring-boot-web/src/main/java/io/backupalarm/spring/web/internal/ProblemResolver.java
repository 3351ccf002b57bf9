package io.backupalarm.spring.web.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.backupalarm.InUseException;
import io.backupalarm.NotFoundException;
import io.backupalarm.ValidationException;
import io.backupalarm.text.SafeText;
import io.backupalarm.verification.VerificationRateLimitedException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Answers every exception of a request under {@code {base}/api} as problem details (RFC 9457),
 * before any other resolver: the API's own problems, the library's exceptions (their messages
 * reused), and Spring's own (no such path, method not allowed). Requests elsewhere are left to the
 * host. Stateless; thread-safe.
 */
public final class ProblemResolver implements HandlerExceptionResolver, Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemResolver.class);

    /** A reference to another account's item: said as if it did not exist. */
    private static final Pattern OTHER_ACCOUNT = Pattern.compile("^(\\S+ \\S+) belongs to account .*$");
    /** The collection prefix of the library's validation paths: {@code contacts[c-1]}. */
    private static final Pattern ITEM = Pattern.compile("^[A-Za-z]+\\[[^\\]]*\\]\\.?");
    private static final Pattern HOLDER = Pattern.compile("^(group|vault|instance|contact|maintenance window) (\\S+)( policy)?$");

    private final String prefix;

    /**
     * A resolver for the API under a base path.
     *
     * @param api the shared support
     */
    public ProblemResolver(Api api) {
        this.prefix = api.basePath() + "/api";
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
                                         Exception ex) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!(path.equals(prefix) || path.startsWith(prefix + "/"))) {
            return null;
        }
        ApiProblem problem = problem(ex, request);
        try {
            write(response, problem);
        } catch (IOException e) {
            LOG.warn("could not write the problem answer to {} {}", request.getMethod(),
                    SafeText.printable(path), e);
        }
        return new ModelAndView();
    }

    /**
     * The problem an exception is answered with.
     *
     * @param ex the exception
     * @param request the request
     * @return the problem
     */
    static ApiProblem problem(Exception ex, HttpServletRequest request) {
        if (ex instanceof ApiProblem p) {
            return p;
        }
        if (ex instanceof ValidationException v) {
            return validation(v);
        }
        if (ex instanceof InUseException u) {
            return inUse(u);
        }
        if (ex instanceof NotFoundException n) {
            return ApiProblem.notFound(n.getMessage());
        }
        if (ex instanceof VerificationRateLimitedException r) {
            long seconds = Math.max(1, r.retryAfter().toSeconds() + (r.retryAfter().toNanosPart() > 0 ? 1 : 0));
            return ApiProblem.of(429, "rate-limited", "Too many requests", r.getMessage())
                    .with(Map.of("retryAfterSeconds", seconds))
                    .header("Retry-After", Long.toString(seconds));
        }
        if (ex instanceof HttpRequestMethodNotSupportedException m) {
            ApiProblem p = ApiProblem.of(405, "method-not-allowed", "Method not allowed",
                    "method " + SafeText.printable(m.getMethod()) + " is not allowed here");
            return m.getSupportedMethods() == null ? p : p.header("Allow", String.join(", ", m.getSupportedMethods()));
        }
        if (ex instanceof HttpMediaTypeNotSupportedException) {
            return ApiProblem.of(415, "unsupported-media-type", "Unsupported media type",
                    "the request body must be application/json");
        }
        if (ex instanceof HttpMediaTypeNotAcceptableException) {
            return ApiProblem.of(406, "not-acceptable", "Not acceptable", "the API answers application/json only");
        }
        if (ex instanceof NoResourceFoundException || ex instanceof NoHandlerFoundException) {
            return ApiProblem.notFound("there is no resource at " + SafeText.printable(request.getRequestURI()));
        }
        if (ex instanceof IllegalArgumentException) {
            // A record's constructor refusing a value the controller did not attribute to a field.
            return ApiProblem.invalid("", ex.getMessage());
        }
        LOG.error("administration API request {} {} failed", request.getMethod(),
                SafeText.printable(request.getRequestURI()), ex);
        return ApiProblem.of(500, "internal", "Internal error",
                "the request failed on the server; its log says why");
    }

    /**
     * The library's validation problems with its paths turned into the request's JSON paths, and
     * references to another account's items said as if they did not exist.
     *
     * @param v the exception
     * @return the problem
     */
    static ApiProblem validation(ValidationException v) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        for (ValidationException.Problem p : v.problems()) {
            errors.add(new ApiProblem.FieldError(field(p.path(), p.message()), hide(p.message())));
        }
        return ApiProblem.invalid(errors);
    }

    static String hide(String message) {
        Matcher m = OTHER_ACCOUNT.matcher(message);
        return m.matches() ? m.group(1) + " does not exist" : message;
    }

    static String field(String path, String message) {
        String field = ITEM.matcher(path).replaceFirst("");
        if (field.startsWith("alarmPolicy.")) {
            field = field.substring("alarmPolicy.".length());
        }
        if (field.isEmpty() && message.endsWith("already exists")) {
            return "id";
        }
        return field;
    }

    static ApiProblem inUse(InUseException u) {
        List<Object> heldBy = new ArrayList<>();
        for (String holder : u.heldBy()) {
            Map<String, Object> h = new LinkedHashMap<>();
            Matcher m = HOLDER.matcher(holder);
            if (m.matches()) {
                String kind = m.group(1).replace(' ', '-');
                h.put("kind", m.group(3) == null ? kind : kind + "-policy");
                h.put("id", m.group(2));
            } else {
                h.put("kind", "other");
                h.put("id", null);
            }
            h.put("text", holder);
            heldBy.add(h);
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("kind", u.kind());
        extra.put("id", u.id());
        extra.put("heldBy", heldBy);
        return ApiProblem.of(409, "in-use", "In use", u.getMessage()).with(extra);
    }

    static void write(HttpServletResponse response, ApiProblem problem) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:backup-alarm:problem:" + problem.type());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.getMessage());
        List<Object> errors = new ArrayList<>();
        for (ApiProblem.FieldError e : problem.errors()) {
            Map<String, Object> em = new LinkedHashMap<>();
            em.put("field", e.field());
            em.put("message", e.message());
            errors.add(em);
        }
        body.put("errors", errors);
        body.putAll(problem.extra());
        byte[] bytes = Json.write(body);
        response.resetBuffer();
        response.setStatus(problem.status());
        problem.headers().forEach(response::setHeader);
        response.setHeader("ETag", null);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
        response.flushBuffer();
    }
}
