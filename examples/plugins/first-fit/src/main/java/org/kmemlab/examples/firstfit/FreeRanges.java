package org.kmemlab.examples.firstfit;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * One zone's free frames as a sorted list of ranges {@code [start, start + length)}, keyed by the first
 * pfn. Two ranges never touch: adding frames merges them with the ranges just below and just above, so
 * every range is as long as it can be and the list is the shortest description of the free frames.
 */
final class FreeRanges {
    /** first pfn of a free range → number of frames in it, in address order. */
    private final TreeMap<Long, Long> ranges = new TreeMap<>();

    /** The frames {@code [pfn, pfn + n)} become free; they join the ranges that end at pfn or start at pfn + n. */
    void add(long pfn, long n) {
        long start = pfn;
        long end = pfn + n;
        Map.Entry<Long, Long> below = ranges.lowerEntry(pfn);
        if (below != null && below.getKey() + below.getValue() == pfn) {
            start = below.getKey();
            ranges.remove(start);
        }
        Long above = ranges.remove(end);
        if (above != null) {
            end += above;
        }
        ranges.put(start, end - start);
    }

    /**
     * First fit: the lowest run of 2^order free frames that starts at a multiple of 2^order. The first
     * range (in address order) that holds such a run gives it up; what is left on either side stays free.
     * Returns the run's first pfn, or −1 when no range holds one.
     */
    long takeFirstFit(int order) {
        long n = 1L << order;
        for (Map.Entry<Long, Long> r : ranges.entrySet()) {
            long start = r.getKey();
            long end = start + r.getValue();
            long block = (start + n - 1) & -n; // round start up to a multiple of n
            if (block + n <= end) {
                ranges.remove(start);
                if (block > start) {
                    ranges.put(start, block - start);
                }
                if (block + n < end) {
                    ranges.put(block + n, end - (block + n));
                }
                return block;
            }
        }
        return -1;
    }

    /** The first frame of {@code [pfn, pfn + n)} that is already free, or −1 when none is. */
    long firstFreeIn(long pfn, long n) {
        Map.Entry<Long, Long> below = ranges.floorEntry(pfn);
        if (below != null && below.getKey() + below.getValue() > pfn) {
            return pfn;
        }
        Long next = ranges.higherKey(pfn);
        return next != null && next < pfn + n ? next : -1;
    }

    /** Every range as (first pfn, length), in address order. */
    void forEach(BiConsumer<Long, Long> action) {
        ranges.forEach(action);
    }
}
