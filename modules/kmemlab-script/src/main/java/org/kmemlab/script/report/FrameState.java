package org.kmemlab.script.report;

import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kmemlab.api.MemMap;
import org.kmemlab.api.PageFlags;
import org.kmemlab.kernel.Kernel;
import org.kmemlab.kernel.view.FrameClassifier;
import org.kmemlab.kernel.view.FrameKind;

/**
 * The report's shadow copy of one machine's frames: each frame's kind code (from {@link FrameClassifier}, whose
 * slab cache indices stay stable for the machine's life) and the raw {@code struct page} fields the page
 * needs to rebuild {@code dump_page()}. Comparing a re-classified region with the shadow gives a step's delta.
 */
final class FrameState {
    /** Ints per changed frame in a delta: pfn, code, flags, _count, _mapcount, private. */
    static final int DELTA_STRIDE = 6;

    private final MemMap mm;
    private final FrameClassifier classifier;
    private final int n;
    private final int[] code;
    private final int[] flags;
    private final int[] count;
    private final int[] mapcount;
    private final int[] priv;
    /** Frames whose mapping or index is not 0 (rare, except a SLUB page's freelist): pfn → {mapping, index}. */
    private final Map<Integer, long[]> extra = new HashMap<>();
    /** Frames the shadow holds as slab pages: slab objects change them without a page event. */
    private final BitSet slabFrames = new BitSet();
    private int[] buf = new int[0];

    FrameState(Kernel k) {
        this.mm = k.physmem().memMap();
        this.classifier = new FrameClassifier(k);
        this.n = (int) mm.nrPages();
        this.code = new int[n];
        this.flags = new int[n];
        this.count = new int[n];
        this.mapcount = new int[n];
        this.priv = new int[n];
        int[] all = classifier.classifyAll();
        for (int pfn = 0; pfn < n; pfn++) {
            code[pfn] = all[pfn];
            flags[pfn] = mm.pgFlags(pfn);
            count[pfn] = mm.count(pfn);
            mapcount[pfn] = mm.mapcount(pfn);
            priv[pfn] = mm.priv(pfn);
            long mapping = mm.mapping(pfn);
            long index = mm.index(pfn);
            if (mapping != 0 || index != 0) {
                extra.put(pfn, new long[] {mapping, index});
            }
            trackSlab(pfn);
        }
    }

    int nrFrames() {
        return n;
    }

    /** Names of the slab caches SLAB codes index: the classifier's list, which only grows while it lives. */
    List<String> caches() {
        return classifier.cacheNames();
    }

    /** The whole shadow, run-length encoded per column (the state before the first step). */
    Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("codes", Rle.encode(code));
        m.put("flags", Rle.encode(flags));
        m.put("count", Rle.encode(count));
        m.put("mapcount", Rle.encode(mapcount));
        m.put("priv", Rle.encode(priv));
        m.put("x", extraJson(extra.keySet()));
        return m;
    }

    /** Collects the frames of {@code [from, to)} that differ from the shadow into {@code delta}, updating it. */
    void diffRange(int from, int to, Delta delta) {
        from = Math.max(0, from);
        to = Math.min(n, to);
        if (from >= to) {
            return;
        }
        if (buf.length < to - from) {
            buf = new int[to - from];
        }
        classifier.classify(from, to, buf, 0);
        for (int pfn = from; pfn < to; pfn++) {
            diffFrame(pfn, buf[pfn - from], delta);
        }
    }

    /**
     * Re-checks every frame the shadow holds as a slab page (a step changed some cache). Consecutive slab frames are
     * classified in one call: each call also walks the page-table and vmalloc lists, so one call per frame is slow.
     */
    void diffSlabFrames(Delta delta) {
        BitSet todo = (BitSet) slabFrames.clone();
        for (int from = todo.nextSetBit(0); from >= 0; from = todo.nextSetBit(from)) {
            int to = todo.nextClearBit(from);
            int a = from;
            while (a < to) {
                if (delta.covers(a)) {
                    a++;
                    continue;
                }
                int b = a + 1;
                while (b < to && !delta.covers(b)) {
                    b++;
                }
                diffRange(a, b, delta);
                a = b;
            }
            from = to;
        }
    }

    private void diffFrame(int pfn, int c, Delta delta) {
        int f = mm.pgFlags(pfn);
        int cnt = mm.count(pfn);
        int mc = mm.mapcount(pfn);
        int pv = mm.priv(pfn);
        long mapping = mm.mapping(pfn);
        long index = mm.index(pfn);
        long[] old = extra.get(pfn);
        boolean extraSame = old == null ? mapping == 0 && index == 0 : old[0] == mapping && old[1] == index;
        if (c == code[pfn] && f == flags[pfn] && cnt == count[pfn] && mc == mapcount[pfn] && pv == priv[pfn]
            && extraSame) {
            return;
        }
        code[pfn] = c;
        flags[pfn] = f;
        count[pfn] = cnt;
        mapcount[pfn] = mc;
        priv[pfn] = pv;
        if (mapping != 0 || index != 0) {
            extra.put(pfn, new long[] {mapping, index});
        } else {
            extra.remove(pfn);
        }
        trackSlab(pfn);
        delta.add(pfn, c, f, cnt, mc, pv, mapping, index);
    }

    private void trackSlab(int pfn) {
        boolean slab = FrameClassifier.kind(code[pfn]) == FrameKind.SLAB || (flags[pfn] & (1 << PageFlags.PG_slab)) != 0;
        slabFrames.set(pfn, slab);
    }

    private Map<String, Object> extraJson(Iterable<Integer> pfns) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int pfn : pfns) {
            long[] v = extra.get(pfn);
            if (v != null) {
                m.put(Integer.toString(pfn), List.of(Long.toHexString(v[0]), Long.toHexString(v[1])));
            }
        }
        return m;
    }
}
