package org.kmemlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kmemlab.api.Gfp;
import org.kmemlab.api.KernelBug;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.PageFlags;
import org.kmemlab.api.SlabAllocator;

/** SLAB (slab=slab) against reference §5.2. */
class SlabAllocatorTest {
    private static Kernel boot() {
        return Machine.boot(MachineConfig.defaults().withRam(256L << 20).withModule("slab", "slab").withDebug(false));
    }

    private static String line(Kernel k, String name) {
        for (String l : k.proc("slabinfo").split("\n")) {
            if (l.startsWith(name + " ")) {
                return l;
            }
        }
        return null;
    }

    @Test
    void generalCachesAndSizes() {
        Kernel k = boot();
        String info = k.proc("slabinfo");
        assertTrue(info.startsWith("slabinfo - version: 2.1\n"));
        assertTrue(info.contains("\nsize-32 ") && info.contains("\nsize-192 ") && info.contains("\nsize-4194304 "));
        assertTrue(info.contains("\nsize-32(DMA) "));
        assertFalse(info.contains("\nsize-96 "), "no size-96 with 64-byte cache lines");
        assertTrue(info.strip().endsWith(line(k, "kmem_cache").strip()), "cache_cache is the oldest: last line");
        assertEquals(128, k.ksize(k.kmalloc(100, Gfp.GFP_KERNEL)));
        assertEquals(192, k.ksize(k.kmalloc(129, Gfp.GFP_KERNEL)));
        assertEquals(0, k.kmalloc((4L << 20) + 1, Gfp.GFP_KERNEL), "beyond KMALLOC_MAX_SIZE: NULL");
        assertEquals(SlabAllocator.ZERO_SIZE_PTR, k.kmalloc(0, Gfp.GFP_KERNEL));
    }

    @Test
    void tunablesFollowEnableCpucache() {
        Kernel k = boot();
        assertTrue(line(k, "size-32").contains(" : tunables  120   60    0 : "), line(k, "size-32"));
        assertTrue(line(k, "size-512").contains(" : tunables   54   27    0 : "), line(k, "size-512"));
        assertTrue(line(k, "size-2048").contains(" : tunables   24   12    0 : "), line(k, "size-2048"));
        assertTrue(line(k, "size-8192").contains(" : tunables    8    4    0 : "), line(k, "size-8192"));
        assertTrue(line(k, "size-262144").contains(" : tunables    1    1    0 : "), line(k, "size-262144"));
    }

    @Test
    void everyPageOfASlabIsPageSlabAndNotCompound() {
        Kernel k = boot();
        long a = k.kmalloc(8192, Gfp.GFP_KERNEL);
        long pfn = k.virt_to_page(a);
        assertTrue(k.pageFlag(pfn, PageFlags.PG_slab));
        assertTrue(k.pageFlag(pfn + 1, PageFlags.PG_slab));
        assertFalse(k.pageFlag(pfn, PageFlags.PG_head), "SLAB does not ask for __GFP_COMP");
        k.kfree(a);
    }

    @Test
    void arrayCacheHoldsFreedObjects() {
        Kernel k = boot();
        long a = k.kmalloc(32, Gfp.GFP_KERNEL);
        k.kfree(a);
        assertEquals(a, k.kmalloc(32, Gfp.GFP_KERNEL), "LIFO through the per-CPU array cache");
    }

    @Test
    void duplicateNamesAndDestroyWithObjects() {
        Kernel k = boot();
        SlabAllocator.KmemCache c = k.kmem_cache_create("thing", 100, 0, 0, null);
        assertEquals("thing", c.name(), "SLAB never merges");
        assertNull(k.kmem_cache_create("thing", 50, 0, 0, null));
        assertTrue(k.dmesg().contains("kmem_cache_create: duplicate cache thing\n"));
        long o = k.kmem_cache_alloc(c, Gfp.GFP_KERNEL);
        k.kmem_cache_destroy(c);
        assertTrue(k.dmesg().contains("slab error in kmem_cache_destroy(): cache `thing': Can't free all objects\n"));
        assertTrue(line(k, "thing") != null, "the cache stays");
        k.kmem_cache_free(c, o);
        k.kmem_cache_destroy(c);
        assertNull(line(k, "thing"));
    }

