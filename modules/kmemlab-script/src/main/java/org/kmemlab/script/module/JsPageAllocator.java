package org.kmemlab.script.module;

import java.util.Map;

import jakarta.inject.Inject;

import org.graalvm.polyglot.Value;
import org.kmemlab.api.EventBus;
import org.kmemlab.api.KernelLog;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.MemMap;
import org.kmemlab.api.Mmu;
import org.kmemlab.api.PageAllocSupport;
import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.PageFlags;
import org.kmemlab.api.PhysMem;
import org.kmemlab.api.Profile;
import org.kmemlab.api.VmStat;
import org.kmemlab.api.Zone;

/**
 * The {@code buddy} slot run by a JavaScript module ({@code buddy=./my-buddy.js}): one per machine, made by Guice.
 * The module's free lists are its own; this class wraps each of its operations the way mm/page_alloc.c wraps
 * the free-list code: the bad_page bookkeeping around every call ({@link PageAllocSupport#begin()} /
 * {@link PageAllocSupport#raiseIfReported()}), the boot hand-over's per-frame part, the tracepoints, and checks
 * that what the module returns is something the rest of the kernel can use. Per-CPU lists and mobility
 * grouping are off for JavaScript modules.
 */
public final class JsPageAllocator implements PageAllocator, AutoCloseable {
    /** System property: statements one call into the module may execute (default {@value #DEFAULT_BUDGET}). */
    public static final String BUDGET_PROPERTY = "kmemlab.jsmodule.statements";
    public static final long DEFAULT_BUDGET = 50_000_000L;

    private final JsModuleFile file;
    private final PhysMem phys;
    private final MemMap map;
    private final KernelLog log;
    private final VmStat vmstat;
    private final EventBus events;
    private final boolean debug;
    private final PageAllocSupport support;
    private final JsModuleHost host;
    private final int[] batch;
    private JsModuleRuntime rt;

    /** The mmu slot, when the machine has one (DEBUG_PAGEALLOC unmapping and zeroing go through its page tables). */
    @com.google.inject.Inject(optional = true)
    void setMmu(Mmu mmu) {
        support.setMmu(mmu);
    }

    @Inject
    public JsPageAllocator(JsModuleFile file, PhysMem phys, MachineConfig config, KernelLog log, VmStat vmstat,
                           EventBus events) {
        this.file = file;
        this.phys = phys;
        this.map = phys.memMap();
        this.log = log;
        this.vmstat = vmstat;
        this.events = events;
        this.debug = config.debug();
        this.support = new PageAllocSupport(phys, config, log, vmstat, events);
        this.host = new JsModuleHost(phys, support, log, vmstat, debug);
        long totalPresent = 0;
        batch = new int[phys.zones().size()];
        for (Zone z : phys.zones()) {
            totalPresent += z.presentPages;
            batch[z.index] = Zone.zoneBatchsize(z.presentPages, phys.profile().pageSize);
        }
        log.printk(String.format("Built 1 zonelists in Zone order, mobility grouping off.  Total pages: %d%n", totalPresent));
        if (config.pcp() || config.mobility()) {
            log.printk("kmemlab: buddy module " + file.fileName()
                + ": JavaScript modules have no per-CPU lists and no mobility grouping; pcp and mobility are off\n");
        }
    }

