package org.kmemlab.api;

import java.util.Locale;

/** The five places where an implementation can be swapped (ARCHITECTURE.md "Slots and modules"). */
public enum Slot {
    PHYSMEM, BUDDY, SLAB, VMALLOC, MMU;

    /** The name users type: {@code buddy}, {@code slab}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Slot parse(String s) {
        for (Slot slot : values()) {
            if (slot.id().equals(s)) {
                return slot;
            }
        }
        throw new IllegalArgumentException("unknown slot '" + s + "'; slots are physmem, buddy, slab, vmalloc, mmu");
    }
}
