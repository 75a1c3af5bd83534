package org.kmemlab.conform;

import static org.kmemlab.conform.Violation.fail;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.kmemlab.api.PhysMem;
import org.kmemlab.api.Profile;
import org.kmemlab.kernel.Kernel;

/**
 * The blocks a check holds, allocated and freed through the kernel facade. Every block the allocator returns
 * is checked where it lies: inside RAM, aligned to its size, in one zone the gfp mask allows, made only of
 * frames free_all_bootmem handed over, and overlapping no block that is still allocated.
 */
final class PageBlocks {
    /** A block as the check holds it, with the call that returned it. */
    record Block(long pfn, int order, int gfp, String call) {
        long pages() {
            return 1L << order;
        }

        long end() {
            return pfn + pages();
        }
    }

    private final Kernel k;
    private final Profile p;
    private final BitSet bootFree = new BitSet();
    private final TreeMap<Long, Block> live = new TreeMap<>();
    private final List<Block> order = new ArrayList<>();

    PageBlocks(Kernel k) {
        this.k = k;
        this.p = k.profile();
        for (long[] r : k.physmem().bootFreeRanges()) {
            bootFree.set((int) r[0], (int) r[1]);
        }
    }

    static String call(int gfp, int order) {
        return "alloc_pages(" + Fmt.gfp(gfp) + ", " + order + ")";
    }

    /** alloc_pages(gfp, order): the block, checked and recorded, or null for NULL. */
    Block alloc(int gfp, int order) {
        long pfn = k.alloc_pages(gfp, order);
        if (pfn == Kernel.NULL_PAGE) {
            return null;
        }
        Block b = new Block(pfn, order, gfp, call(gfp, order));
        check(b);
        live.put(pfn, b);
        this.order.add(b);
        return b;
    }

    /** The placement rules for a block just returned (not yet recorded). */
    void check(Block b) {
        long n = b.pages();
        if (b.pfn() < 0 || b.pfn() >= p.maxPfn) {
            fail("%s returned %s, outside RAM (pfns 0x0-%s)", b.call(), Fmt.pfn(b.pfn()), Fmt.hex(p.maxPfn - 1));
        }
        if (b.end() > p.maxPfn) {
            fail("%s returned %s, whose %s run past the end of RAM (last pfn %s)", b.call(), Fmt.pfn(b.pfn()),
                Fmt.pages(n), Fmt.hex(p.maxPfn - 1));
        }
        if ((b.pfn() & (n - 1)) != 0) {
            fail("%s returned %s, not aligned to %s", b.call(), Fmt.pfn(b.pfn()), Fmt.pages(n));
        }
        int zone = k.page_zonenum(b.pfn());
        int lastZone = k.page_zonenum(b.end() - 1);
        if (zone != lastZone) {
            fail("%s returned %s, whose pages span zones %s and %s; a block lies in one zone", b.call(), Fmt.pfn(b.pfn()),
                Probe.zoneName(k, zone), Probe.zoneName(k, lastZone));
        }
        int highest = GfpZones.highestZone(p, b.gfp());
        if (zone > highest) {
            fail("%s returned %s in zone %s; %s may use zone %s%s", b.call(), Fmt.pfn(b.pfn()), Probe.zoneName(k, zone),
                Fmt.gfp(b.gfp()), Probe.zoneName(k, highest), highest == 0 ? " only" : " or lower");
        }
        int notFree = bootFree.nextClearBit((int) b.pfn());
        if (notFree < b.end()) {
            fail("%s returned %s (%s) including %s, which free_all_bootmem never handed over (%s)", b.call(),
                Fmt.pfn(b.pfn()), Fmt.pages(n), Fmt.pfn(notFree), reservedAs(k.physmem(), notFree));
        }
        Map.Entry<Long, Block> below = live.floorEntry(b.end() - 1);
        if (below != null && below.getValue().end() > b.pfn()) {
            Block o = below.getValue();
            fail("%s returned %s (%s), which overlaps the block at %s (%s) that %s returned earlier and is still"
                + " allocated", b.call(), Fmt.pfn(b.pfn()), Fmt.pages(n), Fmt.pfn(o.pfn()), Fmt.pages(o.pages()), o.call());
        }
    }

    private static String reservedAs(PhysMem phys, long pfn) {
        for (PhysMem.ReservedRange r : phys.reservedRanges()) {
            if (pfn >= r.startPfn() && pfn < r.endPfn()) {
                return "reserved: " + r.what();
            }
        }
        return "reserved at boot";
    }

    /** __free_pages() of a block the check holds. */
    void free(Block b) {
        if (live.remove(b.pfn()) == null) {
            throw new IllegalStateException("not a live block: " + b);
        }
        order.remove(b);
        k.__free_pages(b.pfn(), b.order());
    }

    /** Frees a random live block; false when none is left. */
    boolean freeRandom(Random r) {
        if (order.isEmpty()) {
            return false;
        }
        int i = r.nextInt(order.size());
        Block b = order.get(i);
        order.set(i, order.get(order.size() - 1));
        order.remove(order.size() - 1);
        live.remove(b.pfn());
        k.__free_pages(b.pfn(), b.order());
        return true;
    }

    /** Frees every live block, newest first. */
    void freeAll() {
        while (!order.isEmpty()) {
            Block b = order.remove(order.size() - 1);
            live.remove(b.pfn());
            k.__free_pages(b.pfn(), b.order());
        }
    }

    List<Block> live() {
        return List.copyOf(order);
    }

    int size() {
        return order.size();
    }

    long pages() {
        long s = 0;
        for (Block b : order) {
            s += b.pages();
        }
        return s;
    }
}
