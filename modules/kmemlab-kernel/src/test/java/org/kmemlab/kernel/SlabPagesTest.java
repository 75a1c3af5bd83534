package org.kmemlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kmemlab.api.Gfp;
import org.kmemlab.api.KernelBug;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.slab.SlabPages;

/** SlabPages: object memory through the page tables, memchr_inv across page and word boundaries. */
class SlabPagesTest {
    @Test
    void memchrInvFindsTheFirstOddByteAnywhere() {
        Kernel k = Machine.boot(MachineConfig.defaults().withRam(64L << 20).withDebug(true));
        SlabPages sp = new SlabPages(k.physmem(), ((LinuxKernel) k).pageAllocator());
        sp.useMmu(k.mmu(), new org.kmemlab.api.KernelLog());
        long page = k.alloc_pages(Gfp.GFP_KERNEL, 1);
        long va = k.page_address(page);
        long start = va + 4096 - 37;            // unaligned, crossing into the second page
        int n = 100;
        sp.fill(start, 0x6b, n);
        assertEquals(-1, sp.memchrInv(start, 0x6b, n));
        assertEquals(0, sp.memchrInv(start, 0xa5, n));
        for (int at = 0; at < n; at++) {
            sp.write(start + at, 1, 0x6a);
            assertEquals(at, sp.memchrInv(start, 0x6b, n), "odd byte at " + at);
            assertEquals(-1, sp.memchrInv(start, 0x6b, at), "range ending before it");
            sp.write(start + at, 1, 0x6b);
        }
        sp.fill(start, 0xcc, n);                // a value with the sign bit set in every byte
        assertEquals(-1, sp.memchrInv(start, 0xcc, n));
        k.mmu().kernelMapPages(page + 1, 1, false);
        KernelBug bug = assertThrows(KernelBug.class, () -> sp.memchrInv(start, 0xcc, n));
        assertTrue(bug.report().contains(Long.toHexString(va + 4096)), bug.report());
    }
}
