package org.kmemlab.kernel.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kmemlab.api.Gfp;
import org.kmemlab.api.GfpZone;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.PageFlags;
import org.kmemlab.api.Profile;
import org.kmemlab.api.Zone;
import org.kmemlab.kernel.Kernel;

/**
 * buddy=first-fit under random alloc_pages/__free_pages sequences, checked from the outside after every step:
 * blocks aligned, in a zone the gfp allows, above the min watermark unless __GFP_HIGH, disjoint from every live
 * block, zeroed when asked; free + allocated frames = the boot total; the buddyinfo view adds up to
 * NR_FREE_PAGES. At the end everything comes back: MemFree and buddyinfo are the boot values.
 */
class FirstFitPropertyTest {
    private static final int[] GFPS = {Gfp.GFP_KERNEL, Gfp.GFP_ATOMIC, Gfp.GFP_DMA, Gfp.GFP_KERNEL | Gfp.__GFP_ZERO,
        Gfp.GFP_KERNEL | Gfp.__GFP_COMP, Gfp.GFP_DMA | Gfp.__GFP_ZERO, Gfp.GFP_KERNEL | Gfp.__GFP_ZERO | Gfp.__GFP_COMP,
        Gfp.GFP_HIGHUSER_MOVABLE, Gfp.GFP_DMA32, Gfp.GFP_NOWAIT, Gfp.GFP_ATOMIC | Gfp.__GFP_COMP};

    @ParameterizedTest(name = "seed {0} {1} {2} debug={3}")
    @CsvSource({
        "1, x86_64, 32M, true",
        "2, x86_64, 32M, false",
        "3, i386,   32M, true",
        "4, i386,   1G,  false",
        "5, x86_64, 64M, true"})
    void randomAllocFreeKeepsInvariants(long seed, String profile, String ram, boolean debug) {
        MachineConfig c = MachineConfig.defaults().withProfile(profile).withRam(Profile.parseSize("ram", ram))
            .withDebug(debug).withSeed(seed);
        Kernel k = FirstFitJar.boot(c);
        Profile p = k.profile();
        List<Zone> zones = k.physmem().zones();
        long bootFree = totalFree(zones);
        long bootMemFree = FirstFitPropertyTest.memFree(k);
        Object bootBuddyinfo = k.view("buddyinfo");

        Random r = new Random(seed);
        TreeMap<Long, Integer> live = new TreeMap<>(); // head pfn → order
        List<Long> heads = new ArrayList<>();
        long liveFrames = 0;
        int failures = 0;
        for (int step = 0; step < 10_000; step++) {
            if (heads.isEmpty() || r.nextInt(100) < 55) {
                int order = r.nextInt(100) < 60 ? r.nextInt(2) : r.nextInt(6);
                int gfp = GFPS[r.nextInt(GFPS.length)] | Gfp.__GFP_NOWARN;
                long pfn = k.alloc_pages(gfp, order);
                if (pfn < 0) {
                    failures++;
                } else {
                    checkNewBlock(k, p, zones, live, pfn, order, gfp);
                    live.put(pfn, order);
                    heads.add(pfn);
                    liveFrames += 1L << order;
                }
            } else {
                long pfn = heads.remove(r.nextInt(heads.size()));
                int order = live.remove(pfn);
                liveFrames -= 1L << order;
                if (k.pageFlag(pfn, PageFlags.PG_head) && r.nextBoolean()) {
                    k.put_page(pfn); // a compound page goes back whole on its last put_page
                } else {
                    k.__free_pages(pfn, order);
                }
            }
            assertEquals(bootFree, totalFree(zones) + liveFrames, "free + allocated frames at step " + step);
            checkBuddyView(k.pageAllocator(), zones);
        }
        for (long pfn : heads) {
            k.__free_pages(pfn, live.get(pfn));
        }
        assertEquals(bootFree, totalFree(zones));
        assertEquals(bootMemFree, memFree(k), "MemFree after everything was freed");
        assertEquals(bootBuddyinfo, k.view("buddyinfo"), "freed ranges merge back to the boot ranges");
        assertTrue(failures < 10_000);
        assertEquals("", k.tainted());
    }

