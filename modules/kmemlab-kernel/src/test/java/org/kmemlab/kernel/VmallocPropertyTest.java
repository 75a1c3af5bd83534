package org.kmemlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kmemlab.api.Gfp;
import org.kmemlab.api.KernelBug;
import org.kmemlab.api.VmallocAllocator;

/**
 * Random vmalloc/vzalloc/vfree/vmap/vunmap/purge sequences with the vmalloc invariants checked after every
 * step (areas disjoint and in range, guard pages unmapped, every mapped pte on a referenced page that
 * the independent walk agrees on), and no page leaked once everything is freed.
 */
class VmallocPropertyTest {
    private static final int STEPS = 1500;

    @ParameterizedTest
    @CsvSource({"x86_64,x86_64,true,1", "x86_64,x86_64,false,2", "i386,i386,true,3", "i386,i386-pae,false,4",
        "x86_64,x86_64,false,5"})
    void randomSequencesKeepTheInvariants(String profile, String mmu, boolean debug, long seed) {
        Kernel k = MmuTest.boot(profile, mmu, profile.equals("i386") ? "2G" : "1G", debug);
        VmallocAllocator vm = vmallocOf(k);
        long freeBefore = freeKb(k);
        long slabBefore = (Long) meminfo(k).get("Slab");
        long tablesBefore = tables(k);
        Random r = new Random(seed);
        Map<Long, long[]> vmapped = new HashMap<>(); // vmap address → the caller's pages
        List<Long> vmalloced = new ArrayList<>();
        for (int step = 0; step < STEPS; step++) {
            int op = r.nextInt(10);
            if (op < 5) {
                long size = 1 + r.nextInt(r.nextInt(8) == 0 ? 200_000 : 20_000);
                long expected = ((org.kmemlab.vmalloc.LinuxVmalloc) vm).firstFitReference(size);
                long a = r.nextBoolean() ? k.vmalloc(size) : k.vzalloc(size);
                long ptrsPerPage = 4096 / (k.profile().is64 ? 8 : 4);
                if (a != 0 && (size + 4095) / 4096 <= ptrsPerPage) { // pages[] kmalloc'ed, not vmalloc'ed first
                    assertEquals(expected, a, "first fit");
                }
                if (a != 0) {
                    vmalloced.add(a);
                }
            } else if (op < 8 && !vmalloced.isEmpty()) {
                k.vfree(vmalloced.remove(r.nextInt(vmalloced.size())));
            } else if (op == 8) {
                if (r.nextBoolean() || vmapped.isEmpty()) {
                    long[] pgs = new long[1 + r.nextInt(4)];
                    for (int i = 0; i < pgs.length; i++) {
                        pgs[i] = k.alloc_page(Gfp.GFP_KERNEL | Gfp.__GFP_HIGHMEM);
                    }
                    long a = k.vmap(pgs, VmallocAllocator.VM_MAP, 0);
                    vmapped.put(a, pgs);
                } else {
                    long a = vmapped.keySet().iterator().next();
                    k.vunmap(a);
                    for (long pg : vmapped.remove(a)) {
                        k.__free_page(pg);
                    }
                }
            } else {
                k.purge_vmap_area_lazy();
            }
            check(k, vm, vmapped);
        }
        for (long a : vmalloced) {
            k.vfree(a);
        }
        for (Map.Entry<Long, long[]> e : vmapped.entrySet()) {
            k.vunmap(e.getKey());
            for (long pg : e.getValue()) {
                k.__free_page(pg);
            }
        }
        k.purge_vmap_area_lazy();
        assertEquals(List.of(), vm.areas());
        long slabGrowth = (Long) meminfo(k).get("Slab") - slabBefore;
        long tableGrowth = (tables(k) - tablesBefore) * 4; // kernel page tables are never freed (as in 2.6.34)
        assertEquals(freeBefore, freeKb(k) + slabGrowth + tableGrowth, "pages leaked");
        BuddyInvariants.check(k, kernelHeld(k));
    }

    /** Blocks the kernel itself holds: slab pages, and page-table pages reachable from CR3 that are not reserved. */
    static Map<Long, Integer> kernelHeld(Kernel k) {
        org.kmemlab.api.MemMap map = k.physmem().memMap();
        Map<Long, Integer> held = new HashMap<>();
        for (long pfn = 0; pfn < map.nrPages(); pfn++) {
            if (map.test(pfn, org.kmemlab.api.PageFlags.PG_slab) && !map.test(pfn, org.kmemlab.api.PageFlags.PG_tail)) {
                held.put(pfn, map.test(pfn, org.kmemlab.api.PageFlags.PG_head) ? org.kmemlab.api.PageFlags.compoundOrder(map, pfn) : 0);
            }
        }
        collectTables(k, k.read_cr3(), 0, held);
        return held;
    }

