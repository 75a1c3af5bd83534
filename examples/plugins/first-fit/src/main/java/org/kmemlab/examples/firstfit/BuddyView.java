package org.kmemlab.examples.firstfit;

import static org.kmemlab.api.Profile.MAX_ORDER;

/**
 * What {@code /proc/buddyinfo} shows for a first-fit zone. First fit has no free_area[] lists, so the view
 * cuts every free range into maximal naturally aligned power-of-two blocks, no larger than MAX_ORDER−1:
 * exactly the blocks a buddy allocator holding the same free frames would have on its lists. The counts
 * say how fragmented the free memory is, in the buddy allocator's terms; they are computed when asked.
 */
final class BuddyView {
    private BuddyView() {
    }

    /** nr_free per order: the number of blocks of each order the zone's free ranges cut into. */
    static long[] nrFreePerOrder(FreeRanges free) {
        long[] nrFree = new long[MAX_ORDER];
        free.forEach((start, length) -> {
            long pfn = start;
            long end = start + length;
            while (pfn < end) {
                // the largest block that starts at pfn (aligned to its own size) and fits before end
                int order = Math.min(Long.numberOfTrailingZeros(pfn), MAX_ORDER - 1);
                while (pfn + (1L << order) > end) {
                    order--;
                }
                nrFree[order]++;
                pfn += 1L << order;
            }
        });
        return nrFree;
    }
}
