package org.kmemlab.buddy;

import static org.kmemlab.api.Gfp.__GFP_COLD;
import static org.kmemlab.api.Gfp.__GFP_FS;
import static org.kmemlab.api.Gfp.__GFP_HIGH;
import static org.kmemlab.api.Gfp.__GFP_NORETRY;
import static org.kmemlab.api.Gfp.__GFP_WAIT;
import static org.kmemlab.api.MigrateType.MIGRATE_ISOLATE;
import static org.kmemlab.api.MigrateType.MIGRATE_MOVABLE;
import static org.kmemlab.api.MigrateType.MIGRATE_PCPTYPES;
import static org.kmemlab.api.MigrateType.MIGRATE_RESERVE;
import static org.kmemlab.api.MigrateType.MIGRATE_TYPES;
import static org.kmemlab.api.MigrateType.MIGRATE_UNMOVABLE;
import static org.kmemlab.api.Profile.MAX_ORDER;
import static org.kmemlab.buddy.Watermarks.ALLOC_CPUSET;
import static org.kmemlab.buddy.Watermarks.ALLOC_HARDER;
import static org.kmemlab.buddy.Watermarks.ALLOC_NO_WATERMARKS;
import static org.kmemlab.buddy.Watermarks.ALLOC_WMARK_HIGH;
import static org.kmemlab.buddy.Watermarks.ALLOC_WMARK_LOW;
import static org.kmemlab.buddy.Watermarks.ALLOC_WMARK_MASK;
import static org.kmemlab.buddy.Watermarks.ALLOC_WMARK_MIN;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.kmemlab.api.EventBus;
import org.kmemlab.api.KernelLog;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.MemMap;
import org.kmemlab.api.Mmu;
import org.kmemlab.api.MigrateType;
import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.PageAllocSupport;
import org.kmemlab.api.PageFlags;
import org.kmemlab.api.PhysMem;
import org.kmemlab.api.Profile;
import org.kmemlab.api.Reports;
import org.kmemlab.api.VmStat;
import org.kmemlab.api.Zone;

/**
 * {@code buddy=linux}: the zoned buddy allocator of Linux 2.6.34 mm/page_alloc.c, one node, one CPU.
 * The per-list algorithms are in {@link BuddyZone}; this class is the allocation entry, the slow path,
 * the per-CPU lists and the free paths.
 */
public final class LinuxBuddy implements PageAllocator {
    /** Line numbers of the VM_BUG_ONs in 2.6.34 mm/page_alloc.c that debug builds hit. */
    static final int LINE_FREE_ONE_PAGE_ALIGN = 487;

    /** The simulated call chain bad_page() prints for a per-CPU free (constant: no varargs garbage on hot paths). */
    private static final String[] FREE_HOT_COLD_TRACE = {"free_hot_cold_page", "__free_pages", "scenario_init"};

    private final Profile profile;
    private final PhysMem phys;
    private final MemMap map;
    private final KernelLog log;
    private final VmStat vmstat;
    private final EventBus events;
    private final boolean debug;
    private final boolean pcpOn;
    private final boolean mobility;
    private final BuddyZone[] zones;
    /** prep_new_page, free_pages_check, bad_page, DEBUG_PAGEALLOC mapping, the failure warning. */
    private final PageAllocSupport support;

    /** The mmu slot, when the machine has one (DEBUG_PAGEALLOC unmapping and zeroing go through its page tables). */
    @com.google.inject.Inject(optional = true)
    void setMmu(Mmu mmu) {
        support.setMmu(mmu);
    }

