package org.kmemlab.physmem;

import org.kmemlab.api.PhysMem;
import org.kmemlab.api.SingletonSlotModule;
import org.kmemlab.api.Slot;

/** {@code physmem=flat}: FLATMEM, one node. */
public final class FlatModule extends SingletonSlotModule<PhysMem> {
    public FlatModule() {
        super(Slot.PHYSMEM, "flat", "FLATMEM mem_map (struct page as arrays, 24 B/frame), one node, sparse RAM contents",
            PhysMem.class, FlatPhysMem.class);
    }
}
