package org.kmemlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.kmemlab.api.Gfp;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.PageFlags;
import org.kmemlab.api.SlabAllocator;
import org.kmemlab.api.Zone;

/** SLUB against reference §5.1 and §8: size classes, layout, large kmalloc, merging, slabinfo, double free. */
class SlubTest {
    private static Kernel boot(boolean debug) {
        return Machine.boot(MachineConfig.defaults().withRam(256L << 20).withDebug(debug));
    }

    private static SlabAllocator.SlabInfo row(Kernel k, String name) {
        @SuppressWarnings("unchecked")
        List<java.util.Map<String, Object>> rows = (List<java.util.Map<String, Object>>) k.view("slabinfo");
        return rows.stream().filter(r -> r.get("name").equals(name)).findFirst()
            .map(r -> new SlabAllocator.SlabInfo(name, (Long) r.get("active_objs"), (Long) r.get("num_objs"),
                (Long) r.get("objsize"), (Long) r.get("objperslab"), (Long) r.get("pagesperslab"), 0, 0, 0,
                (Long) r.get("active_slabs"), (Long) r.get("num_slabs"), 0))
            .orElse(null);
    }

    @Test
    void sizeClasses() {
        Kernel k = boot(false);
        long[][] cases = {{1, 8}, {8, 8}, {9, 16}, {24, 32}, {33, 64}, {65, 96}, {96, 96}, {97, 128}, {129, 192},
            {193, 256}, {1000, 1024}, {4097, 8192}, {8192, 8192}};
        for (long[] c : cases) {
            long a = k.kmalloc(c[0], Gfp.GFP_KERNEL);
            assertEquals(c[1], k.ksize(a), "ksize(kmalloc(" + c[0] + "))");
            long head = PageFlags.headOf(k.physmem().memMap(), k.virt_to_page(a));
            assertTrue(k.pageFlag(head, PageFlags.PG_slab), "PG_slab on the slab's head page");
        }
        assertEquals(SlabAllocator.ZERO_SIZE_PTR, k.kmalloc(0, Gfp.GFP_KERNEL));
        k.kfree(0);
        k.kfree(SlabAllocator.ZERO_SIZE_PTR);
        assertEquals(0, k.ksize(SlabAllocator.ZERO_SIZE_PTR));
    }

    @Test
    void largeKmallocGoesToThePageAllocator() {
        Kernel k = boot(false);
        long a = k.kmalloc(8193, Gfp.GFP_KERNEL);
        long page = k.virt_to_page(a);
        assertTrue(k.pageFlag(page, PageFlags.PG_head));
        assertEquals(4 * 4096, k.ksize(a));
        long free = k.physmem().zones().stream().mapToLong(Zone::nrFreePages).sum();
        k.kfree(a);
        assertEquals(free + 4, k.physmem().zones().stream().mapToLong(Zone::nrFreePages).sum());
        assertEquals(0, k.kmalloc((4L << 20) + 1, Gfp.GFP_KERNEL), "beyond KMALLOC_MAX_SIZE the page allocator says no");
        assertTrue(k.dmesg().contains("WARNING: at mm/page_alloc.c"));
    }

    @Test
    void debugLayoutOfKmalloc64() {
        // reference §5.1: objsize 64 -> 72 (red zone) = inuse, free pointer at 72 -> 80, +48 tracks -> 128, +8 -> 136
        Kernel k = boot(true);
        k.kmalloc(64, Gfp.GFP_KERNEL);
        SlabAllocator.SlabInfo r = row(k, "kmalloc-64");
        assertEquals(136, r.objsize());
        assertEquals(30, r.objperslab());
        assertEquals(1, r.pagesperslab());
        Kernel n = boot(false);
        n.kmalloc(64, Gfp.GFP_KERNEL);
        assertEquals(64, row(n, "kmalloc-64").objsize());
        assertEquals(64, row(n, "kmalloc-64").objperslab());
        assertEquals(8, row(n, "kmalloc-4096").pagesperslab(), "kmalloc-4096 gets order 3");
        assertEquals(4, row(n, "kmalloc-8192").objperslab());
    }

