package io.backupalarm.internal;

import io.backupalarm.delivery.Notification;
import io.backupalarm.lifecycle.AlarmListener;
import io.backupalarm.lifecycle.OpenAlarm;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls every listener, each guarded: a listener that throws is logged and the others still run. */
final class Listeners implements AlarmListener {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private final List<AlarmListener> listeners;

    Listeners(List<AlarmListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    private void each(String event, Consumer<AlarmListener> call) {
        for (AlarmListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (Throwable t) { // host code may throw anything; it must not break the engine
                LOG.warn("Alarm listener {} failed in {}; ignored", listener.getClass().getName(), event, t);
            }
        }
    }

    @Override public void onOpened(OpenAlarm alarm) { each("onOpened", l -> l.onOpened(alarm)); }
    @Override public void onCounted(OpenAlarm alarm) { each("onCounted", l -> l.onCounted(alarm)); }
    @Override public void onFired(OpenAlarm alarm) { each("onFired", l -> l.onFired(alarm)); }
    @Override public void onRepeated(OpenAlarm alarm) { each("onRepeated", l -> l.onRepeated(alarm)); }
    @Override public void onCancelled(OpenAlarm alarm, Instant at) { each("onCancelled", l -> l.onCancelled(alarm, at)); }
    @Override public void onResolved(OpenAlarm alarm, Instant at) { each("onResolved", l -> l.onResolved(alarm, at)); }
    @Override public void onDelivered(Notification n) { each("onDelivered", l -> l.onDelivered(n)); }
    @Override public void onDeliveryFailed(Notification n) { each("onDeliveryFailed", l -> l.onDeliveryFailed(n)); }
    @Override public void onDeadLettered(Notification n) { each("onDeadLettered", l -> l.onDeadLettered(n)); }
}
