package org.kmemlab.slab.slub;

import org.kmemlab.api.SingletonSlotModule;
import org.kmemlab.api.SlabAllocator;
import org.kmemlab.api.Slot;

/** {@code slab=slub}: the default slab allocator of 2.6.34. */
public final class SlubModule extends SingletonSlotModule<SlabAllocator> {
    public SlubModule() {
        super(Slot.SLAB, "slub",
            "SLUB (mm/slub.c): kmalloc-8 ... kmalloc-8192, per-CPU freelists, partial lists, cache merging, slub_debug",
            SlabAllocator.class, Slub.class);
    }
}
