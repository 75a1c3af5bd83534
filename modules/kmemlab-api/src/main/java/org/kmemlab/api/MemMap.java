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
    private final int[] flags;
    private final int[] count;
    private final int[] mapcount;
    private final int[] priv;
    private final int[] lruNext;
    private final int[] lruPrev;
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
        flags = new int[n];
        count = new int[n];
        mapcount = new int[n];
        priv = new int[n];
        lruNext = new int[n + MAX_LIST_HEADS];
        lruPrev = new int[n + MAX_LIST_HEADS];
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
        return flags.length;
    }

    /** pfn_valid() for FLATMEM. */
    public boolean pfnValid(long pfn) {
        return pfn >= 0 && pfn < flags.length;
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
        return (flags[(int) pfn] & PG_MASK) | ((long) zoneIdx(pfn) << profile.zonesPgShift);
    }

    /** The PG_* bits alone. */
    public int pgFlags(long pfn) {
        return flags[(int) pfn] & PG_MASK;
    }

    public void setPgFlags(long pfn, int v) {
        flags[(int) pfn] = (flags[(int) pfn] & UNMAPPED_BIT) | (v & PG_MASK);
    }

    /**
     * kmemlab's own bit, never shown in page->flags: the frame is unmapped from the kernel direct map,
     * as CONFIG_DEBUG_PAGEALLOC's kernel_map_pages(page, n, 0) leaves a free page.
     */
    public boolean unmapped(long pfn) {
        return (flags[(int) pfn] & UNMAPPED_BIT) != 0;
    }

    public void setUnmapped(long pfn, boolean u) {
        if (u) {
            flags[(int) pfn] |= UNMAPPED_BIT;
        } else {
            flags[(int) pfn] &= ~UNMAPPED_BIT;
        }
    }

    public boolean test(long pfn, int pg) {
        return (flags[(int) pfn] & (1 << pg)) != 0;
    }

    public void set(long pfn, int pg) {
        flags[(int) pfn] |= 1 << pg;
    }

    public void clear(long pfn, int pg) {
        flags[(int) pfn] &= ~(1 << pg);
    }

    /** page->_count. */
    public int count(long pfn) {
        return count[(int) pfn];
    }

    public void setCount(long pfn, int v) {
        count[(int) pfn] = v;
    }

    /** page->_mapcount (−1 when unmapped). SLUB overlays inuse (low 16 bits) and objects (high 16). */
    public int mapcount(long pfn) {
        return mapcount[(int) pfn];
    }

    public void setMapcount(long pfn, int v) {
        mapcount[(int) pfn] = v;
    }

    /** page->private: buddy order, pcp migratetype, first_page pfn of a compound tail, slab cache id. */
    public int priv(long pfn) {
        return priv[(int) pfn];
    }

    public void setPriv(long pfn, int v) {
        priv[(int) pfn] = v;
    }

    public int lruNext(long pfn) {
        return lruNext[(int) pfn];
    }

    public int lruPrev(long pfn) {
        return lruPrev[(int) pfn];
    }

    public void setLru(long pfn, int next, int prev) {
        lruNext[(int) pfn] = next;
        lruPrev[(int) pfn] = prev;
    }

    public void setLruNext(long pfn, int next) {
        lruNext[(int) pfn] = next;
    }

    public void setLruPrev(long pfn, int prev) {
        lruPrev[(int) pfn] = prev;
    }

    /** Reserves an lru slot for a list head ({@link PageList}); not a frame. */
    public int allocListHead() {
        if (nextListHead >= lruNext.length) {
            throw new IllegalStateException("out of list heads (" + MAX_LIST_HEADS + ")");
        }
        return nextListHead++;
    }

    /** list_del(&page->lru): unlink from whatever list holds it; the links become NIL. */
    public void listDel(long pfn) {
        int p = (int) pfn;
        int n = lruNext[p];
        int pr = lruPrev[p];
        lruNext[pr] = n;
        lruPrev[n] = pr;
        lruNext[p] = NIL;
        lruPrev[p] = NIL;
    }

    /** __list_add(new, prev, next). */
    public void listAdd(int entry, int prev, int next) {
        lruNext[entry] = next;
        lruPrev[entry] = prev;
        lruNext[prev] = entry;
        lruPrev[next] = entry;
    }

    /** Whether the page is linked on some list. */
    public boolean onList(long pfn) {
        return lruNext[(int) pfn] != NIL;
    }

    /** page->mapping (0 = NULL). */
    public long mapping(long pfn) {
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