    @Test
    void slabinfoFormatAndOrder() {
        Kernel k = boot(false);
        String s = k.proc("slabinfo");
        assertTrue(s.startsWith("slabinfo - version: 2.1\n# name            <active_objs> <num_objs> <objsize> <objperslab> "
            + "<pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n"));
        String[] lines = s.split("\n");
        assertTrue(lines[lines.length - 1].startsWith("kmalloc-96 "));
        assertTrue(lines[lines.length - 2].startsWith("kmalloc-192 "));
        assertTrue(lines[lines.length - 3].startsWith("kmalloc-8 "));
        assertTrue(lines[lines.length - 4].startsWith("kmalloc-16 "));
        long a = k.kmalloc(32, Gfp.GFP_KERNEL);
        assertNotEquals(0, a);
        assertTrue(k.proc("slabinfo").contains(
            "kmalloc-32           128    128     32  128    1 : tunables    0    0    0 : slabdata      1      1      0\n"),
            k.proc("slabinfo"));
        assertEquals(4, ((Number) ((java.util.Map<?, ?>) k.view("meminfo")).get("Slab")).longValue());
    }

    @Test
    void mergingAndItsExceptions() {
        Kernel k = boot(false);
        assertEquals("kmalloc-64", k.kmem_cache_create("plain64", 64, 0, 0, null).name());
        assertEquals("kmalloc-64", k.kmem_cache_create("sixty", 60, 0, 0, null).name(), "64 - 64 < sizeof(void *)");
        assertEquals("ctor", k.kmem_cache_create("ctor", 64, 0, 0, a -> { }).name(), "a constructor prevents merging");
        assertEquals("poisoned", k.kmem_cache_create("poisoned", 64, 0, 0x800, null).name());
        assertEquals("dbg", boot(true).kmem_cache_create("dbg", 64, 0, 0, null).name(), "slub_debug caches never merge");
        String info = k.proc("slabinfo");
        assertTrue(!info.contains("plain64") && info.contains("ctor "));
    }

    @Test
    void constructorRunsOncePerObjectWhenTheSlabIsMade() {
        Kernel k = boot(false);
        int[] calls = {0};
        SlabAllocator.KmemCache c = k.kmem_cache_create("objs", 100, 0, 0, a -> {
            calls[0]++;
            k.write(a, 4, 0xabcdL);
        });
        long o = k.kmem_cache_alloc(c, Gfp.GFP_KERNEL);
        assertEquals(0xabcdL, k.read(o, 4));
        int perSlab = calls[0];
        assertTrue(perSlab > 1);
        k.kmem_cache_free(c, o);
        k.kmem_cache_alloc(c, Gfp.GFP_KERNEL);
        assertEquals(perSlab, calls[0], "no constructor call on reuse");
    }

    @Test
    void kfreeOfAPageThatIsNeitherSlabNorCompoundIsTheKernelsBug() {
        Kernel k = boot(false);
        long page = k.page_address(k.alloc_pages(Gfp.GFP_KERNEL, 0));
        org.kmemlab.api.KernelBug bug = org.junit.jupiter.api.Assertions.assertThrows(org.kmemlab.api.KernelBug.class,
            () -> k.kfree(page + 64));
        assertTrue(bug.getMessage().startsWith("kernel BUG at mm/slub.c:2835!"), bug.getMessage()); // as 2.6.34.7 printed it
        assertTrue(bug.getMessage().contains("kfree"), bug.getMessage());
        long compound = k.page_address(k.alloc_pages(Gfp.GFP_KERNEL | Gfp.__GFP_COMP, 1));
        long before = k.physmem().zones().stream().mapToLong(Zone::nrFreePages).sum();
        k.kfree(compound); // a compound page is kmalloc_large's: put_page frees it
        assertEquals(before + 2, k.physmem().zones().stream().mapToLong(Zone::nrFreePages).sum());
    }

    @Test
    void doubleFreeWithoutDebugCorruptsTheFreelist() {
        Kernel k = boot(false);
        long p = k.kmalloc(64, Gfp.GFP_KERNEL);
        k.kfree(p);
        k.kfree(p); // pushed twice: the freelist reads p -> p
        assertEquals(p, k.kmalloc(64, Gfp.GFP_KERNEL));
        assertEquals(p, k.kmalloc(64, Gfp.GFP_KERNEL), "two owners of one object");
        assertEquals("", k.tainted());
    }

