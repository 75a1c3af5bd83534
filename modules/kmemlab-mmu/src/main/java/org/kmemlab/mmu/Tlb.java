package org.kmemlab.mmu;

import java.util.Arrays;

/**
 * A direct-mapped translation cache of 4 KiB virtual page → physical page, in front of the page-table walk.
 * It holds only present translations and is flushed wherever the kernel flushes (every PTE change goes
 * through {@link X86Mmu}), so it never changes what an access sees: it only makes repeated access cheap.
 */
final class Tlb {
    private static final int ENTRIES = 1024;
    private final long[] tag = new long[ENTRIES];  // vpn + 1; 0 = empty
    private final long[] frame = new long[ENTRIES]; // physical address of the 4 KiB page

    /** The physical page base for vpn, or −1 on a miss. */
    long lookup(long vpn) {
        int i = (int) vpn & (ENTRIES - 1);
        return tag[i] == vpn + 1 ? frame[i] : -1;
    }

    void fill(long vpn, long pagePa) {
        int i = (int) vpn & (ENTRIES - 1);
        tag[i] = vpn + 1;
        frame[i] = pagePa;
    }

    /** flush_tlb_kernel_range() over [vpn, vpn + n). */
    void flush(long vpn, long n) {
        if (n >= ENTRIES) {
            flushAll();
            return;
        }
        for (long k = 0; k < n; k++) {
            int i = (int) (vpn + k) & (ENTRIES - 1);
            if (tag[i] == vpn + k + 1) {
                tag[i] = 0;
            }
        }
    }

    void flushAll() {
        Arrays.fill(tag, 0);
    }
}
