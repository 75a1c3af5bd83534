package org.kmemlab.api;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** One per machine: tracing, visualisation, grading and replay all read this stream. */
public final class EventBus {
    private final List<Consumer<KernelEvent>> listeners = new CopyOnWriteArrayList<>();
    /** Plain, not volatile: a machine is driven by one thread, and a volatile read on every allocation costs. */
    private boolean active;

    public void subscribe(Consumer<KernelEvent> listener) {
        listeners.add(listener);
        active = true;
    }

    public void unsubscribe(Consumer<KernelEvent> listener) {
        listeners.remove(listener);
        active = !listeners.isEmpty();
    }

    /** Cheap test for hot paths: build an event only when somebody listens. */
    public boolean active() {
        return active;
    }

    public void emit(String name, Map<String, Object> fields) {
        if (!active) {
            return;
        }
        KernelEvent e = new KernelEvent(name, fields);
        for (Consumer<KernelEvent> l : listeners) {
            l.accept(e);
        }
    }
}
