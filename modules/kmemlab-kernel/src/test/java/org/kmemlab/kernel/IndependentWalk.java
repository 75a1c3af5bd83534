package org.kmemlab.kernel;

import org.kmemlab.api.PhysMem;

/**
 * A page-table walk written from the Intel SDM's description (vol. 3A §4.3–4.5), independent of the mmu
 * module's code: it reads raw entries from physical memory starting at CR3 and returns the physical
 * address or −1. Tests compare every translation the simulator makes against it.
 */
final class IndependentWalk {
    private IndependentWalk() {
    }

    static long translate(Kernel k, long vaddr) {
        PhysMem m = k.physmem();
        long cr3 = k.read_cr3();
        String mode = k.mmu().mode();
        switch (mode) {
            case "x86_64": {
                if ((vaddr << 16 >> 16) != vaddr) {
                    return -1; // non-canonical
                }
                long mask = 0x000ffffffffff000L & ((1L << 46) - 1);
                long e = m.read(cr3 + ((vaddr >>> 39) & 511) * 8, 8);          // PML4E
                if ((e & 1) == 0) {
                    return -1;
                }
                e = m.read((e & mask) + ((vaddr >>> 30) & 511) * 8, 8);        // PDPTE
                if ((e & 1) == 0) {
                    return -1;
                }
                if ((e & 0x80) != 0) {
                    return (e & mask & ~((1L << 30) - 1)) | (vaddr & ((1L << 30) - 1));
                }
                e = m.read((e & mask) + ((vaddr >>> 21) & 511) * 8, 8);        // PDE
                if ((e & 1) == 0) {
                    return -1;
                }
                if ((e & 0x80) != 0) {
                    return (e & mask & ~((1L << 21) - 1)) | (vaddr & ((1L << 21) - 1));
                }
                e = m.read((e & mask) + ((vaddr >>> 12) & 511) * 8, 8);        // PTE
                return (e & 1) == 0 ? -1 : (e & mask) | (vaddr & 0xfff);
            }
            case "i386": {
                long v = vaddr & 0xffffffffL;
                long e = m.read(cr3 + (v >>> 22) * 4, 4);                        // PDE
                if ((e & 1) == 0) {
                    return -1;
                }
                if ((e & 0x80) != 0) {
                    return (e & 0xffc00000L) | (v & 0x3fffff);                    // 4 MiB page
                }
                e = m.read((e & 0xfffff000L) + ((v >>> 12) & 1023) * 4, 4);     // PTE
                return (e & 1) == 0 ? -1 : (e & 0xfffff000L) | (v & 0xfff);
            }
            case "i386-pae": {
                long v = vaddr & 0xffffffffL;
                long mask = ((1L << 44) - 1) & ~0xfffL;
                long e = m.read(cr3 + (v >>> 30) * 8, 8);                        // PDPTE
                if ((e & 1) == 0) {
                    return -1;
                }
                e = m.read((e & mask) + ((v >>> 21) & 511) * 8, 8);             // PDE
                if ((e & 1) == 0) {
                    return -1;
                }
                if ((e & 0x80) != 0) {
                    return (e & mask & ~((1L << 21) - 1)) | (v & ((1L << 21) - 1));
                }
                e = m.read((e & mask) + ((v >>> 12) & 511) * 8, 8);             // PTE
                return (e & 1) == 0 ? -1 : (e & mask) | (v & 0xfff);
            }
            default:
                throw new IllegalArgumentException(mode);
        }
    }
}
