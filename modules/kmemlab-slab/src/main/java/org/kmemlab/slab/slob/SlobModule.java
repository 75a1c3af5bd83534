package org.kmemlab.slab.slob;

import org.kmemlab.api.SingletonSlotModule;
import org.kmemlab.api.SlabAllocator;
import org.kmemlab.api.Slot;

/** {@code slab=slob}: the simple list-of-blocks allocator for small systems. */
public final class SlobModule extends SingletonSlotModule<SlabAllocator> {
    public SlobModule() {
        super(Slot.SLAB, "slob",
            "SLOB (mm/slob.c): first fit in 2-byte units over three partially free page lists, no slabinfo",
            SlabAllocator.class, Slob.class);
    }
}