    private static Kernel bootDebug() {
        return Machine.boot(MachineConfig.defaults().withRam(256L << 20).withModule("slab", "slab").withDebug(true));
    }

    @Test
    void debugSlabRedZonesCatchADoubleFreeAndAnOverflow() {
        Kernel k = bootDebug();
        long a = k.kmalloc(64, Gfp.GFP_KERNEL);
        assertEquals(64, k.ksize(a), "obj_size, without the debug words");
        assertEquals(0x5a, k.read(a, 1), "POISON_INUSE in a fresh object");
        k.kfree(a);
        KernelBug bug = assertThrows(KernelBug.class,
            () -> k.kfree(a));
        assertTrue(bug.getMessage().startsWith(
            "slab error in verify_redzone_free(): cache `size-64': double free detected\n"), bug.getMessage());
        assertTrue(bug.getMessage().contains(": redzone 1:0x9f911029d74e35b, redzone 2:0x9f911029d74e35b.\n"), bug.getMessage());
        long b = k.kmalloc(64, Gfp.GFP_KERNEL);
        k.write(b + 64, 1, 0);
        KernelBug over = assertThrows(KernelBug.class,
            () -> k.kfree(b));
        assertTrue(over.getMessage().contains("memory outside object was overwritten"), over.getMessage());
        assertTrue(line(k, "size-64").contains(" : tunables   32   16    0 : "), "DEBUG caps the array cache at 32");
    }

    @Test
    void debugSlabFindsPoisonDamageAtAllocation() {
        Kernel k = bootDebug();
        long a = k.kmalloc(128, Gfp.GFP_KERNEL);
        k.kfree(a);
        k.write(a + 17, 1, 0x6a); // one flipped bit in a free object
        KernelBug bug = null;
        for (int i = 0; i < 200 && bug == null; i++) {
            try {
                k.kmalloc(128, Gfp.GFP_KERNEL);
            } catch (KernelBug e) {
                bug = e;
            }
        }
        org.junit.jupiter.api.Assertions.assertNotNull(bug);
        assertTrue(bug.getMessage().startsWith("Slab corruption: size-128 start=" + Long.toHexString(a) + ", len=128\n"),
            bug.getMessage());
        assertTrue(bug.getMessage().contains("\n010: 6b 6a 6b"), bug.getMessage());
        assertTrue(bug.getMessage().contains("Single bit error detected. Probably bad RAM.\n"));
    }

    @Test
    void freeingToTheWrongCacheOrANonSlabPageIsTheKernelsBug() {
        Kernel k = boot();
        var a = k.kmem_cache_create("first", 64, 0, 0, null);
        var b = k.kmem_cache_create("second", 200, 0, 0, null);
        long obj = k.kmem_cache_alloc(a, Gfp.GFP_KERNEL);
        KernelBug wrong = assertThrows(KernelBug.class,
            () -> k.kmem_cache_free(b, obj));
        assertTrue(wrong.getMessage().startsWith("kernel BUG at mm/slab.c:2864!"),
            wrong.getMessage());
        assertTrue(wrong.getMessage().contains("cache_free_debugcheck"), wrong.getMessage());
        long page = k.page_address(k.alloc_pages(Gfp.GFP_KERNEL, 0));
        KernelBug notSlab = assertThrows(KernelBug.class, () -> k.kfree(page + 64));
        assertTrue(notSlab.getMessage().startsWith("kernel BUG at mm/slab.c:521!"),
            notSlab.getMessage());
        KernelBug nul = assertThrows(KernelBug.class, () -> k.ksize(0));
        assertTrue(nul.getMessage().startsWith("kernel BUG at mm/slab.c:4520!"), nul.getMessage()); // BUG_ON(!objp)
    }
}