    @Test
    void emptySlabsGoBackToThePageAllocator() {
        Kernel k = boot(false);
        long free0 = k.physmem().zones().stream().mapToLong(Zone::nrFreePages).sum();
        SlabAllocator.KmemCache c = k.kmem_cache_create("big", 2000, 0, 0, a -> { });
        long[] objs = new long[500];
        for (int i = 0; i < objs.length; i++) {
            objs[i] = k.kmem_cache_alloc(c, Gfp.GFP_KERNEL);
            assertNotEquals(0, objs[i]);
        }
        for (long o : objs) {
            k.kmem_cache_free(c, o);
        }
        k.kmem_cache_shrink(c);
        k.kmem_cache_destroy(c);
        assertEquals(free0, k.physmem().zones().stream().mapToLong(Zone::nrFreePages).sum(), "every slab page came back");
        assertEquals(0, ((Number) ((java.util.Map<?, ?>) k.view("meminfo")).get("Slab")).longValue());
        assertNull(row(k, "big"));
        assertNotNull(row(k, "kmalloc-8"));
    }

    @Test
    void kcallocOverflowAndKrealloc() {
        Kernel k = boot(false);
        assertEquals(0, k.kcalloc(1L << 62, 8, Gfp.GFP_KERNEL));
        long a = k.kcalloc(10, 10, Gfp.GFP_KERNEL);
        assertEquals(0, k.memchr_inv(a, 0, 100));
        k.write(a, 8, 0x0123456789abcdefL);
        assertEquals(a, k.krealloc(a, 120, Gfp.GFP_KERNEL), "ksize(a) is 128: no move");
        long b = k.krealloc(a, 1000, Gfp.GFP_KERNEL);
        assertNotEquals(a, b);
        assertEquals(0x0123456789abcdefL, k.read(b, 8));
        assertEquals(SlabAllocator.ZERO_SIZE_PTR, k.krealloc(b, 0, Gfp.GFP_KERNEL));
    }

    @Test
    void debugReportsADoubleFreeWithTheKernelsTrailer() {
        Kernel k = boot(true);
        long a = k.kmalloc(64, Gfp.GFP_KERNEL);
        String page = Long.toHexString(org.kmemlab.api.Reports.structPageAddress(k.profile(), k.virt_to_page(a)));
        k.kfree(a);
        org.kmemlab.api.KernelBug bug = org.junit.jupiter.api.Assertions.assertThrows(org.kmemlab.api.KernelBug.class,
            () -> k.kfree(a));
        String m = bug.getMessage();
        assertTrue(m.startsWith("BUG kmalloc-64: Object already free\n" + "-".repeat(77) + "\n\n"), m);
        assertTrue(m.contains("INFO: Allocated in scenario_init+0x1e/0x200 age=0 cpu=0 pid=1000\n"), m);
        assertTrue(m.contains("INFO: Slab 0x" + page + " objects=30 used=0 fp=0x" + Long.toHexString(a) + " flags=0x"), m);
        assertTrue(m.contains("INFO: Object 0x" + Long.toHexString(a) + " @offset=0 fp=0x"), m);
        assertTrue(m.contains("  Object 0x" + Long.toHexString(a) + ":  6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b kkkkkkkkkkkkkkkk\n"), m);
        assertTrue(m.contains(" Redzone 0x" + Long.toHexString(a + 64) + ":  bb bb bb bb bb bb bb bb                         \u00bb\u00bb\u00bb\u00bb\u00bb\u00bb\u00bb\u00bb        \n"), m);
        assertTrue(m.endsWith("FIX kmalloc-64: Object at 0x" + Long.toHexString(a) + " not freed\n"), m);
        assertTrue(k.dmesg().contains("=".repeat(77) + "\nBUG kmalloc-64: Object already free\n"));
    }

