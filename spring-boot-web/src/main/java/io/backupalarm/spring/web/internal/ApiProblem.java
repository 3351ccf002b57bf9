package io.backupalarm.spring.web.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An error the API answers as problem details (RFC 9457): a status, a type, a title, a detail,
 * the fields at fault, and extra members. Thrown by the controllers, written by
 * {@link ProblemResolver}. Immutable once thrown; thread-safe.
 */
public final class ApiProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A problem with one field: the JSON path in the request, and what is wrong with it. */
    public record FieldError(String field, String message) {
        /**
         * A field error.
         *
         * @param field the JSON path, or {@code ""} for the whole body
         * @param message what is wrong
         */
        public FieldError {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(message, "message");
        }
    }

    private final int status;
    private final String type;
    private final String title;
    private final transient List<FieldError> errors;
    private final transient Map<String, Object> extra;
    private final transient Map<String, String> headers;

    private ApiProblem(int status, String type, String title, String detail, List<FieldError> errors,
                       Map<String, Object> extra, Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.extra = Map.copyOf(extra);
        this.headers = Map.copyOf(headers);
    }

    /**
     * A problem without field errors.
     *
     * @param status the HTTP status
     * @param type the type suffix ({@code urn:backup-alarm:problem:} is prepended)
     * @param title the title
     * @param detail the detail
     * @return the problem
     */
    public static ApiProblem of(int status, String type, String title, String detail) {
        return new ApiProblem(status, type, title, detail, List.of(), Map.of(), Map.of());
    }

    /**
     * 400: the request is not what the operation reads.
     *
     * @param field the JSON path or query parameter
     * @param message what is wrong
     * @return the problem
     */
    public static ApiProblem malformed(String field, String message) {
        return new ApiProblem(400, "malformed", "Malformed request", message, List.of(new FieldError(field, message)),
                Map.of(), Map.of());
    }

    /**
     * 422: the library refuses the input.
     *
     * @param errors the fields at fault, at least one
     * @return the problem
     */
    public static ApiProblem invalid(List<FieldError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).message()
                : errors.size() + " problems: " + String.join("; ", errors.stream()
                        .map(e -> (e.field().isEmpty() ? "" : e.field() + ": ") + e.message()).toList());
        return new ApiProblem(422, "validation", "Invalid input", detail, errors, Map.of(), Map.of());
    }

    /**
     * 422 for one field.
     *
     * @param field the JSON path
     * @param message what is wrong
     * @return the problem
     */
    public static ApiProblem invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    /**
     * 404.
     *
     * @param detail what was not found
     * @return the problem
     */
    public static ApiProblem notFound(String detail) {
        return of(404, "not-found", "Not found", detail);
    }

    /**
     * This problem with extra members.
     *
     * @param members the members, added after the standard ones
     * @return a new problem
     */
    public ApiProblem with(Map<String, Object> members) {
        Map<String, Object> all = new LinkedHashMap<>(extra);
        all.putAll(members);
        return new ApiProblem(status, type, title, getMessage(), errors, all, headers);
    }

    /**
     * This problem with a response header.
     *
     * @param name the header
     * @param value its value
     * @return a new problem
     */
    public ApiProblem header(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new ApiProblem(status, type, title, getMessage(), errors, extra, all);
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the type suffix */
    public String type() {
        return type;
    }

    /** @return the title */
    public String title() {
        return title;
    }

    /** @return the field errors */
    public List<FieldError> errors() {
        return errors;
    }

    /** @return the extra members */
    public Map<String, Object> extra() {
        return extra;
    }

    /** @return the response headers */
    public Map<String, String> headers() {
        return headers;
    }
}