    @Inject
    public LinuxBuddy(PhysMem phys, MachineConfig config, KernelLog log, VmStat vmstat, EventBus events) {
        this.phys = phys;
        this.profile = phys.profile();
        this.map = phys.memMap();
        this.log = log;
        this.vmstat = vmstat;
        this.events = events;
        this.debug = config.debug();
        this.pcpOn = config.pcp();
        long totalPresent = 0;
        for (Zone z : phys.zones()) {
            totalPresent += z.presentPages;
        }
        // build_all_zonelists(): grouping is disabled on machines too small for it
        boolean tooSmall = totalPresent < ((1L << profile.pageblockOrder) * MIGRATE_TYPES);
        this.mobility = config.mobility() && !tooSmall;
        List<Zone> zl = phys.zones();
        zones = new BuddyZone[zl.size()];
        for (int i = 0; i < zones.length; i++) {
            zones[i] = new BuddyZone(zl.get(i), map, profile.pageblockOrder, mobility, events);
        }
        support = new PageAllocSupport(phys, config, log, vmstat, events);
        log.printk(String.format("Built 1 zonelists in Zone order, mobility grouping %s.  Total pages: %d%n",
            mobility ? "on" : "off", totalPresent));
    }

    // ------------------------------------------------------------------ boot

    @Override
    public void freeBootmem(long pfn, int order) {
        // __free_pages_bootmem(): count 0 then 1, then __free_pages() — pcp is not set up yet, so the
        // block goes straight to the buddy lists, as with the boot pageset (high 0, batch 1).
        long n = 1L << order;
        for (long i = 0; i < n; i++) {
            map.setCount(pfn + i, 0);
        }
        if (debug) {
            support.kernelMapPages(pfn, n, false);
        }
        BuddyZone bz = zones[map.zoneIdx(pfn)];
        bz.zone.vmStat[Zone.NR_FREE_PAGES] += n;
        bz.freeOnePage(pfn, order, bz.getPageblockMigratetype(pfn));
    }

    @Override
    public void bootComplete() {
        for (BuddyZone bz : zones) {
            bz.pcp.setup(Zone.zoneBatchsize(bz.zone.presentPages, profile.pageSize));
            if (mobility && bz.zone.spannedPages > 0) {
                setupZoneMigrateReserve(bz);
            }
        }
    }

    /** setup_zone_migrate_reserve(): up to two pageblocks per zone become MIGRATE_RESERVE. */
    private void setupZoneMigrateReserve(BuddyZone bz) {
        Zone z = bz.zone;
        long nr = 1L << profile.pageblockOrder;
        long reserve = ((z.minWmark() + nr - 1) / nr * nr) >> profile.pageblockOrder;
        reserve = Math.min(2, reserve);
        for (long pfn = z.startPfn; pfn < z.endPfn(); pfn += nr) {
            if (map.test(pfn, PageFlags.PG_reserved)) {
                continue;
            }
            int bt = bz.getPageblockMigratetype(pfn);
            if (bt == MIGRATE_RESERVE && reserve > 0) {
                reserve--;
                continue;
            }
            if (reserve > 0 && bt == MIGRATE_MOVABLE) {
                bz.setPageblockMigratetype(pfn, MIGRATE_RESERVE);
                bz.moveFreepagesBlock(pfn, MIGRATE_RESERVE);
                reserve--;
                continue;
            }
            if (bt == MIGRATE_RESERVE) {
                bz.setPageblockMigratetype(pfn, MIGRATE_MOVABLE);
                bz.moveFreepagesBlock(pfn, MIGRATE_MOVABLE);
            }
        }
    }

    // ------------------------------------------------------------------ allocation

    @Override
    public long allocPages(int gfp, int order) {
        support.begin();
        long page = allocPagesNodemask(gfp, order);
        support.raiseIfReported();
        return page;
    }

