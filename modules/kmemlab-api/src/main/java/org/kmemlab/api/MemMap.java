package org.kmemlab.api;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code mem_map[]}: one {@code struct page} per frame, stored as structure-of-arrays indexed by pfn.
 * Six int arrays make 24 bytes of heap per frame (Linux: 56). The zone id is not stored: it is derived
 * from the pfn and shown in {@link #flags(long)} at the bit position the kernel keeps it in.
 * {@code mapping} and {@code index} are rarely set and live in sparse maps.
 *
 * <p>The lru fields are an intrusive doubly linked list over pfns ({@link #NIL} ends a list), as
 * {@code struct list_head lru} is in the kernel; {@link PageList} manages list heads.
 */
public final class MemMap {
    public static final int NIL = -1;
    private static final int UNMAPPED_BIT = 1 << 31;
    private static final int PG_MASK = ~UNMAPPED_BIT;

    private final Profile profile;
    /**
     * The six int fields of every struct page, interleaved: a page's fields share one cache line, as
     * they do in the kernel's array of structs (a separate array per field cost ~25% on the allocator's
     * hot paths, measured with the replay benchmark).
     */
    private final int[] pages;
    private static final int STRIDE = 6;
    private static final int F_FLAGS = 0;
    private static final int F_COUNT = 1;
    private static final int F_MAPCOUNT = 2;
    private static final int F_PRIV = 3;
    private static final int F_NEXT = 4;
    private static final int F_PREV = 5;
    private final int nrPages;
    private final Map<Integer, Long> mapping = new HashMap<>();
    private final Map<Integer, Long> index = new HashMap<>();
    private final long[] zoneStart;
    private int nextListHead;

    /** List heads live in the lru arrays after the last frame, so list_del needs no head (as in the kernel). */
    public static final int MAX_LIST_HEADS = 4096;

    public MemMap(Profile profile) {
        this.profile = profile;
        if (profile.maxPfn > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many page frames: " + profile.maxPfn);
        }
        int n = (int) profile.maxPfn;
        if ((long) (n + MAX_LIST_HEADS) * STRIDE > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many page frames: " + profile.maxPfn);
        }
        nrPages = n;
        pages = new int[(n + MAX_LIST_HEADS) * STRIDE];
        nextListHead = n;
        zoneStart = new long[profile.zones.size()];
        for (int i = 0; i < zoneStart.length; i++) {
            Profile.ZoneSpec z = profile.zones.get(i);
            zoneStart[i] = z.spanned() > 0 ? z.startPfn() : Long.MAX_VALUE;
        }
    }

    public Profile profile() {
        return profile;
    }

    public long nrPages() {
        return nrPages;
    }

    /** pfn_valid() for FLATMEM. */
    public boolean pfnValid(long pfn) {
        return pfn >= 0 && pfn < nrPages;
    }

    /** page_zonenum(). */
    public int zoneIdx(long pfn) {
        for (int i = zoneStart.length - 1; i > 0; i--) {
            if (pfn >= zoneStart[i]) {
                return i;
            }
        }
        return 0;
    }

    /** page->flags as the kernel holds it: PG bits low, zone id at ZONES_PGSHIFT. */
    public long flags(long pfn) {
        return (pages[(int) pfn * STRIDE + F_FLAGS] & PG_MASK) | ((long) zoneIdx(pfn) << profile.zonesPgShift);
    }

    /** The PG_* bits alone. */
    public int pgFlags(long pfn) {
        return pages[(int) pfn * STRIDE + F_FLAGS] & PG_MASK;
    }

    public void setPgFlags(long pfn, int v) {
        pages[(int) pfn * STRIDE + F_FLAGS] = (pages[(int) pfn * STRIDE + F_FLAGS] & UNMAPPED_BIT) | (v & PG_MASK);
    }

    /**
     * kmemlab's own bit, never shown in page->flags: the frame is unmapped from the kernel direct map,
     * as CONFIG_DEBUG_PAGEALLOC's kernel_map_pages(page, n, 0) leaves a free page.
     */
    public boolean unmapped(long pfn) {
        return (pages[(int) pfn * STRIDE + F_FLAGS] & UNMAPPED_BIT) != 0;
    }

    public void setUnmapped(long pfn, boolean u) {
        if (u) {
            pages[(int) pfn * STRIDE + F_FLAGS] |= UNMAPPED_BIT;
        } else {
            pages[(int) pfn * STRIDE + F_FLAGS] &= ~UNMAPPED_BIT;
        }
    }

    public boolean test(long pfn, int pg) {
        return (pages[(int) pfn * STRIDE + F_FLAGS] & (1 << pg)) != 0;
    }

    public void set(long pfn, int pg) {
        pages[(int) pfn * STRIDE + F_FLAGS] |= 1 << pg;
    }

    public void clear(long pfn, int pg) {
        pages[(int) pfn * STRIDE + F_FLAGS] &= ~(1 << pg);
    }

    /**
     * The test free_pages_check() and check_new_page() make, in one read of the page's fields: true when
     * the page is mapped, has a mapping, has a reference, or has one of mask's flags set.
     */
    public boolean badState(long pfn, int mask) {
        int b = (int) pfn * STRIDE;
        int bad = (pages[b + F_MAPCOUNT] + 1) | pages[b + F_COUNT] | (pages[b + F_FLAGS] & mask & PG_MASK);
        return bad != 0 || (!mapping.isEmpty() && mapping.containsKey((int) pfn));
    }

    /** page->_count. */
    public int count(long pfn) {
        return pages[(int) pfn * STRIDE + F_COUNT];
    }

    public void setCount(long pfn, int v) {
        pages[(int) pfn * STRIDE + F_COUNT] = v;
    }

    /** page->_mapcount (−1 when unmapped). SLUB overlays inuse (low 16 bits) and objects (high 16). */
    public int mapcount(long pfn) {
        return pages[(int) pfn * STRIDE + F_MAPCOUNT];
    }

    public void setMapcount(long pfn, int v) {
        pages[(int) pfn * STRIDE + F_MAPCOUNT] = v;
    }

    /** page->private: buddy order, pcp migratetype, first_page pfn of a compound tail, slab cache id. */
    public int priv(long pfn) {
        return pages[(int) pfn * STRIDE + F_PRIV];
    }

    public void setPriv(long pfn, int v) {
        pages[(int) pfn * STRIDE + F_PRIV] = v;
    }

    public int lruNext(long pfn) {
        return pages[(int) pfn * STRIDE + F_NEXT];
    }

    public int lruPrev(long pfn) {
        return pages[(int) pfn * STRIDE + F_PREV];
    }

    public void setLru(long pfn, int next, int prev) {
        pages[(int) pfn * STRIDE + F_NEXT] = next;
        pages[(int) pfn * STRIDE + F_PREV] = prev;
    }

    public void setLruNext(long pfn, int next) {
        pages[(int) pfn * STRIDE + F_NEXT] = next;
    }

    public void setLruPrev(long pfn, int prev) {
        pages[(int) pfn * STRIDE + F_PREV] = prev;
    }

    /** Reserves an lru slot for a list head ({@link PageList}); not a frame. */
    public int allocListHead() {
        if (nextListHead >= nrPages + MAX_LIST_HEADS) {
            throw new IllegalStateException("out of list heads (" + MAX_LIST_HEADS + ")");
        }
        return nextListHead++;
    }

    /** list_del(&page->lru): unlink from whatever list holds it; the links become NIL. */
    public void listDel(long pfn) {
        int p = (int) pfn;
        int n = pages[p * STRIDE + F_NEXT];
        int pr = pages[p * STRIDE + F_PREV];
        pages[pr * STRIDE + F_NEXT] = n;
        pages[n * STRIDE + F_PREV] = pr;
        pages[p * STRIDE + F_NEXT] = NIL;
        pages[p * STRIDE + F_PREV] = NIL;
    }

    /** __list_add(new, prev, next). */
    public void listAdd(int entry, int prev, int next) {
        pages[entry * STRIDE + F_NEXT] = next;
        pages[entry * STRIDE + F_PREV] = prev;
        pages[prev * STRIDE + F_NEXT] = entry;
        pages[next * STRIDE + F_PREV] = entry;
    }

    /** Whether the page is linked on some list. */
    public boolean onList(long pfn) {
        return pages[(int) pfn * STRIDE + F_NEXT] != NIL;
    }

    /** page->mapping (0 = NULL). */
    public long mapping(long pfn) {
        if (mapping.isEmpty()) {
            return 0; // the common case: no page has a mapping; skips boxing on the allocator's hot path
        }
        Long v = mapping.get((int) pfn);
        return v == null ? 0 : v;
    }

    public void setMapping(long pfn, long v) {
        if (v == 0) {
            mapping.remove((int) pfn);
        } else {
            mapping.put((int) pfn, v);
        }
    }

    /** page->index (SLUB: freelist). */
    public long index(long pfn) {
        if (index.isEmpty()) {
            return 0;
        }
        Long v = index.get((int) pfn);
        return v == null ? 0 : v;
    }

    public void setIndex(long pfn, long v) {
        if (v == 0) {
            index.remove((int) pfn);
        } else {
            index.put((int) pfn, v);
        }
    }

    /** Heap bytes per frame the arrays take (the sparse maps aside). */
    public static int bytesPerFrame() {
        return 6 * Integer.BYTES;
    }
}
