package org.kmemlab.buddy;

import static org.kmemlab.api.MigrateType.MIGRATE_MOVABLE;
import static org.kmemlab.api.MigrateType.MIGRATE_RECLAIMABLE;
import static org.kmemlab.api.MigrateType.MIGRATE_RESERVE;
import static org.kmemlab.api.MigrateType.MIGRATE_UNMOVABLE;
import static org.kmemlab.api.Profile.MAX_ORDER;

import java.util.Map;

import org.kmemlab.api.EventBus;
import org.kmemlab.api.MemMap;
import org.kmemlab.api.PageFlags;
import org.kmemlab.api.Zone;

/**
 * One zone's buddy state: free_area[MAX_ORDER], pageblock migrate types and the per-CPU pageset.
 * The list algorithms of mm/page_alloc.c live here under their kernel names.
 */
final class BuddyZone {
    /** fallbacks[][]: the order __rmqueue_fallback tries other types in (RESERVE only as last resort). */
    static final int[][] FALLBACKS = {
        {MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE},
        {MIGRATE_UNMOVABLE, MIGRATE_MOVABLE},
        {MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE},
    };

    final Zone zone;
    final MemMap map;
    final FreeArea[] freeArea = new FreeArea[MAX_ORDER];
    final PerCpuPages pcp;
    /** Migrate type per pageblock, indexed by pfn >> pageblockOrder (absolute, not zone-relative). */
    private final byte[] pageblockFlags;
    final int pageblockOrder;
    /** page_group_by_mobility_disabled or the mobility switch off: one list per order. */
    final boolean grouping;
    private final EventBus events;
    /** The zone's pfn range, copied out of Zone for the merge loop. */
    private final long zoneStart;
    private final long zoneEnd;

    BuddyZone(Zone zone, MemMap map, int pageblockOrder, boolean grouping, EventBus events) {
        this.zone = zone;
        this.map = map;
        this.pageblockOrder = pageblockOrder;
        this.grouping = grouping;
        this.events = events;
        this.zoneStart = zone.startPfn;
        this.zoneEnd = zone.endPfn();
        for (int o = 0; o < MAX_ORDER; o++) {
            freeArea[o] = new FreeArea(map);
        }
        pcp = new PerCpuPages(map);
        long blocks = zone.spannedPages == 0 ? 0 : ((zone.endPfn() - 1) >> pageblockOrder) - (zone.startPfn >> pageblockOrder) + 1;
        pageblockFlags = new byte[(int) blocks];
        // memmap_init_zone: every pageblock starts MIGRATE_MOVABLE
        java.util.Arrays.fill(pageblockFlags, (byte) (grouping ? MIGRATE_MOVABLE : MIGRATE_UNMOVABLE));
    }

    int getPageblockMigratetype(long pfn) {
        return pageblockFlags[(int) ((pfn >> pageblockOrder) - (zone.startPfn >> pageblockOrder))];
    }

    void setPageblockMigratetype(long pfn, int mt) {
        pageblockFlags[(int) ((pfn >> pageblockOrder) - (zone.startPfn >> pageblockOrder))] = (byte) mt;
    }

    int pageblockCount(int mt) {
        int n = 0;
        for (byte b : pageblockFlags) {
            if (b == mt) {
                n++;
            }
        }
        return n;
    }

    /** set_page_order(): mark a free block head. */
    void setPageOrder(long pfn, int order) {
        map.setPriv(pfn, order);
        map.set(pfn, PageFlags.PG_buddy);
    }

    /** rmv_page_order(). */
    void rmvPageOrder(long pfn) {
        map.clear(pfn, PageFlags.PG_buddy);
        map.setPriv(pfn, 0);
    }

    /** page_is_buddy(): same zone (so pfn_valid too), PG_buddy, same order. */
    boolean pageIsBuddy(long buddy, int order) {
        if (buddy < zoneStart || buddy >= zoneEnd) {
            return false;
        }
        return map.test(buddy, PageFlags.PG_buddy) && map.priv(buddy) == order;
    }

    /** __rmqueue_smallest(): the smallest free block of the exact type that fits, split by expand(). */
    long rmqueueSmallest(int order, int mt) {
        for (int cur = order; cur < MAX_ORDER; cur++) {
            FreeArea area = freeArea[cur];
            if (area.nrFree == 0) {
                continue; // cheaper than looking at the list when the whole order is empty
            }
            int page = area.freeList[mt].first();
            if (page == MemMap.NIL) {
                continue;
            }
            map.listDel(page);
            rmvPageOrder(page);
            area.nrFree--;
            expand(page, order, cur, mt);
            return page;
        }
        return -1;
    }