    /** __alloc_pages_nodemask(): fast path at the low watermark, then the slow path. */
    private long allocPagesNodemask(int gfp, int order) {
        int highIdx = support.gfpZone(gfp);
        int mt = mobility ? MigrateType.fromGfp(gfp) : MIGRATE_UNMOVABLE;
        if (mt >= MIGRATE_PCPTYPES) {
            // WARN_ON((gfp_flags & GFP_MOVABLE_MASK) == GFP_MOVABLE_MASK)
            Reports.warn(log, "include/linux/gfp.h", 123, "__alloc_pages_nodemask", "scenario_init");
            mt = MIGRATE_MOVABLE;
        }
        int preferred = preferredZone(highIdx);
        if (preferred < 0) {
            return -1;
        }
        long page = getPageFromFreelist(gfp | org.kmemlab.api.Gfp.__GFP_HARDWALL, order, highIdx, preferred,
            ALLOC_WMARK_LOW | ALLOC_CPUSET, mt);
        if (page < 0) {
            page = allocPagesSlowpath(gfp, order, highIdx, preferred, mt);
        }
        // trace_mm_page_alloc(page, order, gfp_mask, migratetype): the caller's mask, without the fast path's
        // __GFP_HARDWALL; the kernel also traces a failure (page NULL), which has no frame to name here
        if (page >= 0 && events.active()) {
            events.emit("mm_page_alloc", Map.of("pfn", page, "order", order, "gfp_flags", gfp, "migratetype", mt));
        }
        return page;
    }

    /** First populated zone of the zonelist at or below highIdx (first_zones_zonelist). */
    private int preferredZone(int highIdx) {
        for (int i = Math.min(highIdx, zones.length - 1); i >= 0; i--) {
            if (zones[i].zone.populated()) {
                return i;
            }
        }
        return -1;
    }

    /** __alloc_pages_slowpath(): no kswapd, no reclaim, no OOM killer in a machine without processes. */
    private long allocPagesSlowpath(int gfp, int order, int highIdx, int preferred, int mt) {
        if (order >= MAX_ORDER) {
            return support.allocFailed(gfp, order); // WARN_ON_ONCE
        }
        // gfp_to_alloc_flags()
        int allocFlags = ALLOC_WMARK_MIN | ALLOC_CPUSET | (gfp & __GFP_HIGH);
        boolean wait = (gfp & __GFP_WAIT) != 0;
        if (!wait) {
            allocFlags |= ALLOC_HARDER;
            allocFlags &= ~ALLOC_CPUSET;
        }
        long page = getPageFromFreelist(gfp, order, highIdx, preferred, allocFlags & ~ALLOC_NO_WATERMARKS, mt);
        if (page >= 0 || !wait) {
            return page >= 0 ? page : nopage(gfp, order);
        }
        // __alloc_pages_direct_reclaim(): try_to_free_pages() finds nothing to reclaim here
        if (order != 0) {
            drainAllPages();
        }
        if ((gfp & __GFP_FS) != 0 && (gfp & __GFP_NORETRY) == 0) {
            // __alloc_pages_may_oom(): one last try at the high watermark before the OOM killer
            page = getPageFromFreelist(gfp, order, highIdx, preferred, ALLOC_WMARK_HIGH | ALLOC_CPUSET, mt);
            if (page >= 0) {
                return page;
            }
            log.printk("kmemlab: no process to reclaim from or to OOM-kill; the allocation fails instead\n");
        }
        return nopage(gfp, order);
    }

    private long nopage(int gfp, int order) {
        return support.allocFailed(gfp, order);
    }

    /** get_page_from_freelist(): the first zone of the zonelist that passes its watermark and has a block. */
    private long getPageFromFreelist(int gfp, int order, int highIdx, int preferred, int allocFlags, int mt) {
        for (int i = Math.min(highIdx, zones.length - 1); i >= 0; i--) {
            BuddyZone bz = zones[i];
            if (!bz.zone.populated()) {
                continue;
            }
            if ((allocFlags & ALLOC_NO_WATERMARKS) == 0) {
                long mark = bz.zone.watermark[allocFlags & ALLOC_WMARK_MASK];
                if (!Watermarks.zoneWatermarkOk(bz, order, mark, preferred, allocFlags)) {
                    continue;
                }
            }
            long page = bufferedRmqueue(bz, order, gfp, mt);
            if (page >= 0) {
                return page;
            }
        }
        return -1;
    }

