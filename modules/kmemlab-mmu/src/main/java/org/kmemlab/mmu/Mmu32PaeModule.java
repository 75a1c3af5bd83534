package org.kmemlab.mmu;

import org.kmemlab.api.Mmu;
import org.kmemlab.api.SingletonSlotModule;
import org.kmemlab.api.Slot;

/** {@code mmu=i386-pae}. */
public final class Mmu32PaeModule extends SingletonSlotModule<Mmu> {
    public Mmu32PaeModule() {
        super(Slot.MMU, "i386-pae", "i386 PAE 3-level page tables (NX), 3G/1G split, highmem with kmap/pkmap", Mmu.class, Mmu32Pae.class);
    }
}
