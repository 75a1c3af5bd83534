package org.kmemlab.student;

import static org.kmemlab.api.Profile.MAX_ORDER;

import java.util.List;

import jakarta.inject.Inject;

import org.kmemlab.api.EventBus;
import org.kmemlab.api.KernelLog;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.MemMap;
import org.kmemlab.api.Mmu;
import org.kmemlab.api.PageAllocSupport;
import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.PageList;
import org.kmemlab.api.PhysMem;
import org.kmemlab.api.VmStat;
import org.kmemlab.api.Zone;

/**
 * The buddy lab, in Java: the zoned buddy allocator of Linux 2.6.34 (mm/page_alloc.c) as kmemlab's {@code buddy}
 * slot, {@code buddy=student}.
 *
 * <p>As it stands the machine boots with it, but it keeps no free lists: every allocation fails cleanly (NULL, with
 * the kernel's "page allocation failure" warning in dmesg()) and every freed block leaks. The TODOs walk through
 * what the kernel does, function by function. examples/plugins/first-fit shows a complete (non-buddy) allocator on
 * the same API, and examples/modules/buddy-simple.js a buddy allocator in JavaScript.
 *
 * <pre>
 *   build:  mvn -q -DskipTests package                        (makes target/buddy-student.jar)
 *   run:    kmemlab run my.js --plugins target --module buddy=student
 *   check:  kmemlab conform --plugins target --module buddy=student
 *   grade:  kmemlab grade examples/homework/buddy-lab examples/homework/buddy-lab/starter-java
 * </pre>
 *
 * What you have: {@code map} is mem_map (struct page of every frame: count, flags, private, lru), {@code zones}
 * the zones (watermarks, vmStat[NR_FREE_PAGES], lowmemReserve), {@code support} the kernel's services around the
 * free lists (prep_new_page, free_pages_prepare with bad_page reports, NR_FREE_PAGES accounting, the allocation
 * failure warning). A {@link PageList} is a list_head of pages linked through page-&gt;lru.
 */
public final class StudentBuddy implements PageAllocator {
    private final MemMap map;
    private final List<Zone> zones;
    private final VmStat vmstat;
    private final EventBus events;
    private final PageAllocSupport support;

    // TODO 1 (struct free_area): every zone has free_area[MAX_ORDER], one list of free blocks and nr_free per order.
    //     struct free_area { struct list_head free_list; unsigned long nr_free; };
    // Here: a PageList[zone][order] (new PageList(map)) and a long[zone][order], made in the constructor.
    // A free block's head page is marked PG_buddy and keeps its order in page->private (set_page_order(),
    // rmv_page_order(): map.set(pfn, PageFlags.PG_buddy), map.setPriv(pfn, order), and their inverses).

    @Inject
    public StudentBuddy(PhysMem phys, MachineConfig config, KernelLog log, VmStat vmstat, EventBus events) {
        this.map = phys.memMap();
        this.zones = phys.zones();
        this.vmstat = vmstat;
        this.events = events;
        this.support = new PageAllocSupport(phys, config, log, vmstat, events);
    }

    /** The mmu slot, when the machine has one (DEBUG_PAGEALLOC unmapping and zeroing go through its page tables). */
    @com.google.inject.Inject(optional = true)
    void setMmu(Mmu mmu) {
        support.setMmu(mmu);
    }

    // ------------------------------------------------------------------ boot

    /**
     * __free_pages_bootmem(): boot hands over 2^order frames. This part is done for you: the frames get _count 0,
     * leave the kernel mapping on a debug kernel and are counted in NR_FREE_PAGES.
     */
    @Override
    public void freeBootmem(long pfn, int order) {
        long n = 1L << order;
        for (long i = 0; i < n; i++) {
            map.setCount(pfn + i, 0);
        }
        if (support.debug()) {
            support.kernelMapPages(pfn, n, false);
        }
        zones.get(map.zoneIdx(pfn)).vmStat[Zone.NR_FREE_PAGES] += n;
        // TODO 2: put the block on the free lists: __free_one_page(pfn, order), written in TODO 5.
        // Until then the block leaks: the machine boots, but nothing can be allocated.
    }

