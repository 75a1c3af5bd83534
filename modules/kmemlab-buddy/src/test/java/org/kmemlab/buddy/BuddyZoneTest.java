package org.kmemlab.buddy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kmemlab.api.EventBus;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.MemMap;
import org.kmemlab.api.PageFlags;
import org.kmemlab.api.Profile;
import org.kmemlab.api.Zone;

/** The list algorithms on a bare zone: expand(), __rmqueue_smallest(), __free_one_page() (reference §3.2–3.3). */
class BuddyZoneTest {
    private MemMap map;
    private BuddyZone bz;

    @BeforeEach
    void setUp() {
        Profile p = new Profile(MachineConfig.defaults().withRam(32L << 20));
        map = new MemMap(p);
        for (long pfn = 0; pfn < map.nrPages(); pfn++) {
            map.setMapcount(pfn, -1);
        }
        Zone z = new Zone(1, "DMA32", false, 4096, 4096, 4);
        bz = new BuddyZone(z, map, p.pageblockOrder, false, new EventBus());
    }

    private void free(long pfn, int order) {
        bz.freeOnePage(pfn, order, 0);
    }

    @Test
    void expandKeepsLowestBlockAndPutsUpperHalvesOnLowerLists() {
        long p = 0x1008; // an order-3 block
        free(p, 3);
        assertEquals(1, bz.freeArea[3].nrFree);
        assertEquals(p, bz.rmqueueSmallest(0, 0));
        // P+4 order 2, P+2 order 1, P+1 order 0
        assertEquals(p + 4, bz.freeArea[2].freeList[0].first());
        assertEquals(p + 2, bz.freeArea[1].freeList[0].first());
        assertEquals(p + 1, bz.freeArea[0].freeList[0].first());
        assertTrue(map.test(p + 4, PageFlags.PG_buddy));
        assertEquals(2, map.priv(p + 4));
        assertFalse(map.test(p, PageFlags.PG_buddy));
        assertEquals(0, bz.freeArea[3].nrFree);
        // the next order-0 requests come out ascending: P+1, P+2 (splitting order 1), P+3, P+4
        assertEquals(p + 1, bz.rmqueueSmallest(0, 0));
        assertEquals(p + 2, bz.rmqueueSmallest(0, 0));
        assertEquals(p + 3, bz.rmqueueSmallest(0, 0));
        assertEquals(p + 4, bz.rmqueueSmallest(0, 0));
    }

    @Test
    void freeCoalescesWithBuddyByXorOfTheOrderBit() {
        free(0x1000, 0);
        free(0x1001, 0); // buddy of 0x1000 at order 0 is 0x1000 ^ 1
        assertEquals(0, bz.freeArea[0].nrFree);
        assertEquals(1, bz.freeArea[1].nrFree);
        assertEquals(0x1000, bz.freeArea[1].freeList[0].first());
        free(0x1003, 0);
        free(0x1002, 0); // 0x1002 merges with 0x1003, then the pair with 0x1000
        assertEquals(1, bz.freeArea[2].nrFree);
        assertEquals(0x1000, bz.freeArea[2].freeList[0].first());
        assertFalse(map.test(0x1002, PageFlags.PG_buddy));
        assertEquals(2, map.priv(0x1000));
    }

    @Test
    void noMergeWithABuddyOfAnotherOrder() {
        free(0x1000, 0);
        free(0x1002, 1); // buddy at order 1 is 0x1000, but that block is order 0
        assertEquals(1, bz.freeArea[0].nrFree);
        assertEquals(1, bz.freeArea[1].nrFree);
    }

    @Test
    void freedBlocksGoToTheListHead() {
        free(0x1000, 0);
        free(0x1004, 0);
        free(0x1008, 0);
        assertEquals(0x1008, bz.freeArea[0].freeList[0].first());
        assertEquals(0x1000, bz.freeArea[0].freeList[0].last());
    }

    @Test
    void mergingStopsAtMaxOrderMinusOne() {
        for (long pfn = 0x1000; pfn < 0x1000 + 2048; pfn += 1024) {
            free(pfn, 10);
        }
        assertEquals(2, bz.freeArea[10].nrFree); // two order-10 buddies never become order 11
    }

    @Test
    void mergingNeverCrossesTheZone() {
        free(0x1fff, 0); // last frame of this zone
        Zone dma = new Zone(0, "DMA", false, 0, 4096, 4);
        BuddyZone other = new BuddyZone(dma, map, 9, false, new EventBus());
        other.freeOnePage(0xffe, 0, 0);
        free(0x1000, 0);
        // 0x1000's order-0 buddy is 0x1001 (not free); nothing crosses from DMA (0xfff is not free here)
        assertEquals(2, bz.freeArea[0].nrFree);
        assertTrue(bz.pageIsBuddy(0x1000, 0));
        assertFalse(bz.pageIsBuddy(0xffe, 0)); // a free block in another zone is never a buddy
    }
}
