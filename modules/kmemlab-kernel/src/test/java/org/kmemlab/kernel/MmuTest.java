package org.kmemlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.kmemlab.api.Gfp;
import org.kmemlab.api.KernelBug;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.Mmu;

/** The mmu slot: translations against an independent walk, the boot direct map, DEBUG_PAGEALLOC, highmem. */
class MmuTest {
    static Kernel boot(String profile, String mmu, String ram, boolean debug) {
        MachineConfig c = MachineConfig.defaults().withDebug(debug).withRam(org.kmemlab.api.Profile.parseSize("ram", ram));
        if (!profile.equals("x86_64")) {
            c = c.withProfile(profile);
        }
        return Machine.boot(c.withModule("mmu", mmu));
    }

    /** Addresses worth translating: direct map (free and allocated pages), vmalloc, kernel text, holes, junk. */
    private static void checkAll(Kernel k, long seed) {
        Random r = new Random(seed);
        long lowBytes = k.profile().maxLowPfn << 12;
        for (int i = 0; i < 3000; i++) {
            long pa = (r.nextLong() & Long.MAX_VALUE) % lowBytes;
            check(k, k.profile().pageOffset + pa);
        }
        long v = k.vmalloc(5 * 4096 + 100);
        for (long off = -4096; off < 8 * 4096; off += 1021) {
            check(k, v + off);
        }
        for (long a : new long[] {0, 4096, k.profile().vmallocStart, k.profile().vmallocEnd, -1L, 0x00007fffffffffffL,
            0x0000800000000000L, 0xffffffff81000000L, 0xffffffff80000000L, 0xffffffffff5fe000L, 0xff800000L, 0xfffba000L}) {
            check(k, a);
        }
        k.vfree(v);
        check(k, v);
    }

    private static void check(Kernel k, long vaddr) {
        long expected = IndependentWalk.translate(k, vaddr);
        assertEquals(expected, k.translate(vaddr), () -> "translate(" + Long.toHexString(vaddr) + ")");
        List<Mmu.WalkStep> steps = k.walk(vaddr);
        if (expected >= 0) {
            Mmu.WalkStep last = steps.get(steps.size() - 1);
            assertTrue(last.flags().contains("present"), () -> Long.toHexString(vaddr) + " " + steps);
            assertTrue(last.name().equals("pte") || last.flags().contains("pse"), steps::toString);
        }
    }

    @ParameterizedTest
    @CsvSource({"x86_64,x86_64,1G,true", "x86_64,x86_64,1G,false", "x86_64,x86_64,6G,false", "x86_64,x86_64,2G,true",
        "i386,i386,2G,true", "i386,i386,2G,false", "i386,i386-pae,2G,true", "i386,i386-pae,2G,false", "i386,i386,512M,false"})
    void everyTranslationMatchesAnIndependentWalk(String profile, String mmu, String ram, boolean debug) {
        Kernel k = boot(profile, mmu, ram, debug);
        checkAll(k, ram.hashCode() * 31L + (debug ? 1 : 0));
        // pages handed out and freed change the direct map only under DEBUG_PAGEALLOC
        long page = k.alloc_pages(Gfp.GFP_KERNEL, 2);
        long va = k.page_address(page);
        assertEquals(page << 12, k.translate(va));
        k.__free_pages(page, 2);
        assertEquals(debug ? -1 : page << 12, k.translate(va));
        assertEquals(IndependentWalk.translate(k, va), k.translate(va));
    }