    static long budget() {
        String s = System.getProperty(BUDGET_PROPERTY);
        if (s == null || s.isBlank()) {
            return DEFAULT_BUDGET;
        }
        try {
            long b = Long.parseLong(s.trim().replace("_", ""));
            if (b > 0) {
                return b;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("-D" + BUDGET_PROPERTY + "=" + s + ": the statement budget must be a positive integer");
    }

    /** The module, evaluated on first use (the boot hand-over), so its errors surface as themselves, not through Guice. */
    private JsModuleRuntime rt() {
        if (rt == null) {
            rt = JsModuleRuntime.start(file, host, log, budget());
        }
        return rt;
    }

    /** A result that breaks the contract, reported at the line where the module defines the operation. */
    private JsModuleError contract(String op, String what) {
        return new JsModuleError(rt().prefix(rt().lineOf(op)) + what);
    }

    // ------------------------------------------------------------------ boot

    /**
     * __free_pages_bootmem(): the frames' counts drop to 0 and (debug) they leave the direct map, NR_FREE_PAGES
     * counts them, and the module's free_bootmem(pfn, order) puts the block on its lists. A module without
     * free_bootmem gets the block through free_pages(pfn, order) instead (its free_pages_prepare does the
     * accounting; boot frees are not counted in pgfree).
     */
    @Override
    public void freeBootmem(long pfn, int order) {
        long n = 1L << order;
        for (long i = 0; i < n; i++) {
            map.setCount(pfn + i, 0);
        }
        JsModuleRuntime r = rt();
        if (r.has("free_bootmem")) {
            if (debug) {
                support.kernelMapPages(pfn, n, false);
            }
            phys.zones().get(map.zoneIdx(pfn)).vmStat[Zone.NR_FREE_PAGES] += n;
            support.begin();
            r.call("free_bootmem", (int) pfn, order);
            support.raiseIfReported();
        } else {
            long pgfree = vmstat.pgfree;
            support.begin();
            r.call("free_pages", (int) pfn, order);
            support.raiseIfReported();
            vmstat.pgfree = pgfree;
        }
    }

    @Override
    public void bootComplete() {
        JsModuleRuntime r = rt();
        if (r.has("boot_complete")) {
            r.call("boot_complete");
        }
    }

    @Override
    public void drainAllPages() {
        JsModuleRuntime r = rt();
        if (r.has("drain_all_pages")) {
            r.call("drain_all_pages");
        }
    }

    // ------------------------------------------------------------------ allocation and freeing

    @Override
    public long allocPages(int gfp, int order) {
        support.begin();
        Value v = rt().call("alloc_pages", gfp, order);
        long page = checkAllocated(v, gfp, order);
        support.raiseIfReported();
        if (page >= 0 && events.active()) {
            events.emit("mm_page_alloc", Map.of("pfn", page, "order", order, "gfp_flags", gfp, "migratetype", 0));
        }
        return page;
    }

    /** What alloc_pages returned must be -1 (or null) or the head of a block the module prepared. */
    private long checkAllocated(Value v, int gfp, int order) {
        String call = String.format("alloc_pages(0x%x, %d)", gfp, order);
        boolean undefined = v == null || (v.isNull() && "undefined".equals(v.toString()));
        if (!undefined && v.isNull()) {
            return -1; // null is NULL too
        }
        if (undefined || !v.fitsInLong()) {
            throw contract("alloc_pages", call + " returned " + (v == null ? "undefined" : v)
                + "; it must return a pfn (a Number) or -1 for NULL");
        }
        long page = v.asLong();
        if (page == -1) {
            return -1;
        }
        if (page < 0 || order >= Profile.MAX_ORDER || page + (1L << order) > map.nrPages()) {
            throw contract("alloc_pages", call + " returned " + page + ", which is not the first pfn of a block of 2^"
                + order + " frames on this machine (pfns 0 to " + (map.nrPages() - 1) + ")");
        }
        if (map.test(page, PageFlags.PG_reserved)) {
            throw contract("alloc_pages", call + " returned pfn " + page
                + ", which is PG_reserved (boot-reserved memory, never handed to the page allocator)");
        }
        if (map.test(page, PageFlags.PG_buddy)) {
            throw contract("alloc_pages", call + " returned pfn " + page
                + ", which still has PG_buddy set: clear it (rmv_page_order) when the block leaves the free lists");
        }
        if (map.count(page) != 1) {
            throw contract("alloc_pages", call + " returned pfn " + page + " with page_count " + map.count(page)
                + ": call prep_new_page(pfn, order, gfp) on a block before returning it (it sets the count to 1)");
        }
        return page;
    }

    @Override
    public void freePages(long pfn, int order, boolean cold) {
        support.begin();
        if (events.active()) {
            events.emit("mm_page_free_direct", Map.of("pfn", pfn, "order", order));
        }
        rt().call("free_pages", (int) pfn, order);
        support.raiseIfReported();
    }

    // ------------------------------------------------------------------ views

    @Override
    public long nrFree(int zone, int order) {
        Value v = rt().call("nr_free", zone, order);
        if (v == null || !v.fitsInLong() || v.asLong() < 0) {
            throw contract("nr_free", "nr_free(" + zone + ", " + order + ") returned " + v
                + "; it must return the number of free blocks of that order in that zone");
        }
        return v.asLong();
    }

    // nrFreeOfType, mobility and pageblockMigratetype: PageAllocator's defaults (no mobility grouping)

    /** No per-CPU lists: count 0, and the high and batch the kernel would use. */
    @Override
    public int[] pcp(int zone) {
        int b = batch[zone];
        return new int[] {0, 6 * b, Math.max(1, b)};
    }

    /** The module's file (for views and tests). */
    public JsModuleFile file() {
        return file;
    }

    /** Closes the module's context; the allocator cannot be used afterwards. */
    @Override
    public void close() {
        if (rt != null) {
            rt.close();
        }
    }
}
