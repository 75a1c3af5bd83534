package org.kmemlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kmemlab.api.Gfp;
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
}
