package io.backupalarm;

import java.util.List;

/**
 * A contact, group, vault or account cannot be deleted because something still refers to it.
 * {@link #heldBy()} lists every holder, so the user knows what to change first. Nothing was
 * changed.
 *
 * <p>Immutable once created, so safe to share between threads.
 */
public class InUseException extends AlarmException {

    private static final long serialVersionUID = 1L;

    private final String kind;
    private final String id;
    private final transient List<String> heldBy;

    /**
     * Creates the exception.
     *
     * @param kind the kind of the thing that was to be deleted ({@code contact}, {@code group}...)
     * @param id its id
     * @param heldBy every holder, as {@code "<kind> <id>"} ({@code "group g-ops"},
     *        {@code "vault v-prod policy"}); not empty
     */
    public InUseException(String kind, String id, List<String> heldBy) {
        super(kind + " " + id + " is in use by " + String.join(", ", heldBy));
        this.kind = kind;
        this.id = id;
        this.heldBy = List.copyOf(heldBy);
    }

    /**
     * The kind of the thing that was to be deleted.
     *
     * @return {@code contact}, {@code group}, {@code vault} or {@code account}
     */
    public String kind() {
        return kind;
    }

    /**
     * The id of the thing that was to be deleted.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * What holds it.
     *
     * @return an unmodifiable, non-empty list of holders, such as {@code "group g-ops"}
     */
    public List<String> heldBy() {
        return heldBy;
    }
}
