package org.kmemlab.api;

/**
 * The parts of mm/page_alloc.c around the free lists that every {@code buddy}-slot module needs, whatever
 * its free-list design: prep_new_page() on the way out, free_pages_check() on the way in, the bad_page()
 * reports, DEBUG_PAGEALLOC mapping, zeroing, compound setup, NR_FREE_PAGES accounting and the allocation
 * failure warning. {@code buddy=linux} uses it, and so can a plugin or a JavaScript module, so all of them
 * leave pages in the state the rest of the kernel expects and report misuse with the kernel's text.
 */
public final class PageAllocSupport {
    /** The call chains bad_page() prints. */
    public static final String[] ALLOC_TRACE = {"prep_new_page", "buffered_rmqueue", "get_page_from_freelist",
        "__alloc_pages_nodemask", "scenario_init"};
    public static final String[] FREE_OK_TRACE = {"__free_pages_ok", "__free_pages", "scenario_init"};

    private final Profile profile;
    private final PhysMem phys;
    private final MemMap map;
    private final KernelLog log;
    private final VmStat vmstat;
    private final boolean debug;
    private final PageChecks checks;
    private Mmu mmu;
    private boolean warnedMaxOrder;

    public PageAllocSupport(PhysMem phys, MachineConfig config, KernelLog log, VmStat vmstat, EventBus events) {
        this.profile = phys.profile();
        this.phys = phys;
        this.map = phys.memMap();
        this.log = log;
        this.vmstat = vmstat;
        this.debug = config.debug();
        this.checks = new PageChecks(map, log, events);
    }

    /** The mmu slot, when the machine has one: DEBUG_PAGEALLOC and zeroing then go through its page tables. */
    public void setMmu(Mmu mmu) {
        this.mmu = mmu;
    }

    public PageChecks checks() {
        return checks;
    }

    public boolean debug() {
        return debug;
    }

    /** gfp_zone(): the highest zone index the allocation may use; a bad zone combination is a BUG under debug. */
    public int gfpZone(int gfp) {
        int high = GfpZone.gfpZone(profile, gfp);
        if (high == GfpZone.BAD) {
            if (debug) {
                throw Reports.bug(log, "include/linux/gfp.h", 228, "__alloc_pages_nodemask", "scenario_init");
            }
            return 0; // the table's bits are 0 for a bad combination
        }
        return high;
    }

    /** Start of an allocation or free: forget bad_page reports from earlier calls. */
    public void begin() {
        checks.takeReport();
    }

    /** End of an allocation or free: under debug, a bad_page report printed during the call becomes a KernelBug. */
    public void raiseIfReported() {
        String report = checks.takeReport();
        if (debug && report != null) {
            throw new KernelBug(report);
        }
    }

    /**
     * prep_new_page(): check_new_page() of every page, then refcount 1, DEBUG_PAGEALLOC mapping, zeroing for
     * __GFP_ZERO, compound setup for __GFP_COMP. True when a bad page was found (the block must not be used:
     * the kernel leaks it and tries again).
     */
    public boolean prepNewPage(long page, int order, int gfp) {
        long n = 1L << order;
        for (long i = 0; i < n; i++) {
            if (checks.checkNewPage(page + i, ALLOC_TRACE)) {
                return true;
            }
        }
        map.setPriv(page, 0);
        map.setCount(page, 1); // set_page_refcounted
        if (debug) {
            kernelMapPages(page, n, true);
        }
        if ((gfp & Gfp.__GFP_ZERO) != 0) {
            prepZeroPage(page, n);
        }
        if (order > 0 && (gfp & Gfp.__GFP_COMP) != 0) {
            prepCompoundPage(page, order);
        }
        return false;
    }

