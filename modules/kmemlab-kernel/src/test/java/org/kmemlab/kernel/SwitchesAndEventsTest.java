package org.kmemlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kmemlab.api.Gfp;
import org.kmemlab.api.KernelBug;
import org.kmemlab.api.KernelEvent;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.MigrateType;
import org.kmemlab.api.Zone;

/** Migrate types and fallback, page sizes, tracepoint events. */
class SwitchesAndEventsTest {
    @Test
    void unmovableRequestStealsAPageblockFromMovable() {
        Kernel k = Machine.boot(MachineConfig.defaults().withMobility(true));
        var b = k.pageAllocator();
        assertTrue(b.mobility());
        long p = k.alloc_pages(Gfp.GFP_KERNEL, 0); // UNMOVABLE; every free page is MOVABLE or RESERVE at boot
        assertEquals(MigrateType.MIGRATE_UNMOVABLE, b.pageblockMigratetype(p), "the stolen pageblock is relabelled");
        // __rmqueue_fallback takes the largest block: an order-10 block, relabelled whole (two pageblocks)
        assertEquals(MigrateType.MIGRATE_UNMOVABLE, b.pageblockMigratetype(p + 512));
        assertEquals(1, b.nrFreeOfType(1, 0, MigrateType.MIGRATE_UNMOVABLE));
        assertEquals(1, b.nrFreeOfType(1, 9, MigrateType.MIGRATE_UNMOVABLE), "the upper half stays with the new type");
        long q = k.alloc_pages(Gfp.GFP_HIGHUSER_MOVABLE, 0);
        assertEquals(MigrateType.MIGRATE_MOVABLE, b.pageblockMigratetype(q));
        assertTrue(k.proc("pagetypeinfo").contains("Node 0, zone    DMA32            2            0          500            2            0 \n"),
            k.proc("pagetypeinfo"));
    }

    @Test
    void reservePageblocksAreSetAsideAtBoot() {
        Kernel k = Machine.boot(MachineConfig.defaults().withMobility(true));
        String blocks = k.proc("pagetypeinfo");
        assertTrue(blocks.contains("Node 0, zone      DMA            0            0            7            1            0 \n"), blocks);
        // pageblocks whose first page is PageReserved (pfn 0; with debug the boot page tables from 1 MiB)
        // are skipped; the first other one becomes MIGRATE_RESERVE
        long block = 512;
        while (k.pageFlag(block, org.kmemlab.api.PageFlags.PG_reserved)) {
            block += 512;
        }
        assertEquals(MigrateType.MIGRATE_RESERVE, k.pageAllocator().pageblockMigratetype(block));
    }

    @Test
    void otherPageSizes() {
        for (String ps : new String[] {"8K", "16K", "64K"}) {
            long size = org.kmemlab.api.Profile.parseSize("pageSize", ps);
            Kernel k = Machine.boot(MachineConfig.defaults().withPageSize((int) size).withRam(256L << 20));
            assertEquals(size, k.constants().get("PAGE_SIZE"));
            long p = k.alloc_pages(Gfp.GFP_KERNEL, 3);
            assertEquals(0, p % 8);
            assertEquals(k.profile().pageOffset + p * size, k.page_address(p));
            assertEquals(16L << 20, k.physmem().zones().get(0).spannedPages * size, "DMA is still 16 MiB");
            k.__free_pages(p, 3);
            BuddyInvariants.check(k, java.util.Map.of());
        }
        assertThrows(IllegalArgumentException.class, () -> Machine.boot(MachineConfig.defaults().withPageSize(3000)));
    }

    @Test
    void tracepointEventsFollowTheStateChanges() {
        Kernel k = Machine.boot(MachineConfig.defaults().withPcp(true));
        List<KernelEvent> seen = new ArrayList<>();
        k.events().subscribe(seen::add);
        long p = k.alloc_pages(Gfp.GFP_KERNEL, 0);
        k.__free_pages(p, 0);
        long q = k.alloc_pages(Gfp.GFP_KERNEL, 2);
        k.__free_pages(q, 2);
        k.drain_all_pages();
        List<String> names = seen.stream().map(KernelEvent::name).distinct().toList();
        assertTrue(names.containsAll(List.of("mm_page_alloc_zone_locked", "mm_page_alloc", "mm_pagevec_free",
            "mm_page_free_direct", "mm_page_pcpu_drain")), names.toString());
        KernelEvent alloc = seen.stream().filter(e -> e.name().equals("mm_page_alloc")).findFirst().orElseThrow();
        assertEquals(p, alloc.fields().get("pfn"));
        assertEquals(0, alloc.fields().get("order"));
        // trace_mm_page_alloc gets the caller's mask: GFP_KERNEL, not the fast path's GFP_KERNEL | __GFP_HARDWALL
        assertEquals(Gfp.GFP_KERNEL, alloc.fields().get("gfp_flags"));
        long batch = seen.stream().filter(e -> e.name().equals("mm_page_alloc_zone_locked")).count();
        assertTrue(batch >= 31, "an empty pcp list is refilled with a batch of 31");
    }

    @Test
    void i386ReportsUse32BitPointers() {
        Kernel k = Machine.boot(MachineConfig.defaults().withProfile("i386").withRam(512L << 20));
        long a = k.__get_free_pages(Gfp.GFP_KERNEL, 0);
        k.free_pages(a, 0);
        KernelBug bug = assertThrows(KernelBug.class, () -> k.read(a, 4));
        assertTrue(bug.getMessage().startsWith("BUG: unable to handle kernel paging request at " + Long.toHexString(a) + "\n"));
        assertTrue(bug.getMessage().contains("IP: [<c1"), bug.getMessage());
        long p = k.alloc_pages(Gfp.GFP_KERNEL, 0);
        assertTrue(k.dump_page(p).matches("page:c[0-9a-f]{7} count:1 mapcount:0 mapping:\\(null\\) index:0x0\npage flags: 0x40000000\\(\\)\n"),
            k.dump_page(p));
        Zone normal = k.physmem().zones().get(1);
        assertEquals(1, k.page_zonenum(p), normal.name);
    }
}
