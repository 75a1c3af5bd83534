package org.kmemlab.examples.firstfit;

import static org.kmemlab.api.Profile.MAX_ORDER;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.kmemlab.api.EventBus;
import org.kmemlab.api.Gfp;
import org.kmemlab.api.KernelLog;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.MemMap;
import org.kmemlab.api.Mmu;
import org.kmemlab.api.PageAllocSupport;
import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.PhysMem;
import org.kmemlab.api.VmStat;
import org.kmemlab.api.Zone;

/**
 * {@code buddy=first-fit}: a page allocator with a deliberately different design from the buddy system.
 * Each zone keeps its free frames as a sorted list of ranges ({@link FreeRanges}); an allocation of
 * 2^order frames takes the lowest 2^order-aligned run that fits and splits the range around it; a free
 * puts the frames back and merges them with the free ranges next to them. There are no buddies, no
 * per-order lists, no per-CPU lists and no migrate types.
 *
 * <p>What it shares with the kernel's allocator comes from {@link PageAllocSupport}: prep_new_page()
 * (reference count, zeroing, compound pages, DEBUG_PAGEALLOC), the free-time checks and bad_page() reports,
 * NR_FREE_PAGES, and the allocation failure warning. The zonelist is the kernel's: from the highest zone
 * gfp_zone() allows down to DMA. The watermark rule is simpler than the kernel's: see
 * {@link #zoneWatermarkOk}.
 *
 * <p>The views still make sense: {@code /proc/buddyinfo} shows the free ranges cut into maximal naturally
 * aligned power-of-two blocks (up to MAX_ORDER−1), which is what a buddy allocator holding the same free
 * frames would have on its lists ({@link BuddyView}).
 */
public final class FirstFit implements PageAllocator {
    private final MemMap map;
    private final List<Zone> zones;
    private final VmStat vmstat;
    private final EventBus events;
    private final long pageSize;
    /** The free ranges of each zone, by zone index. */
    private final FreeRanges[] free;
    /** prep_new_page, free_pages_check, bad_page, DEBUG_PAGEALLOC mapping, the failure warning. */
    private final PageAllocSupport support;

    @Inject
    public FirstFit(PhysMem phys, MachineConfig config, KernelLog log, VmStat vmstat, EventBus events) {
        this.map = phys.memMap();
        this.zones = phys.zones();
        this.vmstat = vmstat;
        this.events = events;
        this.pageSize = phys.profile().pageSize;
        this.free = new FreeRanges[zones.size()];
        for (int i = 0; i < free.length; i++) {
            free[i] = new FreeRanges();
        }
        this.support = new PageAllocSupport(phys, config, log, vmstat, events);
    }

    /** The mmu slot, when the machine has one (DEBUG_PAGEALLOC unmapping and zeroing go through its page tables). */
    @com.google.inject.Inject(optional = true)
    void setMmu(Mmu mmu) {
        support.setMmu(mmu);
    }

    // ------------------------------------------------------------------ boot

    /** __free_pages_bootmem(): the frames leave boot reservation and join their zone's free ranges. */
    @Override
    public void freeBootmem(long pfn, int order) {
        long n = 1L << order;
        for (long i = 0; i < n; i++) {
            map.setCount(pfn + i, 0); // boot left every frame with _count 1
        }
        if (support.debug()) {
            support.kernelMapPages(pfn, n, false); // DEBUG_PAGEALLOC: a free frame is not mapped
        }
        int zone = map.zoneIdx(pfn);
        zones.get(zone).vmStat[Zone.NR_FREE_PAGES] += n;
        free[zone].add(pfn, n);
    }

    /** Nothing to set up after boot: no per-CPU lists, no pageblock migrate types. */
    @Override
    public void bootComplete() {
    }

    // ------------------------------------------------------------------ allocation

    @Override
    public long allocPages(int gfp, int order) {
        support.begin();
        long page = allocPagesNodemask(gfp, order);
        support.raiseIfReported();
        return page;
    }

    /**
     * __alloc_pages_nodemask(): walk the zonelist from the highest zone gfp_zone() allows down to DMA and take
     * the block from the first zone that passes its watermark and has one. There is no slow path: with no
     * processes there is nothing to reclaim, and first fit knows at once whether a zone has the block.
     */
    private long allocPagesNodemask(int gfp, int order) {
        int highest = Math.min(support.gfpZone(gfp), zones.size() - 1);
        if (order >= MAX_ORDER) {
            return support.allocFailed(gfp, order);
        }
        int classzone = preferredZone(highest);
        for (int z = highest; z >= 0; z--) {
            if (!zones.get(z).populated() || !zoneWatermarkOk(zones.get(z), order, classzone, gfp)) {
                continue;
            }
            long page = bufferedRmqueue(z, order, gfp);
            if (page >= 0) {
                return page;
            }
        }
        return support.allocFailed(gfp, order);
    }