    /** prep_compound_page(): PG_head on the first page, PG_tail and first_page on the rest. */
    public void prepCompoundPage(long page, int order) {
        long n = 1L << order;
        map.setLru(page + 1, 1 /* free_compound_page */, order); // page[1].lru.next = dtor, .prev = order
        map.set(page, PageFlags.PG_head);
        for (long i = 1; i < n; i++) {
            map.set(page + i, PageFlags.PG_tail);
            map.setPriv(page + i, (int) page); // first_page
        }
    }

    /** prep_zero_page(): clear_highpage() of every page, through a kmap_atomic mapping when an mmu is bound. */
    public void prepZeroPage(long page, long n) {
        if (mmu == null) {
            phys.fill(profile.pfnToPhys(page), 0, n << profile.pageShift);
            return;
        }
        for (long i = 0; i < n; i++) {
            mmu.clearHighpage(page + i);
        }
    }

    /**
     * kernel_map_pages() (CONFIG_DEBUG_PAGEALLOC): the frames leave or rejoin the kernel direct map; through
     * the mmu slot's page tables when one is bound (kmemlab also keeps the state in the struct page array).
     */
    public void kernelMapPages(long pfn, long n, boolean enable) {
        for (long i = 0; i < n; i++) {
            map.setUnmapped(pfn + i, !enable);
        }
        if (mmu != null) {
            mmu.kernelMapPages(pfn, n, enable);
        }
    }

    /**
     * The checks __free_pages_ok() makes before a block goes back to the free lists: PG_mlocked cleared,
     * free_pages_check() of every page (a bad page leaks the whole block), DEBUG_PAGEALLOC unmapping, the
     * pgfree counter and NR_FREE_PAGES of the block's zone. True when the block may be put on the free lists.
     */
    public boolean freePagesPrepare(long pfn, int order, String... frames) {
        return freePagesPrepare(pfn, order, phys.zones().get(map.zoneIdx(pfn)), frames);
    }

    /** {@link #freePagesPrepare(long, int, String...)} for a caller that already has the block's zone. */
    public boolean freePagesPrepare(long pfn, int order, Zone zone, String[] frames) {
        long n = 1L << order;
        map.clear(pfn, PageFlags.PG_mlocked); // __TestClearPageMlocked(page)
        int bad = 0;
        for (long i = 0; i < n && pfn + i < map.nrPages(); i++) {
            if (checks.freePagesCheck(pfn + i, frames.length == 0 ? FREE_OK_TRACE : frames)) {
                bad++;
            }
        }
        if (bad != 0 || pfn + n > map.nrPages()) {
            return false;
        }
        if (debug) {
            kernelMapPages(pfn, n, false);
        }
        vmstat.pgfree += n;
        zone.vmStat[Zone.NR_FREE_PAGES] += n;
        return true;
    }

    /** Take a block off the free lists for an allocation: NR_FREE_PAGES of its zone drops (__mod_zone_page_state). */
    public void accountAlloc(long pfn, int order) {
        phys.zones().get(map.zoneIdx(pfn)).vmStat[Zone.NR_FREE_PAGES] -= 1L << order;
    }

    /**
     * An allocation that cannot succeed: order >= MAX_ORDER warns once (WARN_ON_ONCE in
     * __alloc_pages_slowpath); any other failure prints "page allocation failure" unless __GFP_NOWARN.
     * Returns -1 (NULL) for the caller to return.
     */
    public long allocFailed(int gfp, int order) {
        if (order >= Profile.MAX_ORDER) {
            if ((gfp & Gfp.__GFP_NOWARN) == 0 && !warnedMaxOrder) {
                warnedMaxOrder = true;
                Reports.warn(log, "mm/page_alloc.c", 1841, "__alloc_pages_slowpath", "__alloc_pages_nodemask",
                    "scenario_init");
            }
            return -1;
        }
        if ((gfp & Gfp.__GFP_NOWARN) == 0) {
            log.printk(String.format("%s: page allocation failure. order:%d, mode:0x%x%n", Reports.COMM, order, gfp)
                + Reports.dumpStack(log, "__alloc_pages_nodemask", "scenario_init"));
        }
        return -1;
    }
}
