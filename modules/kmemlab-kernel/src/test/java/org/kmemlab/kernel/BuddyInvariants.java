package org.kmemlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;

import org.kmemlab.api.MemMap;
import org.kmemlab.api.PageFlags;
import org.kmemlab.api.PhysMem;
import org.kmemlab.api.Profile;
import org.kmemlab.api.Zone;
import org.kmemlab.buddy.LinuxBuddy;

/**
 * The buddy allocator's invariants, checked from the outside: free blocks aligned, disjoint,
 * PG_buddy-headed with private = order and _count 0, inside one zone, counted in nr_free and
 * NR_FREE_PAGES; and every frame accounted for exactly once (free block, pcp list, allocated, reserved).
 */
final class BuddyInvariants {
    private BuddyInvariants() {
    }

    /** allocated: head pfn → order of the blocks the test holds. */
    static void check(Kernel k, Map<Long, Integer> allocated) {
        PhysMem pm = k.physmem();
        MemMap map = pm.memMap();
        LinuxBuddy b = (LinuxBuddy) k.pageAllocator();
        byte[] owner = new byte[(int) map.nrPages()]; // 0 none, 1 free, 2 pcp, 3 allocated, 4 reserved
        for (Zone z : pm.zones()) {
            long freePages = 0;
            long[] perOrder = new long[Profile.MAX_ORDER];
            for (long[] blk : b.freeBlocks(z.index)) {
                long pfn = blk[0];
                int order = (int) blk[1];
                perOrder[order]++;
                assertEquals(0, pfn & ((1L << order) - 1), "free block " + pfn + " of order " + order + " is misaligned");
                assertTrue(map.test(pfn, PageFlags.PG_buddy), "free head " + pfn + " lacks PG_buddy");
                assertEquals(order, map.priv(pfn), "free head " + pfn + " private != order");
                assertEquals(0, map.count(pfn), "free head " + pfn + " has _count " + map.count(pfn));
                assertEquals(-1, map.mapcount(pfn));
                for (long i = 0; i < (1L << order); i++) {
                    long f = pfn + i;
                    assertTrue(z.contains(f), "free block " + pfn + " leaves zone " + z.name);
                    if (owner[(int) f] != 0) {
                        fail("frame " + f + " is in two places (free block " + pfn + ")");
                    }
                    owner[(int) f] = 1;
                    if (i > 0) {
                        assertTrue(!map.test(f, PageFlags.PG_buddy), "PG_buddy inside free block at " + f);
                    }
                }
                freePages += 1L << order;
            }
            for (int o = 0; o < Profile.MAX_ORDER; o++) {
                assertEquals(perOrder[o], k.pageAllocator().nrFree(z.index, o), z.name + " nr_free[" + o + "]");
            }
            assertEquals(freePages, z.nrFreePages(), z.name + " NR_FREE_PAGES");
            long pcpCount = 0;
            for (int pfn : b.pcpPages(z.index)) {
                if (owner[pfn] != 0) {
                    fail("pcp frame " + pfn + " is also elsewhere");
                }
                owner[pfn] = 2;
                assertEquals(0, map.count(pfn));
                assertTrue(!map.test(pfn, PageFlags.PG_buddy));
                pcpCount++;
            }
            assertEquals(pcpCount, k.pageAllocator().pcp(z.index)[0], z.name + " pcp count");
        }
        for (Map.Entry<Long, Integer> e : allocated.entrySet()) {
            long pfn = e.getKey();
            for (long i = 0; i < (1L << e.getValue()); i++) {
                if (owner[(int) (pfn + i)] != 0) {
                    fail("allocated frame " + (pfn + i) + " is also free");
                }
                owner[(int) (pfn + i)] = 3;
            }
            assertEquals(1, map.count(pfn), "allocated head " + pfn + " _count");
        }
        for (long pfn = 0; pfn < map.nrPages(); pfn++) {
            if (owner[(int) pfn] == 0) {
                if (map.test(pfn, PageFlags.PG_reserved)) {
                    owner[(int) pfn] = 4;
                } else {
                    fail("frame " + pfn + " is neither free, allocated nor reserved (leaked)");
                }
            }
        }
    }
}