    /** buffered_rmqueue(): order 0 from the per-CPU list (refilled in batches), else from the buddy lists. */
    private long bufferedRmqueue(BuddyZone bz, int order, int gfp, int mt) {
        boolean cold = (gfp & __GFP_COLD) != 0;
        while (true) {
            long page;
            if (order == 0 && pcpOn) {
                PerCpuPages pcp = bz.pcp;
                int t = mobility ? mt : MIGRATE_UNMOVABLE;
                var list = pcp.lists[t];
                if (list.isEmpty()) {
                    pcp.count += rmqueueBulk(bz, pcp.batch, list, t, cold);
                    if (list.isEmpty()) {
                        return -1;
                    }
                }
                page = cold ? list.last() : list.first();
                map.listDel(page);
                pcp.count--;
            } else {
                page = bz.rmqueue(order, mt);
                if (page < 0) {
                    return -1;
                }
                bz.zone.vmStat[Zone.NR_FREE_PAGES] -= 1L << order;
                if (events.active()) {
                    events.emit("mm_page_alloc_zone_locked", Map.of("pfn", page, "order", order, "migratetype", mt));
                }
            }
            vmstat.pgalloc[bz.zone.index] += 1L << order;
            if (support.prepNewPage(page, order, gfp)) {
                continue; // a bad page: the block is dropped and we try again
            }
            return page;
        }
    }

    /** rmqueue_bulk(): move up to count order-0 pages from the buddy lists onto a pcp list, in hand-out order. */
    private int rmqueueBulk(BuddyZone bz, int count, org.kmemlab.api.PageList list, int mt, boolean cold) {
        int prev = list.headSlot();
        int i = 0;
        for (; i < count; i++) {
            long page = bz.rmqueue(0, mt);
            if (page < 0) {
                break;
            }
            if (!cold) {
                map.listAdd((int) page, prev, map.lruNext(prev));     // list_add(&page->lru, list)
            } else {
                map.listAdd((int) page, map.lruPrev(prev), prev);     // list_add_tail(&page->lru, list)
            }
            map.setPriv(page, mt);
            prev = (int) page;
            if (events.active()) {
                events.emit("mm_page_alloc_zone_locked", Map.of("pfn", page, "order", 0, "migratetype", mt));
            }
        }
        bz.zone.vmStat[Zone.NR_FREE_PAGES] -= i;
        return i;
    }

    // ------------------------------------------------------------------ freeing

    @Override
    public void freePages(long pfn, int order, boolean cold) {
        support.begin();
        if (debug && (pfn & ((1L << order) - 1)) != 0) {
            // VM_BUG_ON(page_idx & ((1 << order) - 1)) in __free_one_page
            throw Reports.bug(log, "mm/page_alloc.c", LINE_FREE_ONE_PAGE_ALIGN, "__free_one_page", "__free_pages_ok",
                "__free_pages", "scenario_init");
        }
        if (order == 0 && pcpOn) {
            freeHotColdPage(pfn, cold);
        } else {
            freePagesOk(pfn, order);
        }
        support.raiseIfReported();
    }

    /** __free_pages_ok(): check every page of the block; any bad page leaks the whole block. */
    private void freePagesOk(long pfn, int order) {
        BuddyZone bz = zones[map.zoneIdx(pfn)];
        if (!support.freePagesPrepare(pfn, order, bz.zone, PageAllocSupport.FREE_OK_TRACE)) {
            return;
        }
        bz.freeOnePage(pfn, order, mobility ? bz.getPageblockMigratetype(pfn) : MIGRATE_UNMOVABLE);
        if (events.active()) {
            events.emit("mm_page_free_direct", Map.of("pfn", pfn, "order", order));
        }
    }

