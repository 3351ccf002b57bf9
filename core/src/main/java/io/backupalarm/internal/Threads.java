package io.backupalarm.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread factories for the engine's own threads. Stateless. */
final class Threads {

    private Threads() {
    }

    /** Daemon threads named {@code name-1}, {@code name-2}, ...: they never keep a host's JVM alive. */
    static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