    @Test
    void debugCatchesRedZoneAndPoisonDamage() {
        Kernel k = boot(true);
        long a = k.kmalloc(64, Gfp.GFP_KERNEL);
        k.write(a + 64, 1, 0x41);
        org.kmemlab.api.KernelBug rz = org.junit.jupiter.api.Assertions.assertThrows(org.kmemlab.api.KernelBug.class,
            () -> k.kfree(a));
        assertTrue(rz.getMessage().startsWith("BUG kmalloc-64: Redzone overwritten\n"));
        assertTrue(rz.getMessage().contains("INFO: 0x" + Long.toHexString(a + 64) + "-0x" + Long.toHexString(a + 64)
            + ". First byte 0x41 instead of 0xcc\n"), rz.getMessage());
        long b = k.kmalloc(64, Gfp.GFP_KERNEL);
        assertEquals(0x6b6b6b6bL, k.read(b, 4), "a poisoned cache hands out 0x6b bytes");
        k.kfree(b);
        k.write(b + 8, 1, 0x00); // use after free
        org.kmemlab.api.KernelBug poison = null;
        for (int i = 0; i < 64 && poison == null; i++) {
            try {
                k.kmalloc(64, Gfp.GFP_KERNEL);
            } catch (org.kmemlab.api.KernelBug e) {
                poison = e;
            }
        }
        assertNotNull(poison, "the damaged free object is checked when it is handed out again");
        assertTrue(poison.getMessage().startsWith("BUG kmalloc-64: Poison overwritten\n"), poison.getMessage());
    }

    @Test
    void kmemTracepoints() {
        Kernel k = boot(false);
        List<String> seen = new java.util.ArrayList<>();
        k.events().subscribe(e -> seen.add(e.name()));
        long a = k.kmalloc(40, Gfp.GFP_KERNEL);
        k.kfree(a);
        SlabAllocator.KmemCache c = k.kmem_cache_create("ev", 300, 0, 0, x -> { });
        k.kmem_cache_free(c, k.kmem_cache_alloc(c, Gfp.GFP_KERNEL));
        assertTrue(seen.containsAll(List.of("kmalloc", "kfree", "kmem_cache_alloc", "kmem_cache_free", "mm_page_alloc")), seen.toString());
    }

    @Test
    void destroyingACacheWithLiveObjects() {
        Kernel k = boot(true);
        SlabAllocator.KmemCache c = k.kmem_cache_create("leaky", 200, 0, 0, null);
        long a = k.kmem_cache_alloc(c, Gfp.GFP_KERNEL);
        k.kmem_cache_alloc(c, Gfp.GFP_KERNEL);
        k.kmem_cache_free(c, a);
        org.kmemlab.api.KernelBug bug = org.junit.jupiter.api.Assertions.assertThrows(org.kmemlab.api.KernelBug.class,
            () -> k.kmem_cache_destroy(c));
        assertTrue(bug.getMessage().startsWith("BUG leaky: Objects remaining on kmem_cache_close()\n"), bug.getMessage());
        assertTrue(bug.getMessage().contains("INFO: Object 0x"), bug.getMessage());
        assertTrue(k.dmesg().contains("SLUB leaky: kmem_cache_destroy called for cache that still has objects.\n"));
        assertNull(row(k, "leaky"), "unregistered all the same (its slabs leak)");
        Kernel n = boot(false);
        SlabAllocator.KmemCache d = n.kmem_cache_create("leaky2", 200, 0, 0, x -> { });
        n.kmem_cache_alloc(d, Gfp.GFP_KERNEL);
        n.kmem_cache_destroy(d); // production: only the log says so
        assertTrue(n.dmesg().contains("SLUB leaky2: kmem_cache_destroy called for cache that still has objects."));
    }

    @Test
    void dmaKmallocCachesAreCreatedOnFirstUse() {
        Kernel k = boot(false);
        assertNull(row(k, "kmalloc_dma-128"));
        long a = k.kmalloc(100, Gfp.GFP_KERNEL | Gfp.GFP_DMA);
        assertEquals(0, k.page_zonenum(k.virt_to_page(a)), "DMA slab pages come from ZONE_DMA");
        assertNotNull(row(k, "kmalloc_dma-128"));
        assertEquals(128, k.ksize(a));
        k.kfree(a);
    }

    @Test
    void slubNomergeTurnsMergingOff() {
        Kernel k = Machine.boot(MachineConfig.defaults().withDebug(false).withCmdline("slub_nomerge"));
        assertEquals("plain64", k.kmem_cache_create("plain64", 64, 0, 0, null).name());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> MachineConfig.defaults().withCmdline("slub_merge_harder"));
    }
}
