package org.kmemlab.slab;

import org.kmemlab.api.Gfp;
import org.kmemlab.api.MemMap;
import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.PageFlags;
import org.kmemlab.api.PhysMem;
import org.kmemlab.api.Profile;
import org.kmemlab.api.Zone;

/**
 * What every slab allocator needs from the machine: pages from whatever {@code buddy} module is bound,
 * the direct-map address of a page, object memory, and the NR_SLAB_* zone counters.
 */
public final class SlabPages {
    public final Profile profile;
    public final MemMap map;
    public final PageAllocator buddy;
    public final PhysMem phys;
    /** sizeof(void *). */
    public final int wordSize;

    public SlabPages(PhysMem phys, PageAllocator buddy) {
        this.profile = phys.profile();
        this.map = phys.memMap();
        this.buddy = buddy;
        this.phys = phys;
        this.wordSize = profile.is64 ? 8 : 4;
    }

    /** page_address() of a lowmem page. */
    public long pageAddress(long pfn) {
        long v = profile.pageOffset + (pfn << profile.pageShift);
        return profile.is64 ? v : v & 0xffffffffL;
    }

    /** __pa() of a direct-map address, or -1 when it is not one. */
    public long pa(long va) {
        long v = profile.is64 ? va : va & 0xffffffffL;
        if (Long.compareUnsigned(v, profile.pageOffset) < 0) {
            return -1;
        }
        long pa = v - profile.pageOffset;
        return Long.compareUnsigned(pa, profile.maxLowPfn << profile.pageShift) < 0 ? pa : -1;
    }

    /** virt_to_page(), or -1 for an address outside the direct map. */
    public long virtToPfn(long va) {
        long pa = pa(va);
        return pa < 0 ? -1 : pa >>> profile.pageShift;
    }

    /** virt_to_head_page(). */
    public long virtToHeadPfn(long va) {
        long pfn = virtToPfn(va);
        return pfn < 0 ? -1 : PageFlags.headOf(map, pfn);
    }

    /** A word of object memory (a free pointer), read through the direct map. */
    public long readWord(long va) {
        long v = phys.read(pa(va), wordSize);
        return v;
    }

    public void writeWord(long va, long value) {
        phys.write(pa(va), wordSize, value);
    }

    public int readByte(long va) {
        return phys.readByte(pa(va));
    }

    public void fill(long va, int b, long n) {
        if (n > 0) {
            phys.fill(pa(va), b, n);
        }
    }

    /** alloc_pages() for a slab: head pfn or -1. */
    public long allocPages(int gfp, int order) {
        return buddy.allocPages(gfp, order);
    }

    /** __free_pages() of a slab whose struct page fields are already reset: drop the last reference. */
    public void freePages(long pfn, int order) {
        map.setCount(pfn, 0);
        buddy.freePages(pfn, order, false);
    }

    /** mod_zone_page_state(zone, NR_SLAB_RECLAIMABLE or NR_SLAB_UNRECLAIMABLE, delta). */
    public void accountSlab(long pfn, boolean reclaimable, long pages) {
        Zone z = phys.zones().get(map.zoneIdx(pfn));
        z.vmStat[reclaimable ? Zone.NR_SLAB_RECLAIMABLE : Zone.NR_SLAB_UNRECLAIMABLE] += pages;
    }

    /** put_page() of a compound page's head (kfree of a kmalloc_large block): the last reference frees it. */
    public void putCompound(long head) {
        int c = map.count(head) - 1;
        map.setCount(head, c);
        if (c == 0) {
            buddy.freePages(head, PageFlags.compoundOrder(map, head), false);
        }
    }

    /** get_order(size). */
    public static int getOrder(Profile profile, long size) {
        long pages = (size - 1) >> profile.pageShift;
        int order = 0;
        while (pages > 0) {
            order++;
            pages >>= 1;
        }
        return order;
    }

    /** __GFP_COMP for order > 0. */
    public static int compFor(int order) {
        return order > 0 ? Gfp.__GFP_COMP : 0;
    }
}
