package org.kmemlab.api;

/** enum pageflags of include/linux/page-flags.h, 2.6.34, x86_64 numbering (reference §1.4). */
public final class PageFlags {
    private PageFlags() {
    }

    public static final int PG_locked = 0;
    public static final int PG_error = 1;
    public static final int PG_referenced = 2;
    public static final int PG_uptodate = 3;
    public static final int PG_dirty = 4;
    public static final int PG_lru = 5;
    public static final int PG_active = 6;
    public static final int PG_slab = 7;
    public static final int PG_owner_priv_1 = 8;
    public static final int PG_arch_1 = 9;
    public static final int PG_reserved = 10;
    public static final int PG_private = 11;
    public static final int PG_private_2 = 12;
    public static final int PG_writeback = 13;
    public static final int PG_head = 14;
    public static final int PG_tail = 15;
    public static final int PG_swapcache = 16;
    public static final int PG_mappedtodisk = 17;
    public static final int PG_reclaim = 18;
    public static final int PG_buddy = 19;
    public static final int PG_swapbacked = 20;
    public static final int PG_unevictable = 21;
    public static final int PG_mlocked = 22;
    public static final int PG_uncached = 23;
    public static final int PG_hwpoison = 24;
    public static final int NR_PAGEFLAGS = 25;

    /** Aliases the slab allocators use. */
    public static final int PG_slub_frozen = PG_active;
    public static final int PG_slub_debug = PG_error;
    public static final int PG_slob_free = PG_private;

    /** Names as dump_page_flags() prints them, indexed by bit. */
    public static final String[] NAMES = {
        "locked", "error", "referenced", "uptodate", "dirty", "lru", "active", "slab", "owner_priv_1",
        "arch_1", "reserved", "private", "private_2", "writeback", "head", "tail", "swapcache",
        "mappedtodisk", "reclaim", "buddy", "swapbacked", "unevictable", "mlocked", "uncached", "hwpoison"};

    /** The page-flag test macros as scenarios name them (PageLocked ... PageHWPoison), indexed by bit. */
    public static final String[] PREDICATES = {
        "PageLocked", "PageError", "PageReferenced", "PageUptodate", "PageDirty", "PageLRU", "PageActive",
        "PageSlab", "PageOwnerPriv1", "PageArch1", "PageReserved", "PagePrivate", "PagePrivate2",
        "PageWriteback", "PageHead", "PageTail", "PageSwapCache", "PageMappedToDisk", "PageReclaim",
        "PageBuddy", "PageSwapBacked", "PageUnevictable", "PageMlocked", "PageUncached", "PageHWPoison"};

    public static int bit(int flag) {
        return 1 << flag;
    }

    public static final int PAGE_FLAGS_CHECK_AT_FREE = bit(PG_lru) | bit(PG_locked) | bit(PG_private)
        | bit(PG_private_2) | bit(PG_buddy) | bit(PG_writeback) | bit(PG_reserved) | bit(PG_slab)
        | bit(PG_swapcache) | bit(PG_active) | bit(PG_unevictable) | bit(PG_mlocked) | bit(PG_hwpoison);
    public static final int PAGE_FLAGS_CHECK_AT_PREP = (1 << NR_PAGEFLAGS) - 1;

    /** dump_page_flags() list: names of the set low bits joined by '|', unknown bits as |%#lx. */
    public static String names(int pgFlags) {
        StringBuilder sb = new StringBuilder();
        int rest = pgFlags & PAGE_FLAGS_CHECK_AT_PREP;
        for (int b = 0; b < NR_PAGEFLAGS; b++) {
            if ((rest & (1 << b)) != 0) {
                if (sb.length() > 0) {
                    sb.append('|');
                }
                sb.append(NAMES[b]);
            }
        }
        return sb.toString();
    }

    /** compound_head(): the head pfn of a compound page (first_page is kept in private), else pfn. */
    public static long headOf(MemMap m, long pfn) {
        return m.test(pfn, PG_tail) ? m.priv(pfn) : pfn;
    }

    /** compound_order(): page[1].lru.prev of a compound head, 0 for any other page. */
    public static int compoundOrder(MemMap m, long head) {
        return m.test(head, PG_head) ? m.lruPrev(head + 1) : 0;
    }
}
