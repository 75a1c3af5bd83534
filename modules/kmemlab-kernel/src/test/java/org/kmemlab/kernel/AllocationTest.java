package org.kmemlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kmemlab.api.Gfp;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.PageFlags;
import org.kmemlab.api.Zone;

/** Zones, watermarks, pcp lists, zeroing and compound pages through the kernel API. */
class AllocationTest {
    @Test
    void zoneFallbackFollowsTheZonelist() {
        Kernel k = Machine.boot(MachineConfig.defaults().withRam(5L << 30).withDebug(false));
        assertEquals(2, k.page_zonenum(k.alloc_pages(Gfp.GFP_KERNEL, 0)), "GFP_KERNEL prefers Normal");
        assertEquals(1, k.page_zonenum(k.alloc_pages(Gfp.GFP_DMA32, 0)));
        assertEquals(0, k.page_zonenum(k.alloc_pages(Gfp.GFP_DMA, 0)));
        assertEquals(2, k.page_zonenum(k.alloc_pages(Gfp.GFP_HIGHUSER_MOVABLE, 0)));
        // exhaust Normal down to its low watermark: the next GFP_KERNEL page comes from DMA32
        Zone normal = k.physmem().zones().get(2);
        while (true) {
            long p = k.alloc_pages(Gfp.GFP_KERNEL, 10);
            if (p < 0 || k.page_zonenum(p) != 2) {
                break;
            }
        }
        long p = k.alloc_pages(Gfp.GFP_KERNEL, 0);
        while (k.page_zonenum(p) == 2) {
            p = k.alloc_pages(Gfp.GFP_KERNEL, 0);
        }
        assertEquals(1, k.page_zonenum(p));
        assertTrue(normal.nrFreePages() <= normal.lowWmark() + 1);
    }

    @Test
    void lowmemReserveProtectsDma() {
        Kernel k = Machine.boot(MachineConfig.defaults().withRam(64L << 20).withDebug(false));
        Zone dma = k.physmem().zones().get(0);
        List<Long> got = new ArrayList<>();
        long p;
        while ((p = k.alloc_pages(Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN, 0)) >= 0) {
            got.add(p);
        }
        // GFP_KERNEL (classzone DMA32) must leave min + lowmem_reserve[DMA32] pages in DMA
        assertTrue(dma.nrFreePages() > dma.minWmark() + dma.lowmemReserve[1] - 1, "DMA kept its reserve");
        assertTrue(k.alloc_pages(Gfp.GFP_DMA, 0) >= 0, "GFP_DMA still succeeds");
        assertTrue(k.dmesg().contains("kmemlab: no process to reclaim from or to OOM-kill"));
    }

    @Test
    void atomicAllocationsDipBelowTheMinWatermark() {
        Kernel k = Machine.boot(MachineConfig.defaults().withRam(64L << 20).withDebug(false));
        while (k.alloc_pages(Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN, 0) >= 0) {
            // drain to the GFP_KERNEL limit
        }
        long p = k.alloc_pages(Gfp.GFP_ATOMIC, 0);
        assertTrue(p >= 0, "ALLOC_HIGH|ALLOC_HARDER reach below min");
        assertEquals(-1, k.alloc_pages(Gfp.GFP_KERNEL, 0));
        assertTrue(k.dmesg().contains("insmod: page allocation failure. order:0, mode:0xd0\n"));
    }

    @Test
    void pcpListsDelayBuddyinfoAndRefillInBatches() {
        Kernel k = Machine.boot(MachineConfig.defaults().withPcp(true));
        Zone dma32 = k.physmem().zones().get(1);
        int batch = k.pageAllocator().pcp(1)[2];
        assertEquals(31, batch);
        long free = dma32.nrFreePages();
        long p = k.alloc_pages(Gfp.GFP_KERNEL, 0);
        assertEquals(free - batch, dma32.nrFreePages(), "an empty pcp list refills batch pages at once");
        String buddyinfo = k.proc("buddyinfo");
        k.__free_pages(p, 0);
        assertEquals(buddyinfo, k.proc("buddyinfo"), "a freed page sits on the pcp list");
        assertEquals(batch, k.pageAllocator().pcp(1)[0]);
        k.drain_all_pages();
        assertEquals(free, dma32.nrFreePages());
        assertNotEquals(buddyinfo, k.proc("buddyinfo"));
    }

