package org.kmemlab.slab.slab;

import org.kmemlab.api.SingletonSlotModule;
import org.kmemlab.api.SlabAllocator;
import org.kmemlab.api.Slot;

/** {@code slab=slab}: the classic SLAB allocator. */
public final class SlabModule extends SingletonSlotModule<SlabAllocator> {
    public SlabModule() {
        super(Slot.SLAB, "slab",
            "SLAB (mm/slab.c): size-32 ... size-4194304, array caches, colouring, on/off-slab management",
            SlabAllocator.class, Slab.class);
    }
}