    /** expand(): split a block of order high down to low; upper halves go to the heads of the lower lists. */
    void expand(long page, int low, int high, int mt) {
        long size = 1L << high;
        while (high > low) {
            high--;
            size >>= 1;
            FreeArea area = freeArea[high];
            area.freeList[mt].add(page + size);
            area.nrFree++;
            setPageOrder(page + size, high);
        }
    }

    /** __rmqueue(): exact type, then fallback types, then MIGRATE_RESERVE. */
    long rmqueue(int order, int mt) {
        if (!grouping) {
            return rmqueueSmallest(order, MIGRATE_UNMOVABLE);
        }
        long page = rmqueueSmallest(order, mt);
        if (page < 0 && mt != MIGRATE_RESERVE) {
            page = rmqueueFallback(order, mt);
            if (page < 0) {
                page = rmqueueSmallest(order, MIGRATE_RESERVE);
            }
        }
        return page;
    }

    /** __rmqueue_fallback(): steal the largest block of another type, possibly the whole pageblock. */
    long rmqueueFallback(int order, int startMt) {
        for (int cur = MAX_ORDER - 1; cur >= order; cur--) {
            FreeArea area = freeArea[cur];
            for (int mt : FALLBACKS[startMt]) {
                int page = area.freeList[mt].first();
                if (page == MemMap.NIL) {
                    continue;
                }
                area.nrFree--;
                int migratetype = mt;
                if (cur >= pageblockOrder / 2 || startMt == MIGRATE_RECLAIMABLE) {
                    long pages = moveFreepagesBlock(page, startMt);
                    if (pages >= (1L << (pageblockOrder - 1))) {
                        setPageblockMigratetype(page, startMt);
                    }
                    migratetype = startMt;
                }
                map.listDel(page);
                rmvPageOrder(page);
                if (cur >= pageblockOrder) {
                    changePageblockRange(page, cur, startMt);
                }
                expand(page, order, cur, migratetype);
                if (events.active()) {
                    events.emit("mm_page_alloc_extfrag", Map.of("pfn", (long) page, "alloc_order", order,
                        "fallback_order", cur, "alloc_migratetype", startMt, "fallback_migratetype", mt));
                }
                return page;
            }
        }
        return -1;
    }

    private void changePageblockRange(long page, int order, int mt) {
        long n = 1L << (order - pageblockOrder);
        for (long i = 0; i < n; i++) {
            setPageblockMigratetype(page + (i << pageblockOrder), mt);
        }
    }

    /** move_freepages_block(): move every free block of the pageblock to mt's lists; pages moved. */
    long moveFreepagesBlock(long page, int mt) {
        long nr = 1L << pageblockOrder;
        long start = page & ~(nr - 1);
        long end = start + nr - 1;
        if (start < zone.startPfn || end >= zone.endPfn()) {
            return 0;
        }
        return moveFreepages(start, end, mt);
    }

    /** move_freepages(). */
    long moveFreepages(long start, long end, int mt) {
        long moved = 0;
        long pfn = start;
        while (pfn <= end) {
            if (!map.test(pfn, PageFlags.PG_buddy)) {
                pfn++;
                continue;
            }
            int order = map.priv(pfn);
            FreeArea area = freeArea[order];
            map.listDel(pfn);
            area.freeList[mt].add(pfn);
            pfn += 1L << order;
            moved += 1L << order;
        }
        return moved;
    }

    /** __free_one_page(): coalesce with free buddies while possible, then put the block at the list head. */
    void freeOnePage(long pfn, int order, int mt) {
        long pageIdx = pfn & ((1L << MAX_ORDER) - 1);
        long base = pfn - pageIdx;
        int t = grouping ? mt : MIGRATE_UNMOVABLE;
        while (order < MAX_ORDER - 1) {
            long buddyIdx = pageIdx ^ (1L << order);            // __page_find_buddy
            long buddy = base + buddyIdx;
            if (!pageIsBuddy(buddy, order)) {
                break;
            }
            FreeArea area = freeArea[order];
            map.listDel(buddy);
            area.nrFree--;
            rmvPageOrder(buddy);
            pageIdx &= ~(1L << order);                          // __find_combined_index
            order++;
        }
        long page = base + pageIdx;
        setPageOrder(page, order);
        freeArea[order].freeList[t].add(page);
        freeArea[order].nrFree++;
    }
}
