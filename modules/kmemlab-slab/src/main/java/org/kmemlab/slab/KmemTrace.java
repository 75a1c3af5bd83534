package org.kmemlab.slab;

import java.util.Map;

import org.kmemlab.api.EventBus;

/** The kmem tracepoints every slab allocator emits (include/trace/events/kmem.h), built only when someone listens. */
public final class KmemTrace {
    private final EventBus events;

    public KmemTrace(EventBus events) {
        this.events = events;
    }

    /** trace_kmalloc / trace_kmem_cache_alloc: returns ptr so callers can trace on the way out. */
    public long alloc(String event, long ptr, long bytesReq, long bytesAlloc, int gfp) {
        if (events.active()) {
            events.emit(event, Map.of("ptr", ptr, "bytes_req", bytesReq, "bytes_alloc", bytesAlloc, "gfp_flags", gfp));
        }
        return ptr;
    }

    /** trace_kfree / trace_kmem_cache_free. */
    public void free(String event, long ptr) {
        if (events.active()) {
            events.emit(event, Map.of("ptr", ptr));
        }
    }
}