    /** first_zones_zonelist(): the first populated zone at or below {@code highest}; its index is the classzone. */
    private int preferredZone(int highest) {
        for (int z = highest; z > 0; z--) {
            if (zones.get(z).populated()) {
                return z;
            }
        }
        return 0;
    }

    /**
     * A simpler zone_watermark_ok(): after the allocation the zone must still have its min watermark plus
     * lowmem_reserve[classzone] frames free, so GFP_KERNEL stops at min and leaves the lower zones' reserve
     * to the callers that need those zones. A __GFP_HIGH caller (GFP_ATOMIC) may take the frames below min;
     * lowmem_reserve still applies. Unlike the kernel it does not look at how the free frames are split
     * up: first fit finds out at once whether a block of the order exists.
     */
    private static boolean zoneWatermarkOk(Zone zone, int order, int classzone, int gfp) {
        long min = (gfp & Gfp.__GFP_HIGH) != 0 ? 0 : zone.minWmark();
        return zone.nrFreePages() - (1L << order) >= min + zone.lowmemReserve[classzone];
    }

    /** buffered_rmqueue() without per-CPU lists: take the first fit, account it, prep_new_page(). */
    private long bufferedRmqueue(int zone, int order, int gfp) {
        while (true) {
            long page = free[zone].takeFirstFit(order);
            if (page < 0) {
                return -1;
            }
            support.accountAlloc(page, order);
            vmstat.pgalloc[zone] += 1L << order;
            if (support.prepNewPage(page, order, gfp)) {
                continue; // a bad page (already reported): the kernel leaks the block and tries again
            }
            if (events.active()) {
                events.emit("mm_page_alloc", Map.of("pfn", page, "order", order, "gfp_flags", gfp, "migratetype", 0));
            }
            return page;
        }
    }

    // ------------------------------------------------------------------ freeing

    /** Every block is freed as __free_pages_ok() frees it: there are no per-CPU lists, so {@code cold} does not matter. */
    @Override
    public void freePages(long pfn, int order, boolean cold) {
        support.begin();
        freePagesOk(pfn, order);
        support.raiseIfReported();
    }

    /** __free_pages_ok(): the free-time checks (a bad page leaks the block), then the frames rejoin the free ranges. */
    private void freePagesOk(long pfn, int order) {
        long n = 1L << order;
        int zone = map.zoneIdx(pfn);
        // kmemlab's own guard, not the kernel's: a block freed with too large an order overlaps free frames or
        // leaves its zone. The buddy lists would silently go wrong; here bad_page() reports it and the block leaks.
        long clash = free[zone].firstFreeIn(pfn, n);
        if (clash >= 0 || map.zoneIdx(pfn + n - 1) != zone) {
            support.checks().badPage(clash >= 0 ? clash : pfn, PageAllocSupport.FREE_OK_TRACE);
            return;
        }
        if (!support.freePagesPrepare(pfn, order, PageAllocSupport.FREE_OK_TRACE)) {
            return;
        }
        free[zone].add(pfn, n);
        if (events.active()) {
            events.emit("mm_page_free_direct", Map.of("pfn", pfn, "order", order));
        }
    }

    /** drain_all_pages(): there are no per-CPU lists to drain. */
    @Override
    public void drainAllPages() {
    }

    // ------------------------------------------------------------------ views

    /** The zone's free ranges cut into the blocks a buddy allocator would hold ({@link BuddyView}). */
    @Override
    public long nrFree(int zone, int order) {
        return BuddyView.nrFreePerOrder(free[zone])[order];
    }

    // nrFreeOfType, mobility and pageblockMigratetype: PageAllocator's defaults (no mobility grouping)

    /** No per-CPU lists: count 0, with the high and batch the kernel's setup_pageset() would give the zone. */
    @Override
    public int[] pcp(int zone) {
        int batch = Zone.zoneBatchsize(zones.get(zone).presentPages, pageSize);
        return new int[] {0, 6 * batch, Math.max(1, batch)};
    }
}
