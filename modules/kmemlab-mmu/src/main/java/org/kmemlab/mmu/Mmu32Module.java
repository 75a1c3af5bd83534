package org.kmemlab.mmu;

import org.kmemlab.api.Mmu;
import org.kmemlab.api.SingletonSlotModule;
import org.kmemlab.api.Slot;

/** {@code mmu=i386}. */
public final class Mmu32Module extends SingletonSlotModule<Mmu> {
    public Mmu32Module() {
        super(Slot.MMU, "i386", "i386 2-level page tables, 3G/1G split, highmem with kmap/pkmap", Mmu.class, Mmu32.class);
    }
}
