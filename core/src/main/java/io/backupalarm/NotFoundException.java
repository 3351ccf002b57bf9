package io.backupalarm;

/**
 * A call named an id that does not exist. Nothing was changed.
 *
 * <p>Immutable once created, so safe to share between threads.
 */
public class NotFoundException extends AlarmException {

    private static final long serialVersionUID = 1L;

    private final String kind;
    private final String id;

    /**
     * Creates the exception.
     *
     * @param kind the kind of thing looked for ({@code instance}, {@code contact}...)
     * @param id the id that was not found
     */
    public NotFoundException(String kind, String id) {
        super(kind + " " + id + " does not exist");
        this.kind = kind;
        this.id = id;
    }

    /**
     * The kind of thing looked for.
     *
     * @return {@code account}, {@code contact}, {@code group}, {@code vault} or {@code instance}
     */
    public String kind() {
        return kind;
    }

    /**
     * The id that was not found.
     *
     * @return the id
     */
    public String id() {
        return id;
    }
}