    /** free_hot_cold_page(): an order-0 page goes onto the per-CPU list; overflow drains a batch. */
    private void freeHotColdPage(long pfn, boolean cold) {
        map.clear(pfn, PageFlags.PG_mlocked);
        if (support.checks().freePagesCheck(pfn, FREE_HOT_COLD_TRACE)) {
            return;
        }
        if (debug) {
            support.kernelMapPages(pfn, 1, false);
        }
        BuddyZone bz = zones[map.zoneIdx(pfn)];
        int mt = mobility ? bz.getPageblockMigratetype(pfn) : MIGRATE_UNMOVABLE;
        map.setPriv(pfn, mt);
        vmstat.pgfree++;
        if (mt >= MIGRATE_PCPTYPES) {
            if (mt == MIGRATE_ISOLATE) {
                bz.zone.vmStat[Zone.NR_FREE_PAGES] += 1;
                bz.freeOnePage(pfn, 0, mt);
                return;
            }
            mt = MIGRATE_MOVABLE;
        }
        PerCpuPages pcp = bz.pcp;
        if (cold) {
            pcp.lists[mt].addTail(pfn);
        } else {
            pcp.lists[mt].add(pfn);
        }
        pcp.count++;
        if (events.active()) {
            events.emit("mm_pagevec_free", Map.of("pfn", pfn, "cold", cold));
        }
        if (pcp.count >= pcp.high) {
            freePcppagesBulk(bz, pcp.batch);
            pcp.count -= pcp.batch;
        }
    }

    /** free_pcppages_bulk(): return count pages, round-robin over the pcp lists, coldest first. */
    private void freePcppagesBulk(BuddyZone bz, int count) {
        PerCpuPages pcp = bz.pcp;
        int mt = 0;
        int batchFree = 0;
        int toFree = count;
        while (toFree > 0) {
            int tries = 0;
            do {
                batchFree++;
                if (++mt == MIGRATE_PCPTYPES) {
                    mt = 0;
                }
                if (++tries > MIGRATE_PCPTYPES) {
                    throw new IllegalStateException("pcp count " + pcp.count + " but all lists empty");
                }
            } while (pcp.lists[mt].isEmpty());
            do {
                int page = pcp.lists[mt].last();
                map.listDel(page);
                bz.freeOnePage(page, 0, map.priv(page));
                if (events.active()) {
                    events.emit("mm_page_pcpu_drain", Map.of("pfn", (long) page, "order", 0, "migratetype", map.priv(page)));
                }
            } while (--toFree > 0 && --batchFree > 0 && !pcp.lists[mt].isEmpty());
        }
        bz.zone.vmStat[Zone.NR_FREE_PAGES] += count;
    }

    @Override
    public void drainAllPages() {
        for (BuddyZone bz : zones) {
            if (bz.pcp.count > 0) {
                freePcppagesBulk(bz, bz.pcp.count);
                bz.pcp.count = 0;
            }
        }
    }

    // ------------------------------------------------------------------ views

    @Override
    public long nrFree(int zone, int order) {
        return zones[zone].freeArea[order].nrFree;
    }

    @Override
    public long nrFreeOfType(int zone, int order, int migratetype) {
        return zones[zone].freeArea[order].freeList[migratetype].size();
    }

    @Override
    public boolean mobility() {
        return mobility;
    }

    @Override
    public int pageblockMigratetype(long pfn) {
        return mobility ? zones[map.zoneIdx(pfn)].getPageblockMigratetype(pfn) : -1;
    }

    @Override
    public int[] pcp(int zone) {
        PerCpuPages p = zones[zone].pcp;
        return new int[] {p.count, p.high, p.batch};
    }

    /** For invariant checks in tests: pfns on the per-CPU lists of a zone. */
    public List<Integer> pcpPages(int zone) {
        List<Integer> out = new ArrayList<>();
        for (var l : zones[zone].pcp.lists) {
            l.forEach(out::add);
        }
        return out;
    }

    /** For invariant checks in tests: every free block head of a zone as {pfn, order, listType}. */
    public List<long[]> freeBlocks(int zone) {
        List<long[]> out = new ArrayList<>();
        BuddyZone bz = zones[zone];
        for (int o = 0; o < MAX_ORDER; o++) {
            for (int t = 0; t < MIGRATE_TYPES; t++) {
                final int order = o;
                final int type = t;
                bz.freeArea[o].freeList[t].forEach(p -> out.add(new long[] {p, order, type}));
            }
        }
        return out;
    }
}