    /** A block just allocated: aligned, in an allowed zone, watermark kept, disjoint from live blocks, zeroed if asked. */
    private static void checkNewBlock(Kernel k, Profile p, List<Zone> zones, TreeMap<Long, Integer> live, long pfn,
        int order, int gfp) {
        long n = 1L << order;
        assertEquals(0, pfn & (n - 1), "block " + pfn + " of order " + order + " is not aligned");
        int zone = k.page_zonenum(pfn);
        assertEquals(zone, k.page_zonenum(pfn + n - 1), "block " + pfn + " crosses a zone boundary");
        int highest = Math.min(GfpZone.gfpZone(p, gfp), zones.size() - 1);
        assertTrue(zone <= highest, "gfp 0x" + Integer.toHexString(gfp) + " got zone " + zone);
        if ((gfp & Gfp.__GFP_DMA) != 0) {
            assertEquals(0, zone, "GFP_DMA must come from ZONE_DMA");
        }
        Zone z = zones.get(zone);
        long reserve = z.lowmemReserve[classzone(zones, highest)];
        long floor = ((gfp & Gfp.__GFP_HIGH) != 0 ? 0 : z.minWmark()) + reserve;
        assertTrue(z.nrFreePages() >= floor, z.name + " went below its watermark: " + z.nrFreePages() + " < " + floor);
        Map.Entry<Long, Integer> below = live.floorEntry(pfn);
        if (below != null && below.getKey() + (1L << below.getValue()) > pfn) {
            fail("block " + pfn + " overlaps live block " + below.getKey() + " of order " + below.getValue());
        }
        Long above = live.higherKey(pfn);
        if (above != null && above < pfn + n) {
            fail("block " + pfn + " of order " + order + " overlaps live block " + above);
        }
        assertEquals(1, k.page_count(pfn));
        if ((gfp & Gfp.__GFP_COMP) != 0 && order > 0) {
            assertTrue(k.pageFlag(pfn, PageFlags.PG_head));
        }
        if ((gfp & Gfp.__GFP_ZERO) != 0) {
            long addr = k.page_address(pfn);
            assertEquals(0, k.memchr_inv(addr, 0, n * p.pageSize), "a __GFP_ZERO block is not zero");
        }
        if (pfn < p.maxLowPfn) {
            k.memset(k.page_address(pfn), 0xa5, 16); // so a block handed out again unzeroed would show
        }
    }

    /** nrFree(zone, order) cuts the free frames into buddy blocks: they add up to NR_FREE_PAGES. */
    private static void checkBuddyView(PageAllocator a, List<Zone> zones) {
        for (Zone z : zones) {
            long frames = 0;
            for (int o = 0; o < Profile.MAX_ORDER; o++) {
                frames += a.nrFree(z.index, o) << o;
                assertEquals(a.nrFree(z.index, o), a.nrFreeOfType(z.index, o, 0));
            }
            assertEquals(z.nrFreePages(), frames, z.name + ": buddyinfo blocks vs NR_FREE_PAGES");
        }
    }

    /** The zone whose lowmem_reserve entry applies: the first populated zone at or below the highest allowed. */
    private static int classzone(List<Zone> zones, int highest) {
        for (int z = highest; z > 0; z--) {
            if (zones.get(z).populated()) {
                return z;
            }
        }
        return 0;
    }

    private static long totalFree(List<Zone> zones) {
        long s = 0;
        for (Zone z : zones) {
            s += z.nrFreePages();
        }
        return s;
    }

    private static long memFree(Kernel k) {
        return FirstFitPluginTest.meminfo(k).get("MemFree");
    }
}
