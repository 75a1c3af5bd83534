package org.kmemlab.physmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.kmemlab.api.KernelLog;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.PageFlags;
import org.kmemlab.api.Profile;
import org.kmemlab.api.Zone;

/** The reference's worked numbers for watermarks, min_free_kbytes and lowmem_reserve (§2.5–2.6). */
class ZoneSetupTest {
    @Test
    void minFreeKbytesTable() {
        assertEquals(1448, ZoneSetup.minFreeKbytes(128L * 1024));
        assertEquals(2896, ZoneSetup.minFreeKbytes(512L * 1024));
        assertEquals(4096, ZoneSetup.minFreeKbytes(1024L * 1024));
        assertEquals(8192, ZoneSetup.minFreeKbytes(4096L * 1024));
        assertEquals(128, ZoneSetup.minFreeKbytes(16));
        assertEquals(65536, ZoneSetup.minFreeKbytes(1L << 40));
    }

    @Test
    void watermarksOfOneGigabyteZone() {
        Zone z = new Zone(2, "Normal", false, 0, 262144, 4);
        z.presentPages = 262144;
        ZoneSetup.setupPerZoneWmarks(List.of(z), 4096, 12);
        assertEquals(1024, z.minWmark());
        assertEquals(1280, z.lowWmark());
        assertEquals(1536, z.highWmark());
    }

    @Test
    void highmemMinIsClamped() {
        Zone n = new Zone(1, "Normal", false, 0, 200000, 4);
        n.presentPages = 200000;
        Zone h = new Zone(2, "HighMem", true, 200000, 10000, 4);
        h.presentPages = 10000;
        ZoneSetup.setupPerZoneWmarks(List.of(n, h), 4096, 12);
        assertEquals(32, h.minWmark()); // clamp(10000/1024, 32, 128)
    }

    @Test
    void lowmemReserveX8664() {
        Zone dma = zone(0, "DMA", 3968);
        Zone dma32 = zone(1, "DMA32", 1000000);
        Zone normal = zone(2, "Normal", 500000);
        Zone movable = zone(3, "Movable", 0);
        List<Zone> zs = List.of(dma, dma32, normal, movable);
        ZoneSetup.setupPerZoneLowmemReserve(zs, ZoneSetup.lowmemReserveRatio(true));
        // DMA: (0, DMA32/256, (DMA32+Normal)/256, (DMA32+Normal+Movable)/256)
        assertEquals(0, dma.lowmemReserve[0]);
        assertEquals(1000000 / 256, dma.lowmemReserve[1]);
        assertEquals(1500000 / 256, dma.lowmemReserve[2]);
        assertEquals(1500000 / 256, dma.lowmemReserve[3]);
        assertEquals(500000 / 256, dma32.lowmemReserve[2]);
        assertEquals(0, normal.lowmemReserve[2]);
    }

    private static Zone zone(int i, String n, long present) {
        Zone z = new Zone(i, n, false, 0, present, 4);
        z.presentPages = present;
        return z;
    }

    @Test
    void bootLeavesEveryFrameReservedWithCountOne() {
        Profile p = new Profile(MachineConfig.defaults().withRam(64L << 20));
        FlatPhysMem pm = new FlatPhysMem(p, MachineConfig.defaults().withRam(64L << 20), new KernelLog());
        for (long pfn = 0; pfn < p.maxPfn; pfn++) {
            assertTrue(pm.memMap().test(pfn, PageFlags.PG_reserved));
            assertEquals(1, pm.memMap().count(pfn));
            assertEquals(-1, pm.memMap().mapcount(pfn));
        }
        // present = spanned - ISA hole - memmap pages (free_area_init_core)
        Zone dma = pm.zones().get(0);
        assertEquals(4096 - 96 - ZoneSetup.memmapPages(4096, 56, 12), dma.presentPages);
        long free = pm.bootFreeRanges().stream().mapToLong(r -> r[1] - r[0]).sum();
        long memmapFrames = (p.maxPfn * 56 + 4095) / 4096;
        assertEquals(p.maxPfn - 1 - 96 - 2048 - memmapFrames, free);
    }

    @Test
    void unwrittenMemoryIsSeededNonZeroJunk() {
        MachineConfig c = MachineConfig.defaults().withRam(32L << 20);
        FlatPhysMem a = new FlatPhysMem(new Profile(c), c, new KernelLog());
        FlatPhysMem b = new FlatPhysMem(new Profile(c), c, new KernelLog());
        FlatPhysMem other = new FlatPhysMem(new Profile(c), c.withSeed(7), new KernelLog());
        int differ = 0;
        for (long pa = 0x100000; pa < 0x100000 + 4096; pa++) {
            assertTrue(a.readByte(pa) != 0);
            assertEquals(a.readByte(pa), b.readByte(pa));
            if (a.readByte(pa) != other.readByte(pa)) {
                differ++;
            }
        }
        assertTrue(differ > 3000, "another seed gives other junk");
        a.fill(0x100000, 0, 8192);
        assertEquals(0, a.read(0x100ff8, 8));
        a.write(0x100010, 4, 0xdeadbeefL);
        assertEquals(0xdeadbeefL, a.read(0x100010, 4));
        assertEquals(0xef, a.readByte(0x100010));
    }
}
