package org.kmemlab.mmu;

import org.kmemlab.api.Mmu;
import org.kmemlab.api.SingletonSlotModule;
import org.kmemlab.api.Slot;

/** {@code mmu=x86_64}. */
public final class Mmu64Module extends SingletonSlotModule<Mmu> {
    public Mmu64Module() {
        super(Slot.MMU, "x86_64", "x86_64 4-level page tables (arch/x86/mm): direct map, vmalloc mappings", Mmu.class, Mmu64.class);
    }
}
