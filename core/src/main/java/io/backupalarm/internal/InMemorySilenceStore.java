package io.backupalarm.internal;

import io.backupalarm.quiet.Silence;
import io.backupalarm.spi.SilenceStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Silences in a concurrent map. Thread-safe. */
public final class InMemorySilenceStore implements SilenceStore {

    private static final Comparator<Silence> BY_START = Comparator.comparing(Silence::starts).thenComparing(Silence::id);

    private final ConcurrentMap<String, Silence> silences = new ConcurrentHashMap<>();

    /** Creates an empty store. */
    public InMemorySilenceStore() {
    }

    @Override
    public boolean create(Silence silence) {
        Objects.requireNonNull(silence, "silence");
        return silences.putIfAbsent(silence.id(), silence) == null;
    }

    @Override
    public boolean replace(Silence silence) {
        Objects.requireNonNull(silence, "silence");
        return silences.replace(silence.id(), silence) != null;
    }

    @Override
    public Optional<Silence> find(String id) {
        Objects.requireNonNull(id, "id");
        return Optional.ofNullable(silences.get(id));
    }

    @Override
    public List<Silence> notEndedOf(String account, Instant at) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(at, "at");
        List<Silence> found = List.of(); // no list for the usual answer: none
        for (Silence silence : silences.values()) {
            if (silence.account().equals(account) && !silence.endedBy(at)) {
                found = found.isEmpty() ? new ArrayList<>() : found;
                found.add(silence);
            }
        }
        return found;
    }

    @Override
    public List<Silence> notEnded(Instant at) {
        Objects.requireNonNull(at, "at");
        return silences.values().stream().filter(s -> !s.endedBy(at)).sorted(BY_START).toList();
    }

    @Override
    public int purgeEndedBefore(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        int before = silences.size();
        silences.values().removeIf(s -> s.end().isBefore(instant));
        return before - silences.size();
    }
}
