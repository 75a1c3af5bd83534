package org.kmemlab.api;

/**
 * {@code struct zone}: the part every slot reads. The buddy module keeps its free lists itself and
 * maintains {@link #nrFreePages} (NR_FREE_PAGES) here.
 */
public final class Zone {
    public static final int WMARK_MIN = 0;
    public static final int WMARK_LOW = 1;
    public static final int WMARK_HIGH = 2;

    /** Zone counters shown in /proc/zoneinfo and /proc/vmstat, in enum zone_stat_item order. */
    public static final String[] STAT_NAMES = {
        "nr_free_pages", "nr_inactive_anon", "nr_active_anon", "nr_inactive_file", "nr_active_file",
        "nr_unevictable", "nr_mlock", "nr_anon_pages", "nr_mapped", "nr_file_pages", "nr_dirty",
        "nr_writeback", "nr_slab_reclaimable", "nr_slab_unreclaimable", "nr_page_table_pages",
        "nr_kernel_stack", "nr_unstable", "nr_bounce", "nr_vmscan_write", "nr_writeback_temp",
        "nr_isolated_anon", "nr_isolated_file", "nr_shmem"};
    public static final int NR_FREE_PAGES = 0;
    public static final int NR_SLAB_RECLAIMABLE = 12;
    public static final int NR_SLAB_UNRECLAIMABLE = 13;
    public static final int NR_PAGETABLE = 14;

    /** zone_idx(): index in the node's zone array. */
    public final int index;
    /** "DMA", "DMA32", "Normal", "HighMem", "Movable". */
    public final String name;
    public final boolean highmem;
    public final long startPfn;
    public final long spannedPages;
    /** spanned − holes − memmap pages (free_area_init_core). */
    public long presentPages;
    /** watermark[WMARK_MIN..WMARK_HIGH]. */
    public final long[] watermark = new long[3];
    /** lowmem_reserve[MAX_NR_ZONES]. */
    public long[] lowmemReserve;
    /** zone_page_state counters, indexed as {@link #STAT_NAMES}. */
    public final long[] vmStat = new long[STAT_NAMES.length];

    public Zone(int index, String name, boolean highmem, long startPfn, long spannedPages, int nrZones) {
        this.index = index;
        this.name = name;
        this.highmem = highmem;
        this.startPfn = startPfn;
        this.spannedPages = spannedPages;
        this.lowmemReserve = new long[nrZones];
    }

    public long endPfn() {
        return startPfn + spannedPages;
    }

    public boolean populated() {
        return presentPages > 0;
    }

    public boolean contains(long pfn) {
        return pfn >= startPfn && pfn < startPfn + spannedPages;
    }

    /** zone_page_state(zone, NR_FREE_PAGES). */
    public long nrFreePages() {
        return vmStat[NR_FREE_PAGES];
    }

    public long minWmark() {
        return watermark[WMARK_MIN];
    }

    public long lowWmark() {
        return watermark[WMARK_LOW];
    }

    public long highWmark() {
        return watermark[WMARK_HIGH];
    }

    /** zone_batchsize(): the per-CPU list batch for a zone of this many present pages (reference §3.4). */
    public static int zoneBatchsize(long presentPages, long pageSize) {
        long b = presentPages / 1024;
        if (b * pageSize > 512 * 1024) {
            b = (512 * 1024) / pageSize;
        }
        b /= 4;
        if (b < 1) {
            b = 1;
        }
        return (int) (Long.highestOneBit(b + b / 2) - 1);
    }

    @Override
    public String toString() {
        return "zone " + name;
    }
}
