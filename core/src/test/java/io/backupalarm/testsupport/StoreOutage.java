package io.backupalarm.testsupport;

import io.backupalarm.spi.AlarmStore;
import io.backupalarm.spi.OutboxStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * An alarm store and an outbox in memory that throw on every call while an outage lasts, as a
 * database that is down would. Every call is kept with its thread, its method, when it began on
 * {@link System#nanoTime()}, and whether it failed. Thread-safe.
 */
public final class StoreOutage {

    /** A call of a store method. */
    public record Call(Thread thread, String method, long nanoTime, boolean failed) {
    }

    private final AlarmStore alarms = failing(AlarmStore.class, AlarmStore.inMemory());
    private final OutboxStore outbox = failing(OutboxStore.class, OutboxStore.inMemory());
    private final List<Call> calls = new ArrayList<>();
    private volatile boolean down;

    public AlarmStore alarms() {
        return alarms;
    }

    public OutboxStore outbox() {
        return outbox;
    }

    public void begin() {
        down = true;
    }

    public void end() {
        down = false;
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /**
     * Waits until at least {@code count} calls match. The patience only bounds a hang.
     *
     * @return whether they came in time
     */
    public synchronized boolean await(int count, Predicate<Call> which, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (calls.stream().filter(which).count() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    private synchronized void called(String method, boolean failed) {
        calls.add(new Call(Thread.currentThread(), method, System.nanoTime(), failed));
        notifyAll();
    }

    private <T> T failing(Class<T> type, T delegate) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(delegate, args);
            }
            boolean failing = down;
            called(method.getName(), failing);
            if (failing) {
                throw new IllegalStateException("database is down");
            }
            try {
                return method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        return type.cast(proxy);
    }
}
