package org.kmemlab.script.report;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The frames one step changed: {@code pfn, code, flags, _count, _mapcount, private} per frame in one flat int
 * array (compact in JSON), plus mapping/index (64-bit, so hex strings) for the changed frames where either is set.
 * A changed frame missing from {@code x} has mapping = index = 0.
 */
final class Delta {
    private int[] d = new int[FrameState.DELTA_STRIDE * 8];
    private int size;
    private final Map<String, Object> x = new LinkedHashMap<>();
    private final Set<Integer> regions = new HashSet<>();
    private final int regionShift;

    Delta(int regionShift) {
        this.regionShift = regionShift;
    }

    /** Marks the region holding {@code pfn} as re-classified; false when it already was this step. */
    boolean claimRegion(long pfn) {
        return regions.add((int) (pfn >> regionShift));
    }

    boolean covers(int pfn) {
        return regions.contains(pfn >> regionShift);
    }

    void add(int pfn, int code, int flags, int count, int mapcount, int priv, long mapping, long index) {
        if (size + FrameState.DELTA_STRIDE > d.length) {
            d = Arrays.copyOf(d, d.length * 2);
        }
        d[size++] = pfn;
        d[size++] = code;
        d[size++] = flags;
        d[size++] = count;
        d[size++] = mapcount;
        d[size++] = priv;
        if (mapping != 0 || index != 0) {
            x.put(Integer.toString(pfn), List.of(Long.toHexString(mapping), Long.toHexString(index)));
        }
    }

    int frames() {
        return size / FrameState.DELTA_STRIDE;
    }

    int[] frameData() {
        return Arrays.copyOf(d, size);
    }

    Map<String, Object> extra() {
        return x;
    }
}