    /** The slab allocators reach object memory through the page tables: a slab page the direct map lost faults. */
    @ParameterizedTest
    @CsvSource({"slub,x86_64,x86_64", "slab,x86_64,x86_64", "slob,x86_64,x86_64", "slub,i386,i386", "slab,i386,i386-pae"})
    void slabObjectMemoryGoesThroughThePageTables(String slab, String profile, String mmu) {
        MachineConfig c = MachineConfig.defaults().withDebug(true).withModule("slab", slab).withModule("mmu", mmu);
        Kernel k = Machine.boot(profile.equals("x86_64") ? c : c.withProfile(profile));
        long a = k.kmalloc(64, Gfp.GFP_KERNEL);
        long b = k.kmalloc(64, Gfp.GFP_KERNEL);
        k.kfree(b);                                // fine while mapped
        long pfn = k.virt_to_page(a);
        k.mmu().kernelMapPages(pfn, 1, false);     // as if someone cleared the direct-map pte
        KernelBug bug = assertThrows(KernelBug.class, () -> k.kfree(a));
        String addr = Long.toHexString(k.profile().is64 ? a : a & 0xffffffffL);
        assertTrue(bug.report().startsWith("BUG: unable to handle kernel paging request at "), bug.report());
        assertTrue(bug.report().contains(addr.substring(0, addr.length() - 3)), bug.report());
        k.mmu().kernelMapPages(pfn, 1, true);
        k.kfree(a);                                // the state was not corrupted by the fault
    }

    @Test
    void walkNamesLevelsAndStopsAtLargePages() {
        Kernel k = boot("x86_64", "x86_64", "1G", false);
        List<Mmu.WalkStep> w = k.walk(0xffff880012345678L);
        assertEquals(List.of("pgd", "pud", "pmd"), w.stream().map(Mmu.WalkStep::name).toList());
        assertEquals(List.of(0x110, 0, 0x91), w.stream().map(Mmu.WalkStep::index).toList()); // reference §7 example
        assertEquals(0x12200000L | 0x1e3, w.get(2).entry()); // level2_ident_pgt: __PAGE_KERNEL_IDENT_LARGE_EXEC
        assertTrue(w.get(2).flags().contains("pse"));
        Kernel d = boot("x86_64", "x86_64", "1G", true);
        List<Mmu.WalkStep> wd = d.walk(0xffff880012345678L);
        assertEquals(List.of("pgd", "pud", "pmd", "pte"), wd.stream().map(Mmu.WalkStep::name).toList());
        assertEquals(0x145, wd.get(3).index());
        Kernel i = boot("i386", "i386", "1G", false);
        assertEquals(List.of("pgd", "pte"), i.walk(0xc0001000L).stream().map(Mmu.WalkStep::name).toList());
        assertEquals(List.of("pgd"), i.walk(0xc8000000L).stream().map(Mmu.WalkStep::name).toList()); // a 4 MiB page
        Kernel pae = boot("i386", "i386-pae", "1G", false);
        List<Mmu.WalkStep> wp = pae.walk(0xc8000000L);
        assertEquals(List.of("pgd", "pmd"), wp.stream().map(Mmu.WalkStep::name).toList());
        assertEquals(List.of("present"), wp.get(0).flags()); // a PAE PDPT entry holds only P
        assertTrue(wp.get(1).flags().contains("nx"));
    }

    @ParameterizedTest
    @CsvSource({"x86_64,x86_64,1G,false,0,DirectMap2M,1048576", "x86_64,x86_64,1G,true,1048576,DirectMap2M,0",
        "i386,i386,2G,false,8184,DirectMap4M,901120", "i386,i386-pae,2G,false,4088,DirectMap2M,905216",
        "i386,i386,2G,true,909304,DirectMap4M,0"})
    void directMapLinesInMeminfo(String profile, String mmu, String ram, boolean debug, long k4, String largeKey, long large) {
        Kernel k = boot(profile, mmu, ram, debug);
        @SuppressWarnings("unchecked")
        Map<String, Object> mi = (Map<String, Object>) k.view("meminfo");
        assertEquals(k4, mi.get("DirectMap4k"));
        assertEquals(large, mi.get(largeKey));
        assertTrue(k.proc("meminfo").contains(String.format("DirectMap4k:    %8d kB%n", k4)));
    }

