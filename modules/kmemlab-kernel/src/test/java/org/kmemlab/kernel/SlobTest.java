package org.kmemlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kmemlab.api.Gfp;
import org.kmemlab.api.KernelBug;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.PageFlags;
import org.kmemlab.api.SlabAllocator;
import org.kmemlab.api.Zone;

/** SLOB against reference §5.3. */
class SlobTest {
    private static Kernel boot() {
        return Machine.boot(MachineConfig.defaults().withRam(128L << 20).withModule("slab", "slob"));
    }

    private static long free(Kernel k) {
        return k.physmem().zones().stream().mapToLong(Zone::nrFreePages).sum();
    }

    @Test
    void kmallocKeepsTheSizeInAHeaderAndKsizeRoundsToUnits() {
        Kernel k = boot();
        assertEquals("slob", k.modules().get("slab"));
        long a = k.kmalloc(100, Gfp.GFP_KERNEL);
        assertEquals(100, k.ksize(a));
        assertEquals(100, k.read(a - 8, 4), "*m = size, align bytes before the object");
        assertEquals(102, k.ksize(k.kmalloc(101, Gfp.GFP_KERNEL)), "2-byte units");
        long b = k.kmalloc(5000, Gfp.GFP_KERNEL);
        assertTrue(k.pageFlag(k.virt_to_page(b), PageFlags.PG_head));
        assertEquals(5000, k.ksize(b), "the requested size, kept in page->private");
        assertEquals(SlabAllocator.ZERO_SIZE_PTR, k.kmalloc(0, Gfp.GFP_KERNEL));
        assertEquals(0, k.ksize(SlabAllocator.ZERO_SIZE_PTR));
        KernelBug nul = assertThrows(KernelBug.class, () -> k.ksize(0));
        assertTrue(nul.getMessage().startsWith("kernel BUG at mm/slob.c:543!"), nul.getMessage()); // BUG_ON(!block)
    }

    @Test
    void firstFitAndPagesGoBackAtOnce() {
        Kernel k = boot();
        long before = free(k);
        long a = k.kmalloc(40, Gfp.GFP_KERNEL);
        long b = k.kmalloc(40, Gfp.GFP_KERNEL);
        assertEquals(before - 1, free(k));
        assertTrue(Long.compareUnsigned(b, a) > 0 && b - a == 48, "the next block follows: 40 + 8-byte header");
        k.kfree(a);
        long c = k.kmalloc(16, Gfp.GFP_KERNEL);
        assertEquals(a, c, "first fit reuses the hole");
        k.kfree(b);
        k.kfree(c);
        assertEquals(before, free(k), "a page whose units all come back returns to the buddy allocator");
    }

    @Test
    void noSlabinfo() {
        Kernel k = boot();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> k.proc("slabinfo"));
        assertTrue(e.getMessage().contains("SLOB"));
        assertEquals(0, k.kmem_cache_shrink(k.kmem_cache_create("x", 32, 0, 0, null)));
    }

    @Test
    void cachesRunTheConstructorOnEveryAllocation() {
        Kernel k = boot();
        int[] calls = {0};
        SlabAllocator.KmemCache c = k.kmem_cache_create("obj", 48, 0, 0x2000, x -> calls[0]++);
        long o1 = k.kmem_cache_alloc(c, Gfp.GFP_KERNEL);
        assertEquals(0, o1 % 64, "SLAB_HWCACHE_ALIGN aligns to the cache line");
        k.kmem_cache_free(c, o1);
        k.kmem_cache_alloc(c, Gfp.GFP_KERNEL);
        assertEquals(2, calls[0]);
    }

    /** slobidx_t is s32 with 64 KiB pages (PAGE_SIZE > 32767 * 2): offsets past 64 KiB/2 units still fit. */
    @Test
    void sixtyFourKPagesUseFourByteUnits() {
        Kernel k = Machine.boot(MachineConfig.defaults().withRam(256L << 20).withPageSize(64 * 1024).withModule("slab", "slob"));
        long[] objs = new long[400];
        for (int i = 0; i < objs.length; i++) {
            objs[i] = k.kmalloc(100 + i, Gfp.GFP_KERNEL);
            assertTrue(objs[i] != 0);
        }
        assertEquals(104, k.ksize(k.kmalloc(101, Gfp.GFP_KERNEL)), "4-byte units");
        for (long o : objs) {
            k.kfree(o);
        }
    }

    /**
     * The kernel's SLOB spins forever on an in-page free list that loops (corruption such as a double kfree can
     * make one); kmemlab reports it instead of hanging. The loop is made by hand here: the freed block's next
     * offset is pointed at itself, then a request too big for that block walks the list.
     */
    @Test
    void aCorruptedFreeListIsReportedInsteadOfHanging() {
        Kernel k = Machine.boot(MachineConfig.defaults().withRam(64L << 20).withModule("slab", "slob"));
        long first = k.kmalloc(64, Gfp.GFP_KERNEL);
        long a = k.kmalloc(64, Gfp.GFP_KERNEL);
        long keep = k.kmalloc(64, Gfp.GFP_KERNEL);
        k.kfree(a);
        long m = a - 8;                                   // the block starts at the size header
        assertTrue((m & 4095) != 0 && first != 0, "an offset of 0 would mean 'last block', not a loop");
        long base = m & -4096L;
        k.write(m + 2, 2, (m - base) / 2);                // slob_t: units, then next as an offset in 2-byte units
        KernelBug bug = assertThrows(KernelBug.class, () -> {
            for (int i = 0; i < 1000; i++) {
                k.kmalloc(200, Gfp.GFP_KERNEL); // the other small-object pages fill up until the search reaches this one
            }
        });
        assertTrue(bug.report().startsWith("kmemlab: SLOB free list of page pfn:"), bug.report());
        assertTrue(bug.report().contains("it loops"), bug.report());
        assertTrue(keep != 0);
    }

    /** kfree of a large (page-backed) block twice: put_page_testzero's VM_BUG_ON under CONFIG_DEBUG_VM. */
    @Test
    void aDoubleKfreeOfALargeBlockIsPutPageTestzerosBug() {
        Kernel k = Machine.boot(MachineConfig.defaults().withRam(64L << 20).withModule("slab", "slob"));
        long big = k.kmalloc(3 * 4096, Gfp.GFP_KERNEL);
        k.kfree(big);
        KernelBug bug = assertThrows(KernelBug.class, () -> k.kfree(big));
        assertTrue(bug.report().contains("kernel BUG at include/linux/mm.h:260!"), bug.report());
    }
}
