package org.kmemlab.mmu;

import java.util.ArrayList;
import java.util.List;

/** The page-table entry bits of arch/x86/include/asm/pgtable_types.h, and their names for walk(). */
final class X86Bits {
    private X86Bits() {
    }

    static final long PRESENT = 0x001;
    static final long RW = 0x002;
    static final long USER = 0x004;
    static final long ACCESSED = 0x020;
    static final long DIRTY = 0x040;
    static final long PSE = 0x080;
    static final long GLOBAL = 0x100;
    static final long NX = 1L << 63;
    /** _PAGE_TABLE: P|RW|USER|A|D, what pgd/pud/pmd_populate write for the kernel. */
    static final long PAGE_TABLE = 0x067;
    /** _KERNPG_TABLE: P|RW|A|D, the entries head_64.S writes statically. */
    static final long KERNPG_TABLE = 0x063;

    /**
     * The names of the set bits, lowest first, as the kernel names _PAGE_BIT_*: bit 7 is {@code pse} above
     * the pte level and {@code pat} in a pte; bit 12 is {@code pat_large} only in a large-page entry.
     */
    static List<String> names(long e, boolean leafLevel) {
        List<String> out = new ArrayList<>();
        String[] low = {"present", "rw", "user", "pwt", "pcd", "accessed", "dirty", null, "global", "special",
            "iomap", "hidden"};
        for (int b = 0; b < low.length; b++) {
            if ((e & (1L << b)) != 0) {
                out.add(b == 7 ? (leafLevel ? "pat" : "pse") : low[b]);
            }
        }
        if (!leafLevel && (e & PSE) != 0 && (e & (1L << 12)) != 0) {
            out.add("pat_large");
        }
        if ((e & NX) != 0) {
            out.add("nx");
        }
        return out;
    }
}
