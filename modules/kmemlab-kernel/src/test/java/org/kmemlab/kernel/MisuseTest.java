package org.kmemlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kmemlab.api.Gfp;
import org.kmemlab.api.KernelBug;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.PageFlags;
import org.kmemlab.api.Reports;

/** The misuse table of reference §3.6, both with the production build and with the debug build. */
class MisuseTest {
    private static Kernel boot(boolean debug) {
        return Machine.boot(MachineConfig.defaults().withRam(64L << 20).withDebug(debug));
    }

    private static String structPage(Kernel k, long pfn) {
        return Long.toHexString(Reports.structPageAddress(k.profile(), pfn));
    }

    @Test
    void doubleFreeWithoutDebugIsSilentThenBadPageAtReuse() {
        Kernel k = boot(false);
        long p = k.alloc_pages(Gfp.GFP_KERNEL, 0);
        k.__free_pages(p, 0);
        String before = k.dmesg();
        k.__free_pages(p, 0); // _count 0 -> -1, nothing freed, nothing printed
        assertEquals(-1, k.pageCountField(p));
        assertEquals(before, k.dmesg());
        assertEquals("", k.tainted());
        // the next order-0 allocation splits the block holding p, hits it, leaks it and retries
        long q = k.alloc_pages(Gfp.GFP_KERNEL, 0);
        assertNotEquals(p, q);
        String log = k.dmesg().substring(before.length());
        String expected = String.format("BUG: Bad page state in process insmod  pfn:%05x%n", p)
            + "page:" + structPage(k, p) + " count:-1 mapcount:0 mapping:(null) index:0x0\n"
            + "page flags: 0x" + Long.toHexString(k.pageFlagsRaw(p)) + "()\n"
            + "Pid: 1000, comm: insmod Not tainted 2.6.34 #1\n"
            + "Call Trace:\n";
        assertTrue(log.startsWith(expected), log);
        assertTrue(log.contains("Disabling lock debugging due to kernel taint\n"));
        assertEquals("B", k.tainted());
    }

    @Test
    void doubleFreeWithDebugIsAKernelBugAtTheSecondFree() {
        Kernel k = boot(true);
        long p = k.alloc_pages(Gfp.GFP_KERNEL, 0);
        k.__free_pages(p, 0);
        KernelBug bug = assertThrows(KernelBug.class, () -> k.__free_pages(p, 0));
        assertTrue(bug.getMessage().startsWith("kernel BUG at include/linux/mm.h:" + SourceLines.PUT_PAGE_TESTZERO + "!\n"),
            bug.getMessage());
        assertTrue(bug.getMessage().contains("invalid opcode: 0000 [#1] DEBUG_PAGEALLOC\n"));
        assertEquals(0, k.pageCountField(p), "BUG() fires before the decrement");
        assertTrue(k.tainted().contains("D"));
        assertTrue(k.alloc_pages(Gfp.GFP_KERNEL, 0) >= 0, "the machine stays usable");
    }

    @Test
    void freeWithLargerOrderReportsEveryBadPageAndFreesNothing() {
        for (boolean debug : new boolean[] {false, true}) {
            Kernel k = boot(debug);
            long a = k.alloc_pages(Gfp.GFP_KERNEL, 0);
            long b = k.alloc_pages(Gfp.GFP_KERNEL, 0);
            assertEquals(a + 1, b);
            long freeBefore = k.physmem().zones().get(1).nrFreePages();
            if (debug) {
                KernelBug bug = assertThrows(KernelBug.class, () -> k.__free_pages(a, 1));
                assertTrue(bug.getMessage().startsWith("BUG: Bad page state in process insmod  pfn:"));
            } else {
                k.__free_pages(a, 1);
            }
            // page a passed (count dropped to 0), page b (count 1) is bad: the whole block is leaked
            assertEquals(freeBefore, k.physmem().zones().get(1).nrFreePages());
            assertTrue(k.dmesg().contains(String.format("pfn:%05x", b)));
            assertEquals(debug ? "B" : "B", k.tainted().replace("D", ""));
        }
    }

    @Test
    void freeWithSmallerOrderLeaksTheRest() {
        Kernel k = boot(false);
        long p = k.alloc_pages(Gfp.GFP_KERNEL, 2);
        long free = k.physmem().zones().get(1).nrFreePages();
        k.__free_pages(p, 1);
        assertEquals(free + 2, k.physmem().zones().get(1).nrFreePages());
        assertEquals(0, k.pageCountField(p + 2));
        assertFalse(k.pageFlag(p + 2, PageFlags.PG_buddy), "pages 2 and 3 are lost");
        assertEquals("", k.tainted());
    }

