package org.kmemlab.kernel.view;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.kmemlab.api.MemMap;
import org.kmemlab.api.Mmu;
import org.kmemlab.api.PageFlags;
import org.kmemlab.api.Profile;
import org.kmemlab.api.SlabAllocator;
import org.kmemlab.api.VmallocAllocator;
import org.kmemlab.api.Zone;
import org.kmemlab.kernel.Kernel;

/**
 * Tells what each page frame is from its {@code struct page}, by the kernel's conventions: {@code PG_reserved},
 * a {@code PG_buddy} head whose {@code private} is the free block's order (the block's other frames carry
 * nothing), a count-0 page on a list (the per-CPU lists, {@code private} = migratetype), {@code PG_slab},
 * {@code PG_head}/{@code PG_tail}, and from the slots: page-table pages (mmu) and the frames behind vmalloc
 * areas. A frame with a reference, or a count-0 flagless frame in no free block and on no list (the tail of a
 * higher-order non-compound allocation), is allocated.
 *
 * <p>A code is {@code kind.ordinal() | detail << 8}; detail is the free block's order for {@link FrameKind#FREE},
 * an index into {@link #cacheNames()} for {@link FrameKind#SLAB}, 0 otherwise.
 */
public final class FrameClassifier {
    private static final int BUDDY = 1 << PageFlags.PG_buddy;
    private static final int RESERVED = 1 << PageFlags.PG_reserved;
    private static final int SLAB = 1 << PageFlags.PG_slab;
    private static final int HEAD = 1 << PageFlags.PG_head;
    private static final int TAIL = 1 << PageFlags.PG_tail;
    private static final int HOLE_CODE = FrameKind.HOLE.ordinal();
    private static final int ALLOCATED_CODE = FrameKind.ALLOCATED.ordinal();
    private static final int VMALLOC_CODE = FrameKind.VMALLOC.ordinal();
    private static final int PAGE_TABLE_CODE = FrameKind.PAGE_TABLE.ordinal();

    private final Kernel k;
    private final MemMap map;
    private final long nrPages;
    private final long[] zoneStart;
    private final long[] zoneEnd;
    private final List<String> cacheNames = new ArrayList<>();
    private final Map<String, Integer> cacheIndex = new HashMap<>();

    public FrameClassifier(Kernel k) {
        this.k = k;
        this.map = k.physmem().memMap();
        this.nrPages = map.nrPages();
        List<Zone> zones = k.physmem().zones();
        zoneStart = new long[zones.size()];
        zoneEnd = new long[zones.size()];
        for (int i = 0; i < zones.size(); i++) {
            zoneStart[i] = zones.get(i).startPfn;
            zoneEnd[i] = zones.get(i).endPfn();
        }
    }

    public static FrameKind kind(int code) {
        return FrameKind.values()[code & 0xff];
    }

    public static int detail(int code) {
        return code >>> 8;
    }

    /** Cache names SLAB codes index; grows as new caches are seen, indices stay stable. */
    public List<String> cacheNames() {
        return java.util.Collections.unmodifiableList(cacheNames);
    }

    /** Every pfn of mem_map. */
    public int[] classifyAll() {
        int[] out = new int[(int) nrPages];
        classify(0, nrPages, out, 0);
        return out;
    }

