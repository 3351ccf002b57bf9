package io.backupalarm.json;

import io.backupalarm.ValidationException.Problem;
import java.util.ArrayList;
import java.util.List;

/** The problems found so far while reading one file. Not thread-safe; one per read. */
final class Problems {

    private final List<Problem> list = new ArrayList<>();

    void add(String path, String message) {
        list.add(new Problem(path, message));
    }

    int count() {
        return list.size();
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    /** Throws the exception listing every problem, if there is any. */
    void throwIfAny(String source) {
        if (!list.isEmpty()) {
            throw new InvalidFileException(source, list);
        }
    }
}