    private static void collectTables(Kernel k, long tablePa, int level, Map<Long, Integer> held) {
        boolean is64 = k.mmu().mode().equals("x86_64");
        int depth = is64 ? 4 : k.mmu().mode().equals("i386") ? 2 : 3;
        if (!k.pageFlag(tablePa >>> 12, org.kmemlab.api.PageFlags.PG_reserved)) {
            held.put(tablePa >>> 12, 0);
        }
        if (level == depth - 1) {
            return;
        }
        int es = k.mmu().mode().equals("i386") ? 4 : 8;
        int n = k.mmu().mode().equals("i386-pae") && level == 0 ? 4 : 4096 / es;
        for (int i = 0; i < n; i++) {
            long e = k.physmem().read(tablePa + (long) i * es, es);
            if ((e & 1) != 0 && (e & 0x80) == 0) { // present and not a large page
                collectTables(k, e & 0x000ffffffffff000L, level + 1, held);
            }
        }
    }

    private static void check(Kernel k, VmallocAllocator vm, Map<Long, long[]> vmapped) {
        long prevEnd = k.profile().vmallocStart;
        Set<Long> frames = new HashSet<>();
        for (VmallocAllocator.VmArea a : vm.areas()) {
            assertTrue(Long.compareUnsigned(a.start(), prevEnd) >= 0, "areas overlap or are out of order");
            long end = a.start() + a.size();
            assertTrue(Long.compareUnsigned(end - 1, k.profile().vmallocEnd) <= 0, "area beyond VMALLOC_END");
            assertEquals(-1, k.translate(end - 4096), "guard page mapped");
            long[] pfns = a.flags().contains("vmap") ? vmapped.get(a.start()) : a.pfns();
            assertEquals(a.size() - 4096, (long) pfns.length << 12, "size = pages + guard page");
            for (int i = 0; i < pfns.length; i++) {
                long va = a.start() + ((long) i << 12);
                assertEquals(pfns[i] << 12, k.translate(va));
                assertEquals(IndependentWalk.translate(k, va), k.translate(va));
                assertTrue(k.page_count(pfns[i]) > 0, "a mapped pte points to a free page");
                if (!a.flags().contains("vmap")) {
                    assertTrue(frames.add(pfns[i]), "a page is in two vmalloc areas");
                }
            }
            prevEnd = end;
        }
    }

    @Test
    void placementFreeingAndReports() {
        Kernel k = MmuTest.boot("x86_64", "x86_64", "1G", false);
        long a = k.vmalloc(4096);
        long b = k.vmalloc(4096);
        assertEquals(0xffffc90000000000L, a);
        assertEquals(0xffffc90000003000L, b); // guard page + the one-page hole (reference §6)
        long c = k.vmalloc(10000);
        assertTrue(k.proc("vmallocinfo").contains(String.format("0x%016x-0x%016x   16384 ", c, c + 16384)));
        assertTrue(k.proc("vmallocinfo").contains(" pages=3 vmalloc\n"));
        k.write(a, 8, 42);
        long pfn = k.vmalloc_to_pfn(a);
        k.vfree(a);
        assertEquals(42, k.read(a, 8), "production: the PTE stays until the lazy purge");
        assertEquals(pfn, k.vmalloc_to_pfn(a));
        KernelBug oops = assertThrows(KernelBug.class, () -> k.vfree(a));
        assertTrue(oops.getMessage().startsWith("BUG: unable to handle kernel NULL pointer dereference at (null)"));
        k.purge_vmap_area_lazy();
        assertEquals(-1, k.translate(a));
        KernelBug warn = assertThrows(KernelBug.class, () -> k.vfree(a));
        assertTrue(warn.getMessage().startsWith("Trying to vfree() nonexistent vm area (ffffc90000000000)\n"), warn.getMessage());
        assertTrue(k.dmesg().contains("WARNING: at mm/vmalloc.c:1367 __vunmap+0x1e/0x200()\nTrying to vfree() nonexistent"));
        KernelBug bad = assertThrows(KernelBug.class, () -> k.vfree(b + 8));
        assertTrue(bad.getMessage().startsWith("Trying to vfree() bad address (ffffc90000003008)"));
        k.vfree(0);
        assertEquals(0, k.vmalloc(0));
    }

    @Test
    void debugUnmapsAtVfreeAndExhaustionWarns() {
        Kernel k = MmuTest.boot("i386", "i386", "1G", true);
        long a = k.vmalloc(3 * 4096);
        k.vfree(a);
        KernelBug f = assertThrows(KernelBug.class, () -> k.read(a, 1));
        assertTrue(f.getMessage().startsWith("BUG: unable to handle kernel paging request at " + Long.toHexString(a)));
        long total = k.profile().vmallocEnd - k.profile().vmallocStart;
        assertEquals(0, k.vmalloc(total)); // size + guard page cannot fit
        assertTrue(k.dmesg().contains("vmap allocation for size " + (total + 4096) + " failed: use vmalloc=<size> to increase size.\n"));
    }

    private static VmallocAllocator vmallocOf(Kernel k) {
        return ((LinuxKernel) k).vmallocSlot();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> meminfo(Kernel k) {
        return (Map<String, Object>) k.view("meminfo");
    }

    private static long freeKb(Kernel k) {
        return (Long) meminfo(k).get("MemFree");
    }

    private static long tables(Kernel k) {
        return k.mmu().pageTablePages().values().stream().mapToLong(Long::longValue).sum();
    }
}