    /** Codes of frames [from, to) into out[offset..]. */
    public void classify(long from, long to, int[] out, int offset) {
        if (from < 0 || to < from || offset < 0 || to - from > out.length - offset) {
            throw new IllegalArgumentException("classify: bad range [" + from + ", " + to + ") for " + (out.length - offset)
                + " codes");
        }
        long pfn = from;
        long head = enclosingFreeHead(from);
        if (head >= 0) {
            pfn = fillFree(head, from, from, to, out, offset);
        }
        boolean anyAllocated = false;
        while (pfn < to) {
            int i = (int) (pfn - from) + offset;
            if (!inZone(pfn)) {
                out[i] = HOLE_CODE;
                pfn++;
                continue;
            }
            int fl = map.pgFlags(pfn);
            if ((fl & RESERVED) != 0) {
                out[i] = FrameKind.RESERVED.ordinal();
            } else if ((fl & BUDDY) != 0) {
                pfn = fillFree(pfn, pfn, from, to, out, offset);
                continue;
            } else if ((fl & SLAB) != 0) {
                out[i] = slabCode(pfn);
            } else if ((fl & TAIL) != 0) {
                long h = map.priv(pfn);
                out[i] = map.pfnValid(h) && map.test(h, PageFlags.PG_slab) ? slabCode(h)
                    : FrameKind.COMPOUND_TAIL.ordinal();
            } else if ((fl & HEAD) != 0) {
                out[i] = FrameKind.COMPOUND_HEAD.ordinal();
            } else if (map.count(pfn) == 0 && map.onList(pfn)) {
                out[i] = FrameKind.PCP.ordinal(); // free_hot_cold_page: on a pcp list, private = migratetype
            } else {
                out[i] = ALLOCATED_CODE;
                anyAllocated = true;
            }
            pfn++;
        }
        overlayPageTables(from, to, out, offset);
        if (anyAllocated) {
            overlayVmalloc(from, to, out, offset);
        }
    }

    /** The head of the free block that covers pfn from an earlier frame: aligned candidates at each order upward. */
    private long enclosingFreeHead(long pfn) {
        if (!inZone(pfn)) {
            return -1;
        }
        for (int j = 1; j < Profile.MAX_ORDER; j++) {
            long cand = pfn & -(1L << j);
            if (cand == pfn) {
                continue;
            }
            if (map.pfnValid(cand) && (map.pgFlags(cand) & (BUDDY | RESERVED)) == BUDDY) {
                return cand + (1L << order(cand)) > pfn ? cand : -1;
            }
        }
        return -1;
    }

    /** page_order() of a PG_buddy head, clamped to what the buddy allocator can hold. */
    private int order(long head) {
        int o = map.priv(head);
        return o < 0 || o >= Profile.MAX_ORDER ? 0 : o;
    }

    /** Marks [start, min(to, head + 2^order)) FREE (out[offset] is frame origin); returns where marking stopped. */
    private long fillFree(long head, long start, long origin, long to, int[] out, int offset) {
        int o = order(head);
        long end = Math.min(Math.min(to, head + (1L << o)), nrPages);
        int code = FrameKind.FREE.ordinal() | o << 8;
        long base = origin - offset;
        for (long p = start; p < end; p++) {
            out[(int) (p - base)] = code;
        }
        return Math.max(end, start + 1);
    }

    private boolean inZone(long pfn) {
        if (!map.pfnValid(pfn)) {
            return false;
        }
        for (int z = 0; z < zoneStart.length; z++) {
            if (pfn >= zoneStart[z] && pfn < zoneEnd[z]) {
                return true;
            }
        }
        return false;
    }

    private int slabCode(long head) {
        SlabAllocator s = k.slabAllocator();
        String name = s == null ? null : s.cacheOfPage(head);
        if (name == null) {
            name = "slab";
        }
        Integer idx = cacheIndex.get(name);
        if (idx == null) {
            idx = cacheNames.size();
            cacheNames.add(name);
            cacheIndex.put(name, idx);
        }
        return FrameKind.SLAB.ordinal() | idx << 8;
    }

    private void overlayPageTables(long from, long to, int[] out, int offset) {
        Mmu mmu = k.mmu();
        if (mmu == null) {
            return;
        }
        for (long t : mmu.pageTablePfns()) {
            if (t >= from && t < to) {
                int i = (int) (t - from) + offset;
                if (out[i] != HOLE_CODE) {
                    out[i] = PAGE_TABLE_CODE;
                }
            }
        }
    }

    private void overlayVmalloc(long from, long to, int[] out, int offset) {
        VmallocAllocator v = k.vmallocAllocator();
        if (v == null) {
            return;
        }
        v.forEachAreaPage(p -> {
            if (p >= from && p < to) {
                int i = (int) (p - from) + offset;
                if (out[i] == ALLOCATED_CODE) {
                    out[i] = VMALLOC_CODE;
                }
            }
        });
    }
}
