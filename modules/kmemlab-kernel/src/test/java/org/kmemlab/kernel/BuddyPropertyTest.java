package org.kmemlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kmemlab.api.Gfp;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.Zone;

/**
 * Random alloc/free sequences on small machines, invariants checked after every step. Twelve runs of
 * 10,000 operations: 120,000 operations over six seeds and every switch combination.
 */
class BuddyPropertyTest {
    private static final int[] GFPS = {Gfp.GFP_KERNEL, Gfp.GFP_ATOMIC, Gfp.GFP_DMA, Gfp.GFP_KERNEL | Gfp.__GFP_ZERO,
        Gfp.GFP_KERNEL | Gfp.__GFP_COMP, Gfp.GFP_HIGHUSER_MOVABLE, Gfp.GFP_TEMPORARY, Gfp.GFP_DMA32,
        Gfp.GFP_KERNEL | Gfp.__GFP_COLD, Gfp.GFP_NOWAIT | Gfp.__GFP_NOWARN};

    @ParameterizedTest(name = "seed {0} {1} pcp={2} mobility={3} debug={4}")
    @CsvSource({
        "1, x86_64, false, false, true",
        "2, x86_64, true,  false, true",
        "3, x86_64, false, true,  false",
        "4, x86_64, true,  true,  false",
        "5, i386,   true,  true,  true",
        "6, i386,   false, false, false",
        "7, x86_64, true,  true,  true",
        "8, i386,   true,  false, true",
        "9, x86_64, false, true,  true",
        "10, i386,  false, true,  false",
        "11, x86_64, true, false, false",
        "12, i386,  true,  true,  false"})
    void randomAllocFreeKeepsInvariants(long seed, String profile, boolean pcp, boolean mobility, boolean debug) {
        MachineConfig c = MachineConfig.defaults().withProfile(profile).withRam(32L << 20).withPcp(pcp)
            .withMobility(mobility).withDebug(debug).withSeed(seed);
        Kernel k = Machine.boot(c);
        long totalFree = totalFree(k);
        Random r = new Random(seed);
        Map<Long, Integer> held = new HashMap<>();
        List<Long> order = new ArrayList<>();
        int failures = 0;
        for (int step = 0; step < 10_000; step++) {
            boolean alloc = held.isEmpty() || r.nextInt(100) < 55;
            if (alloc) {
                int o = r.nextInt(100) < 70 ? r.nextInt(2) : r.nextInt(11);
                int gfp = GFPS[r.nextInt(GFPS.length)] | Gfp.__GFP_NOWARN;
                long pfn = k.alloc_pages(gfp, o);
                if (pfn < 0) {
                    failures++;
                } else {
                    assertEquals(0, pfn & ((1L << o) - 1), "block not aligned to its order");
                    held.put(pfn, o);
                    order.add(pfn);
                    if ((gfp & Gfp.__GFP_ZERO) != 0) {
                        assertEquals(0, k.memchr_inv(k.page_address(pfn), 0, 64));
                    }
                    if (gfp == (Gfp.GFP_DMA | Gfp.__GFP_NOWARN)) {
                        assertEquals(0, k.page_zonenum(pfn));
                    }
                }
            } else {
                long pfn = order.remove(r.nextInt(order.size()));
                int o = held.remove(pfn);
                if (r.nextBoolean()) {
                    k.__free_pages(pfn, o);
                } else if (k.pageFlag(pfn, org.kmemlab.api.PageFlags.PG_head)) {
                    k.put_page(pfn);
                } else {
                    k.__free_pages(pfn, o);
                }
            }
            BuddyInvariants.check(k, held);
        }
        for (long pfn : order) {
            k.__free_pages(pfn, held.get(pfn));
        }
        k.drain_all_pages();
        BuddyInvariants.check(k, Map.of());
        assertEquals(totalFree, totalFree(k), "everything freed comes back");
        assertTrue(failures < 10_000);
        assertEquals("", k.tainted());
    }

    private static long totalFree(Kernel k) {
        long s = 0;
        for (Zone z : k.physmem().zones()) {
            s += z.nrFreePages();
        }
        return s;
    }
}