    /** Boot is over; the kernel sets up per-CPU lists and migrate reserves here. Nothing to do in this lab. */
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
     * __alloc_pages_nodemask() / get_page_from_freelist(): walk the zonelist from the highest zone gfp_zone(gfp)
     * allows ({@code support.gfpZone(gfp)}) down to ZONE_DMA, skip zones that are not populated or fail
     * zone_watermark_ok() (free pages after the allocation must stay above the min watermark plus
     * lowmem_reserve[classzone]; a __GFP_HIGH caller may dip below min), and take the block from the first zone
     * that has one (TODO 3: buffered_rmqueue). When no zone has one: {@code support.allocFailed(gfp, order)}.
     */
    private long allocPagesNodemask(int gfp, int order) {
        if (order >= MAX_ORDER) {
            return support.allocFailed(gfp, order);
        }
        // TODO 3: the zonelist walk described above, calling bufferedRmqueue(zone, order, gfp).
        return support.allocFailed(gfp, order);
    }

    /**
     * buffered_rmqueue(): __rmqueue_smallest() takes the block off the free lists (TODO 4), then
     * {@code support.accountAlloc(page, order)} (NR_FREE_PAGES), {@code vmstat.pgalloc[zone] += 1 << order}, and
     * {@code support.prepNewPage(page, order, gfp)} (true: a bad page, already reported: leak it and try again).
     * Emit the tracepoint as the kernel does: {@code if (events.active()) events.emit("mm_page_alloc", Map.of("pfn",
     * page, "order", order, "gfp_flags", gfp, "migratetype", 0))}.
     */
    @SuppressWarnings("unused")
    private long bufferedRmqueue(int zone, int order, int gfp) {
        // TODO 4 (__rmqueue_smallest + expand): find the smallest order >= order with a free block, take its head
        // off the list (list_del, nr_free--, rmv_page_order), then expand(): while the block is larger than asked,
        // halve it and put the UPPER half on the free list one order down (set_page_order, nr_free++). The lowest
        // 2^order frames are handed out.
        return -1;
    }

    // ------------------------------------------------------------------ freeing

    @Override
    public void freePages(long pfn, int order, boolean cold) {
        support.begin();
        freePagesOk(pfn, order);
        support.raiseIfReported();
    }

    /**
     * __free_pages_ok(): {@code support.freePagesPrepare(pfn, order, PageAllocSupport.FREE_OK_TRACE)} runs the
     * free-time checks and counts the frames back in NR_FREE_PAGES (false: a bad page, reported: leak the block);
     * then __free_one_page() (TODO 5) and, if events.active(), the "mm_page_free_direct" event (pfn, order).
     */
    private void freePagesOk(long pfn, int order) {
        if (!support.freePagesPrepare(pfn, order, PageAllocSupport.FREE_OK_TRACE)) {
            return;
        }
        // TODO 5 (__free_one_page): while order < MAX_ORDER - 1, find the buddy (__page_find_buddy: pfn ^ (1 << order));
        // stop unless it is in the same zone, PG_buddy and of the same order (page_is_buddy); otherwise take it off
        // its list (nr_free--, rmv_page_order), combine (__find_combined_index: pfn & ~(1 << order)) and go up one
        // order. Finally set_page_order on the combined head and add it to free_area[order] (nr_free++).
        // Until then the block leaks.
    }

    /** drain_all_pages(): no per-CPU lists in this lab. */
    @Override
    public void drainAllPages() {
    }

    // ------------------------------------------------------------------ views

    /** free_area[order].nr_free of a zone (/proc/buddyinfo). TODO 6: return your count. */
    @Override
    public long nrFree(int zone, int order) {
        return 0;
    }

    /** Per-CPU list state {count, high, batch}: no per-CPU lists, with the high and batch setup_pageset() would give. */
    @Override
    public int[] pcp(int zone) {
        int batch = Zone.zoneBatchsize(zones.get(zone).presentPages, 4096);
        return new int[] {0, 6 * batch, Math.max(1, batch)};
    }
}