    @Test
    void bootPageTablesAreReservedEarlyAndRuntimeOnesComeFromTheBuddy() {
        Kernel k = boot("x86_64", "x86_64", "1G", true);
        Map<String, Long> before = k.mmu().pageTablePages();
        assertEquals(512L, before.get("pte")); // one per 2 MiB of the 4 KiB direct map
        assertEquals(-1, k.translate(k.profile().pageOffset + 0x12345000L), "a free page is unmapped (DEBUG_PAGEALLOC)");
        long pteTable = k.walk(k.profile().pageOffset).get(2).entry() & 0x000ffffffffff000L;
        assertTrue(k.pageFlag(pteTable >>> 12, org.kmemlab.api.PageFlags.PG_reserved), "boot tables stay reserved");
        long v = k.vmalloc(4096);
        Map<String, Long> after = k.mmu().pageTablePages();
        assertEquals(before.get("pte") + 1, after.get("pte"));
        assertEquals(before.get("pud") + 1, after.get("pud")); // the vmalloc pgd slot was empty
        long vmPte = k.walk(v).get(2).entry() & 0x000ffffffffff000L;
        assertEquals(1, k.page_count(vmPte >>> 12), "a runtime page table is a referenced buddy page");
        assertEquals(0L, ((Map<?, ?>) k.view("meminfo")).get("PageTables"), "kernel page tables are not NR_PAGETABLE");
    }

    @Test
    void kmapRingOnI386() {
        Kernel k = boot("i386", "i386", "2G", true);
        long hp = k.alloc_pages(Gfp.GFP_HIGHUSER, 0);
        assertTrue(k.PageHighMem(hp));
        assertEquals(0, k.page_address(hp));
        long a = k.kmap(hp);
        assertEquals(0xff801000L, a); // last_pkmap_nr starts at 0: the first kmap gets slot 1
        assertEquals(a, k.page_address(hp));
        assertEquals(hp << 12, k.translate(a));
        assertEquals(a, k.kmap(hp));
        assertEquals(3, k.pkmap_count(hp));
        k.kunmap(hp);
        k.kunmap(hp);
        assertEquals(1, k.pkmap_count(hp));
        assertEquals(a, k.page_address(hp), "the address stays until the ring wraps");
        long[] others = new long[1023];
        for (int i = 0; i < others.length; i++) {
            others[i] = k.alloc_pages(Gfp.GFP_HIGHUSER, 0);
            k.kmap(others[i]); // slots 2 .. 1023, then the wrap flushes slot 1 and reuses slot 0
        }
        assertEquals(0, k.page_address(hp), "flush_all_zero_pkmaps took the stale slot");
        assertEquals(-1, k.translate(a));
        assertEquals(0xff800000L, k.page_address(others[1022]));
        KernelBug bug = assertThrows(KernelBug.class, () -> k.kunmap(hp));
        assertTrue(bug.getMessage().startsWith("kernel BUG at mm/highmem.c:259!"), "kunmap_high BUG_ON(!vaddr): "
            + bug.getMessage());
    }

    @Test
    void kmapAtomicSlotsAndZeroingHighmem() {
        Kernel k = boot("i386", "i386-pae", "2G", true);
        long hp = k.alloc_pages(Gfp.GFP_HIGHUSER, 0);
        long a = k.kmap_atomic(hp, 3);
        assertEquals(0xfffff000L - ((69L + 3) << 12), a);
        k.write(a, 8, 0x1122334455667788L);
        KernelBug busy = assertThrows(KernelBug.class, () -> k.kmap_atomic(hp, 3));
        assertTrue(busy.getMessage().startsWith("kernel BUG at arch/x86/mm/highmem_32.c:45!"), busy.getMessage());
        k.kunmap_atomic(a, 3);
        assertEquals(-1, k.translate(a));
        k.__free_pages(hp, 0);
        long z = k.alloc_pages(Gfp.GFP_HIGHUSER | Gfp.__GFP_ZERO, 0); // clear_highpage via KM_USER0
        long za = k.kmap(z);
        assertEquals(0, k.read(za, 8));
        assertEquals(-1, k.translate(a), "clear_highpage released its kmap_atomic slot");
        assertNotEquals(0, za);
    }

    @Test
    void mmuModulesMustFitTheProfile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> boot("i386", "x86_64", "1G", true));
        assertTrue(e.getMessage().contains("does not fit profile i386"), e.getMessage());
        Kernel k = Machine.boot(MachineConfig.defaults().withPageSize(65536).withRam(256L << 20));
        assertEquals(null, k.modules().get("mmu"));
    }
}
