package org.kmemlab.api;

/**
 * The {@code buddy} slot: hands out and takes back blocks of 2^order contiguous frames
 * (mm/page_alloc.c). Reference counting ({@code get_page}/{@code put_page}) lives in the kernel;
 * this slot sees a block only when it is allocated or when its last reference is gone.
 */
public interface PageAllocator {
    /**
     * {@code __alloc_pages_nodemask()}: allocate 2^order frames for {@code gfp} and prepare them as
     * {@code prep_new_page} does (count 1, flags clear, zeroed for {@code __GFP_ZERO}, compound for
     * {@code __GFP_COMP}). Returns the head pfn, or −1 (NULL) on failure.
     */
    long allocPages(int gfp, int order);

    /**
     * {@code free_hot_cold_page()} (order 0) / {@code __free_pages_ok()}: give back a block whose
     * reference count has dropped to zero. Free-time checks report through {@code bad_page}.
     */
    void freePages(long pfn, int order, boolean cold);

    /** {@code __free_pages_bootmem()}: a frame range leaves boot reservation (PG_reserved already clear). */
    void freeBootmem(long pfn, int order);

    /**
     * Boot is over (all bootmem handed over): set up what the kernel sets up in its initcalls after
     * mem_init, e.g. setup_zone_migrate_reserve() and the per-CPU pagesets.
     */
    void bootComplete();

    /** {@code drain_all_pages()}: empty the per-CPU lists into the buddy lists. */
    void drainAllPages();

    // ---- views (/proc/buddyinfo, pagetypeinfo, zoneinfo) ----

    /** free_area[order].nr_free of a zone, in blocks. */
    long nrFree(int zone, int order);

    /**
     * Blocks on free_area[order].free_list[migratetype] (mobility on), or all blocks for type 0 (off). The default
     * is an allocator without mobility grouping: every free block counts as MIGRATE_UNMOVABLE.
     */
    default long nrFreeOfType(int zone, int order, int migratetype) {
        return migratetype == 0 ? nrFree(zone, order) : 0;
    }

    /** Whether migrate types and pageblocks are in use (default: no). */
    default boolean mobility() {
        return false;
    }

    /** get_pageblock_migratetype(), or −1 when mobility grouping is off (the default). */
    default int pageblockMigratetype(long pfn) {
        return -1;
    }

    /** Per-CPU list state of a zone: {count, high, batch}; count 0 and the kernel's high/batch when pcp is off. */
    int[] pcp(int zone);
}