    @Test
    void freePagesOfZeroIsANoOpAndAnUnalignedAddressRoundsDown() {
        Kernel k = boot(false);
        k.free_pages(0, 3);
        long addr = k.__get_free_pages(Gfp.GFP_KERNEL, 0);
        long pfn = k.virt_to_page(addr);
        k.free_pages(addr + 123, 0);
        assertEquals(0, k.pageCountField(pfn));
        assertEquals("", k.tainted());
    }

    @Test
    void getFreePagesWithHighmem() {
        // debug: VM_BUG_ON
        Kernel d = Machine.boot(MachineConfig.defaults().withProfile("i386").withRam(2L << 30));
        KernelBug bug = assertThrows(KernelBug.class, () -> d.__get_free_pages(Gfp.GFP_HIGHUSER, 0));
        assertTrue(bug.getMessage().startsWith("kernel BUG at mm/page_alloc.c:" + SourceLines.GET_FREE_PAGES_HIGHMEM + "!"));
        // production i386: a highmem page has no address, so the call looks like a failure and leaks
        Kernel k = Machine.boot(MachineConfig.defaults().withProfile("i386").withRam(2L << 30).withDebug(false));
        long free = k.physmem().zones().get(2).nrFreePages();
        assertEquals(0, k.__get_free_pages(Gfp.GFP_HIGHUSER, 0));
        assertEquals(free - 1, k.physmem().zones().get(2).nrFreePages());
        // production x86_64: __GFP_HIGHMEM means Normal, the call works
        Kernel x = boot(false);
        assertNotEquals(0, x.__get_free_pages(Gfp.GFP_HIGHUSER, 0));
    }

    @Test
    void orderAboveMaxOrderReturnsNullAndWarnsOnce() {
        Kernel k = boot(false);
        assertEquals(-1, k.alloc_pages(Gfp.GFP_KERNEL, 11));
        assertTrue(k.dmesg().contains("WARNING: at mm/page_alloc.c:"));
        assertFalse(k.dmesg().contains("page allocation failure"));
        int warnings = k.dmesg().split("WARNING: at").length;
        assertEquals(-1, k.alloc_pages(Gfp.GFP_KERNEL, 12));
        assertEquals(warnings, k.dmesg().split("WARNING: at").length, "WARN_ON_ONCE");
        assertEquals("W", k.tainted());
        Kernel q = boot(false);
        assertEquals(-1, q.alloc_pages(Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN, 11));
        assertFalse(q.dmesg().contains("WARNING"));
    }

    @Test
    void freePagesOfABadAddressWithDebugIsAKernelBug() {
        Kernel k = boot(true);
        KernelBug bug = assertThrows(KernelBug.class, () -> k.free_pages(0x1234, 0));
        assertTrue(bug.getMessage().startsWith("kernel BUG at mm/page_alloc.c:" + SourceLines.FREE_PAGES_VIRT_ADDR_VALID + "!"));
    }

    @Test
    void useAfterFreeFaultsUnderDebugPagealloc() {
        Kernel k = boot(true);
        long addr = k.__get_free_pages(Gfp.GFP_KERNEL, 0);
        k.write(addr, 8, 0x1122334455667788L);
        assertEquals(0x1122334455667788L, k.read(addr, 8));
        k.free_pages(addr, 0);
        KernelBug bug = assertThrows(KernelBug.class, () -> k.read(addr, 1));
        assertEquals("BUG: unable to handle kernel paging request at " + Long.toHexString(addr),
            bug.getMessage().lines().findFirst().orElseThrow());
        KernelBug nul = assertThrows(KernelBug.class, () -> k.read(0x10, 4));
        assertTrue(nul.getMessage().startsWith("BUG: unable to handle kernel NULL pointer dereference at 0000000000000010"));
        // production build: the stale contents are still readable
        Kernel p = boot(false);
        long a = p.__get_free_pages(Gfp.GFP_KERNEL, 0);
        p.write(a, 4, 0xcafe);
        p.free_pages(a, 0);
        assertEquals(0xcafe, p.read(a, 4));
    }

    @Test
    void aBadZoneModifierCombination() {
        // __GFP_DMA | __GFP_HIGHMEM is GFP_ZONE_BAD: BUG_ON with DEBUG_VM ...
        Kernel d = boot(true);
        KernelBug bug = assertThrows(KernelBug.class, () -> d.alloc_pages(Gfp.__GFP_DMA | Gfp.__GFP_HIGHMEM, 0));
        assertTrue(bug.getMessage().startsWith("kernel BUG at include/linux/gfp.h:"), bug.getMessage());
        // ... and zone 0 without it (the table's bits for a bad combination are 0)
        Kernel k = boot(false);
        assertEquals(0, k.page_zonenum(k.alloc_pages(Gfp.__GFP_DMA32 | Gfp.__GFP_HIGHMEM, 0)));
    }
}