    @Test
    void zeroedAndUnzeroedPages() {
        Kernel k = Machine.boot(MachineConfig.defaults());
        long junk = k.__get_free_page(Gfp.GFP_KERNEL);
        assertNotEquals(0, k.memchr_inv(junk, 0, 4096), "unwritten memory holds junk");
        long z = k.get_zeroed_page(Gfp.GFP_KERNEL);
        assertEquals(0, k.memchr_inv(z, 0, 4096));
        long z4 = k.__get_free_pages(Gfp.GFP_KERNEL | Gfp.__GFP_ZERO, 2);
        assertEquals(0, k.memchr_inv(z4, 0, 4 * 4096));
    }

    @Test
    void compoundPages() {
        Kernel k = Machine.boot(MachineConfig.defaults());
        long head = k.alloc_pages(Gfp.GFP_KERNEL | Gfp.__GFP_COMP, 2);
        assertTrue(k.pageFlag(head, PageFlags.PG_head));
        for (int i = 1; i < 4; i++) {
            assertTrue(k.pageFlag(head + i, PageFlags.PG_tail));
            assertEquals(head, k.pagePrivateField(head + i), "first_page");
            assertEquals(0, k.pageCountField(head + i));
        }
        k.get_page(head + 3); // a reference through a tail lands on the head
        assertEquals(2, k.page_count(head + 1));
        Zone z = k.physmem().zones().get(k.page_zonenum(head));
        long free = z.nrFreePages();
        k.put_page(head + 2);
        k.put_page(head);
        assertEquals(free + 4, z.nrFreePages(), "the last put frees the whole compound page");
        assertFalse(k.pageFlag(head, PageFlags.PG_head));
    }

    @Test
    void allocPagesExactFreesTheTail() {
        Kernel k = Machine.boot(MachineConfig.defaults());
        long addr = k.alloc_pages_exact(5 * 4096, Gfp.GFP_KERNEL);
        long pfn = k.virt_to_page(addr);
        for (int i = 0; i < 5; i++) {
            assertEquals(1, k.pageCountField(pfn + i));
        }
        for (int i = 5; i < 8; i++) {
            assertEquals(0, k.pageCountField(pfn + i));
        }
        k.free_pages_exact(addr, 5 * 4096);
        assertEquals(0, k.pageCountField(pfn));
    }

    @Test
    void firstAllocationOnAFreshMachine() {
        // 1 GiB x86_64: Normal is empty, DMA32 is preferred; the smallest block that fits is split
        Kernel k = Machine.boot(MachineConfig.defaults());
        long before = k.pageAllocator().nrFree(1, 9);
        long p = k.alloc_pages(Gfp.GFP_KERNEL, 2);
        assertEquals(1, k.page_zonenum(p));
        assertEquals(before - 1, k.pageAllocator().nrFree(1, 9), "the one order-9 block was the smallest fit");
        assertEquals(1, k.pageAllocator().nrFree(1, 2));
        assertEquals(0xffff880000000000L + (p << 12), k.page_address(p));
        assertEquals(p, k.virt_to_page(k.page_address(p)));
    }

    @Test
    void i386HighmemHasNoAddressAndLowmemEndsAtMaxmem() {
        Kernel k = Machine.boot(MachineConfig.defaults().withProfile("i386").withRam(2L << 30));
        Zone normal = k.physmem().zones().get(1);
        assertEquals(0x377feL, normal.endPfn());
        long hp = k.alloc_pages(Gfp.GFP_HIGHUSER, 0);
        assertTrue(k.PageHighMem(hp));
        assertEquals(0, k.page_address(hp));
        long lp = k.alloc_pages(Gfp.GFP_KERNEL, 0);
        assertEquals(0xc0000000L + (lp << 12), k.page_address(lp));
        assertEquals(0x377fe000L, k.__pa(0xf77fe000L));
    }

    @Test
    void procViewsHaveTheKernelFormats() {
        Kernel k = Machine.boot(MachineConfig.defaults());
        String bi = k.proc("buddyinfo");
        assertTrue(bi.matches("(?s)Node 0, zone      DMA( +\\d+ ){11}\nNode 0, zone    DMA32( +\\d+ ){11}\n"), bi);
        String mi = k.proc("meminfo");
        assertTrue(mi.startsWith("MemTotal:       "), mi);
        assertTrue(mi.contains("\nHugePages_Total:       0\n"));
        String zi = k.proc("zoneinfo");
        assertTrue(zi.startsWith("Node 0, zone      DMA\n  pages free     "));
        assertTrue(zi.contains("\n        protection: (0, "));
        assertTrue(k.proc("vmstat").startsWith("nr_free_pages "));
        assertTrue(k.proc("pagetypeinfo").startsWith("Page block order: 9\nPages per block:  512\n\n"));
    }
}
